"""Recorded bodies in every encoding a recorder keeps: stacked Content-Encodings undone in
order, a gzip stream followed by junk or cut short reported (not passed silently), base64
with MIME line breaks accepted; JSON Lines read line by line under a cap per line."""

from __future__ import annotations

import base64
import gzip
import json
import zlib

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.captures import read_bytes
from arena_contract.captures.lines import MAX_LINE_BYTES, lines
from tests.helpers import arena_headers, har_entry

URL = "https://api.arenasolutions.com/v1/imports/FE67A3D57DAF4293A1FF/runs"
BODY = json.dumps({"count": 0, "results": []}).encode()
CODERS = {"gzip": gzip.compress, "deflate": zlib.compress}


def har_with(data: bytes, coding: str, *, mime: bool = False) -> bytes:
    text = base64.b64encode(data).decode()
    if mime:
        text = "\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))
    headers = {**arena_headers(BODY), "Content-Encoding": coding}
    entry = har_entry(URL, "", headers)
    entry["response"]["content"].update(text=text, encoding="base64")
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()


def exchange_of(data: bytes):
    capture = read_bytes(data, path="t.har")
    assert capture.ok, capture.error
    [exchange] = list(capture.exchanges)
    return exchange


@given(
    codings=st.lists(st.sampled_from(["gzip", "deflate"]), min_size=1, max_size=3),
    mime=st.booleans(),
)
def test_stacked_encodings_are_undone_in_order(codings, mime):
    data = BODY
    for coding in codings:  # applied in the order the header lists them
        data = CODERS[coding](data)
    exchange = exchange_of(har_with(data, ", ".join(codings), mime=mime))
    assert exchange.body_error is None and exchange.body == {"count": 0, "results": []}


@given(codings=st.lists(st.sampled_from(["gzip", "deflate", "identity"]), min_size=1, max_size=3))
def test_a_body_the_recorder_decoded_keeps_the_header_harmlessly(codings):
    exchange = exchange_of(har_with(BODY, ", ".join(codings)))
    assert exchange.body_error is None


@given(junk=st.binary(min_size=1, max_size=20).filter(lambda b: not b.startswith(b"\x1f\x8b")))
def test_gzip_followed_by_junk_is_reported(junk):
    exchange = exchange_of(har_with(gzip.compress(BODY) + junk, "gzip"))
    assert exchange.body_error and "after its gzip stream" in exchange.body_error


@given(cut=st.integers(1, 8))
def test_gzip_cut_short_is_reported(cut):
    exchange = exchange_of(har_with(gzip.compress(BODY)[:-cut], "gzip"))
    assert exchange.body_error and "gzip" in exchange.body_error


def test_gzip_members_one_after_another_are_one_body():
    half = len(BODY) // 2
    data = gzip.compress(BODY[:half]) + gzip.compress(BODY[half:])
    assert exchange_of(har_with(data, "gzip")).body == {"count": 0, "results": []}


def capture_line(text: str) -> bytes:
    item = {"request": {"method": "GET", "url": URL}, "response": {"status": 200, "text": text}}
    return json.dumps(item).encode() + b"\n"


def test_a_jsonl_line_over_the_cap_is_one_problem_and_the_others_are_read():
    huge = capture_line("x" * (MAX_LINE_BYTES + 10))
    data = capture_line(BODY.decode()) + huge + capture_line(BODY.decode())
    capture = read_bytes(data, path="t.jsonl")
    assert len(list(capture.exchanges)) == 2
    assert capture.problems == [
        f"t.jsonl: line 2: over the {MAX_LINE_BYTES >> 20} MiB limit per line"
    ]


@given(
    sizes=st.lists(st.integers(0, 40), min_size=1, max_size=8),
    limit=st.integers(5, 30),
    final_newline=st.booleans(),
)
def test_lines_reads_each_line_under_its_cap(sizes, limit, final_newline):
    import io

    text = b"\n".join(b"a" * n for n in sizes) + (b"\n" if final_newline else b"")
    got = list(lines(io.BytesIO(text), limit))
    expected = text.split(b"\n")
    if final_newline or expected[-1] == b"":
        expected = expected[:-1] if expected and expected[-1] == b"" else expected
    assert [n for n, _ in got] == list(range(1, len(expected) + 1))
    for (_, line), want in zip(got, expected, strict=True):
        assert line is None if len(want) > limit else line == want
