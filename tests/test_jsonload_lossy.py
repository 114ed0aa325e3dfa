"""The big-integer check of jsonload: orjson turns an integer it cannot hold (below -2**63,
from 2**64) into a float, and writes every float of 1e16 or more with 'e+'; so a round trip
without '+' holds no such integer, and the byte scan for 19-digit runs is skipped. These
tests hold each premise, and the findings (exact values) either way."""

from __future__ import annotations

import json
import math

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import jsonload
from arena_contract.jsonload import parse_json

lossy_integers = st.integers(min_value=2**64, max_value=10**400) | st.integers(
    min_value=-(10**400), max_value=-(2**63) - 1
)
#: Text around a number: letters, digits, '+' and ':' included (a '+' only costs the scan).
texts = st.text(alphabet="ab+:0123456789 é", max_size=30)


@given(st.floats(min_value=2.0**63, allow_infinity=False), st.booleans())
def test_orjson_writes_every_float_a_lossy_integer_becomes_with_a_plus(x: float, negative: bool):
    assert b"+" in orjson.dumps(-x if negative else x)


@given(lossy_integers, texts)
def test_an_integer_orjson_cannot_hold_stays_exact(value: int, text: str):
    if len(str(abs(value))) > 4300:
        return
    data = json.dumps({"note": text, "totalCount": value, "x": 1.5}, ensure_ascii=False).encode()
    parsed = parse_json(data, origin="x")
    assert parsed["totalCount"] == value and type(parsed["totalCount"]) is int


def _no_stdlib(*args: object, **kwargs: object) -> None:
    raise AssertionError("the stdlib path was taken")


@given(
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.integers(min_value=10**18, max_value=10**40),
    texts,
)
def test_long_digit_runs_without_a_lossy_integer_skip_the_exact_path(
    held: int, digits: int, text: str
):
    """19 digits and more (an integer orjson holds, a long float, digits in a string): the
    same values as the stdlib parser, without its path."""
    long_float = f"0.{digits}" if digits % 2 else f"{digits}.5e-30"
    data = (f'{{"n": {held}, "f": {long_float}, "s": "{digits}{text}", "k:{digits}": 1}}').encode()
    with pytest.MonkeyPatch.context() as patch:
        if b"+" not in orjson.dumps(orjson.loads(data)):
            patch.setattr(jsonload, "_parse_stdlib", _no_stdlib)
        parsed = parse_json(data, origin="x")
    expected = json.loads(data)
    assert parsed == expected
    assert math.copysign(1, parsed["f"]) == math.copysign(1, expected["f"])


def test_a_duplicate_key_beside_a_long_digit_run_is_still_found():
    with pytest.raises(jsonload.JsonError) as caught:
        parse_json(b'{"n": 1234567890123456789, "n": 2}', origin="x")
    assert caught.value.kind == "duplicate" and caught.value.pointer == "/n"
