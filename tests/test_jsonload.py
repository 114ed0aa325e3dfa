"""Strict JSON parsing: every unreadable or ambiguous document is one clear error line."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import jsonload
from arena_contract.jsonload import JsonError, check_encoding, parse_json


def error_for(data: bytes, **kwargs: object) -> JsonError:
    with pytest.raises(JsonError) as info:
        parse_json(data, origin="runs.json", **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith("runs.json: ")
    assert "\n" not in message
    return info.value


def test_parses_a_normal_document() -> None:
    assert parse_json(b'{"count": 1, "results": [{"number": 14}]}', origin="x") == {
        "count": 1,
        "results": [{"number": 14}],
    }


def test_json_error_is_a_value_error_with_detail() -> None:
    error = error_for(b'{"count": 1')
    assert isinstance(error, ValueError)
    assert error.detail == "truncated JSON: unexpected end of data (line 1, column 12)"
    assert (error.line, error.column) == (1, 12)


def test_utf8_bom_is_accepted() -> None:
    assert parse_json(b'\xef\xbb\xbf{"count": 0}', origin="x") == {"count": 0}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'\xff\xfe{\x00"\x00', "UTF-16 LE"),
        (b'\xfe\xff\x00{\x00"', "UTF-16 BE"),
        (b"\xff\xfe\x00\x00{\x00\x00\x00", "UTF-32 LE"),
        (b"\x00\x00\xfe\xff\x00\x00\x00{", "UTF-32 BE"),
    ],
)
def test_utf16_and_utf32_byte_order_marks_are_named(data: bytes, name: str) -> None:
    error = error_for(data)
    assert f"is {name}" in str(error)
    assert error.kind == "encoding"


def test_utf16_without_bom_is_not_text() -> None:
    assert "NUL byte at offset 1" in str(error_for('{"a": 1}'.encode("utf-16-le")))


def test_non_utf8_byte_is_located() -> None:
    error = error_for(b'{"count": 1,\n "name": "caf\xe9"}')
    assert "not UTF-8 (byte 0xe9 at offset 26, line 2, column 14)" in str(error)


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n"])
def test_empty_input(data: bytes) -> None:
    assert str(error_for(data)) == "runs.json: empty file"


def test_what_names_the_input() -> None:
    assert error_for(b"", what="body").detail == "empty body"


def test_truncated_json_gives_line_and_column() -> None:
    error = error_for(b'{\n  "count": 2,\n  "results": [\n')
    assert "truncated JSON" in str(error)
    assert error.line == 4


def test_syntax_error_position() -> None:
    error = error_for(b'{\n  "count": 2,\n}')
    assert str(error) == "runs.json: trailing comma is not allowed (line 2, column 13)"


@pytest.mark.parametrize(
    ("data", "constant", "column"),
    [
        (b'{"count": NaN}', "NaN", 11),
        (b'{"count": Infinity}', "Infinity", 11),
        (b'{"count": -Infinity}', "-Infinity", 11),
    ],
)
def test_nan_and_infinity_are_named(data: bytes, constant: str, column: int) -> None:
    error = error_for(data)
    assert error.detail == f"{constant} is not valid JSON (line 1, column {column})"
    assert error.kind == "constant"


def test_float_overflow() -> None:
    assert "number 1e999 is out of range for a 64-bit float" in str(error_for(b"[1, 1e999]"))


def test_integer_over_4300_digits_is_refused() -> None:
    error = error_for(b'{"totalCount": ' + b"9" * 5000 + b"}")
    assert "integer with 5000 digits is longer than the 4300-digit limit" in str(error)
    assert (error.line, error.column) == (1, 16)


@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, 10**40, -(10**400)])
def test_big_integers_stay_exact(value: int) -> None:
    # orjson would turn these into lossy floats (or refuse them as infinite).
    parsed = parse_json(json.dumps({"totalCount": value, "x": 1.5}).encode(), origin="x")
    assert parsed == {"totalCount": value, "x": 1.5}
    assert type(parsed["totalCount"]) is int


def test_deep_nesting_is_refused_cleanly() -> None:
    error = error_for(b"[" * 100_000 + b"]" * 100_000)
    assert "nested deeper than 1024 levels" in str(error)


def test_duplicate_key_names_key_pointer_and_position() -> None:
    data = (
        b'{\n  "count": 1,\n  "results": [\n'
        b'    {"number": 14, "status": "A", "status": "B"}\n  ]\n}'
    )
    error = error_for(data)
    assert error.kind == "duplicate"
    assert error.pointer == "/results/0/status"
    assert (
        str(error) == 'runs.json: duplicate key "status" at /results/0/status (line 4, column 35)'
    )


def test_duplicate_top_level_key() -> None:
    assert error_for(b'{"count": 1, "count": 2}').pointer == "/count"


def test_duplicate_key_spelled_with_an_escape() -> None:
    assert error_for(b'{"count": 1, "\\u0063ount": 2}').pointer == "/count"


def test_duplicate_key_pointer_is_escaped() -> None:
    assert error_for(b'{"a/b~c": {"k": 1, "k": 2}}').pointer == "/a~1b~0c/k"


def test_duplicate_key_next_to_a_big_integer() -> None:
    error = error_for(b'{"n": 18446744073709551616, "n": 1}')
    assert error.pointer == "/n"


def test_duplicate_key_not_hidden_by_escaped_colons() -> None:
    # The escaped colon is one more colon after the round trip than the raw text shows.
    assert error_for(b'{"a": 1, "a": 2, "x\\u003a": 3}').pointer == "/a"


def test_digits_joined_by_colons_are_not_a_big_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    # The colon count drops ':' from the digit scan; "1234567890:1234567890" is still no
    # 20-digit number, and does not cost the slow exact path.
    def slow_path(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stdlib path was taken")

    monkeypatch.setattr(jsonload, "_parse_stdlib", slow_path)
    data = b'{"ipv6": "2001:0000:1234:0000:0000:1234:5678:9999", "t": "1234567890:1234567890"}'
    assert parse_json(data, origin="x") == json.loads(data)


def test_same_key_in_different_objects_is_fine() -> None:
    data = b'[{"a": 1, "b": {"a": 2}}, {"a": 3}]'
    assert parse_json(data, origin="x") == [{"a": 1, "b": {"a": 2}}, {"a": 3}]


@pytest.mark.parametrize(
    "data",
    [
        b'{"url": "https://x/imports/A:B:C/runs", "t": "12:00:00"}',
        b'{"k\\u003a": 1, "x": 2}',  # an escaped colon lowers the raw count: no false positive
        b'{"k\\\\u003a": 1}',  # a literal backslash-u003a raises it: falls back, still no error
    ],
)
def test_colons_in_strings_are_not_duplicates(data: bytes) -> None:
    assert parse_json(data, origin="x") == json.loads(data)


def test_line_offset_shifts_lines() -> None:
    assert error_for(b'{"a": NaN}', line_offset=11).line == 12


def test_size_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonload, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    error = error_for(b" " * (1024 * 1024 + 1))
    assert str(error) == "runs.json: file is 1,048,577 bytes, over the 1 MiB limit"
    assert error.kind == "size"


def test_gzip_input_is_named() -> None:
    assert "gzip-compressed" in str(error_for(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"))


def test_check_encoding_returns_text_without_bom() -> None:
    assert check_encoding(b"\xef\xbb\xbf[]", origin="x") == b"[]"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_round_trips_any_json(value: object) -> None:
    assert parse_json(json.dumps(value).encode(), origin="x") == value
    if not _has_big_int(value):
        assert parse_json(orjson.dumps(value), origin="x") == value


@given(st.binary(max_size=64))
def test_arbitrary_bytes_raise_only_json_error(data: bytes) -> None:
    try:
        parse_json(data, origin="x")
    except JsonError as error:
        assert "\n" not in str(error)


def _has_big_int(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -(2**63) <= value < 2**64
    if isinstance(value, list):
        return any(_has_big_int(v) for v in value)
    if isinstance(value, dict):
        return any(_has_big_int(v) for v in value.values())
    return False


def test_lone_surrogate_is_refused_on_the_exact_integer_path_too() -> None:
    # A 400-digit integer sends the document to the stdlib, which accepts lone surrogates.
    error = error_for(b"[" + b"9" * 400 + b', "\\ud800"]')
    assert error.detail == "lone UTF-16 surrogate escape in a string (line 1, column 405)"
    assert parse_json(b"[" + b"9" * 400 + b', "\\ud83d\\ude00"]', origin="x")[1] == "😀"


_KEYS = st.sampled_from(["a", "count", "x:y", "t"])
#: Ways a key or a value can be written: raw, with escaped colons, quotes or backslashes.
_SPELLINGS = st.sampled_from(
    ["{}", "{}\\u003a", "{}\\u003A", '{}\\"', "{}\\\\", "\\u0061{}", "{}:"]
)


@given(st.lists(st.tuples(_KEYS, _SPELLINGS, _SPELLINGS), min_size=1, max_size=6), st.booleans())
def test_a_repeated_key_is_found_however_the_body_is_written(members: list, repeat: bool) -> None:
    # Escaped colons, quotes and backslashes anywhere, a body with no backslash at all (the
    # memchr shortcut): a dropped key is never missed, and no key is reported dropped.
    parts = []
    for number, (key, key_form, value_form) in enumerate(members):
        name = key_form.format(f"{key}{number}")
        parts.append(f'"{name}": "{value_form.format(number)}"')
    if repeat:
        parts.append(parts[0].replace('": "', '": "again ', 1))
    data = ("{" + ", ".join(parts) + "}").encode()
    if repeat:
        assert error_for(data).kind == "duplicate"
    else:
        assert parse_json(data, origin="x") == json.loads(data)
