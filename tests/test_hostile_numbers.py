"""Numbers read from headers, query strings and capture fields: whatever the text, a finding
or a refused record ("not a number"), never an ``internal`` finding or a traceback.

``str.isdigit()`` accepts ``²`` and ``５``, ``int()`` accepts ``٣`` and ``+5`` and refuses
more than 4,300 digits with an exception; numbers.parse_count is the one reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import validate_response
from arena_contract.drift.compare import error_code_changes
from arena_contract.validate import clip
from tests import fuzz_inputs as fi
from tests.helpers import RUNS_URL, arena_headers, load

#: Every Unicode digit-like character (decimal digits of every script, superscripts,
#: circled and fraction digits...), in runs, signed, or mixed with ASCII digits.
unicode_digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6)
not_a_count = (
    unicode_digits.filter(lambda t: not (t.isascii() and t.isdigit()))
    | st.builds(lambda sign, n: f"{sign}{n}", st.sampled_from("+-"), st.integers(0, 10**6))
    | st.builds(lambda a, b: f"{a}{b}", st.integers(0, 99), unicode_digits).filter(
        lambda t: not t.isascii()
    )
    | st.integers(19, 6000).map(lambda n: "9" * n)
    | st.sampled_from(["²", "５", "٣", "١", "+1", "5_0", "0x10", "1e3", "5.0", "", " "])
)
NUMERIC_HEADERS = [
    ("header.content-length", "Content-Length"),
    ("header.requests-remaining", "X-Arena-Requests-Remaining"),
]


def _body() -> bytes:
    """A conforming page of two runs."""
    page = load("page-sample.json")
    [run] = page["results"]
    second = {**run, "guid": "R9TCQNRT4L47Q9VQWUF9", "number": run["number"] + 1}
    return json.dumps({**page, "count": 2, "results": [run, second]}).encode()


@given(value=not_a_count)
@pytest.mark.parametrize(("rule", "header"), NUMERIC_HEADERS)
def test_a_numeric_header_that_is_not_ascii_digits_is_a_finding(rule, header, value):
    body = _body()
    report = validate_response(200, arena_headers(body, **{header: value}), body, request=RUNS_URL)
    assert not [f for f in report.findings if f.rule == "internal"], report.findings
    [finding] = [f for f in report.findings if f.rule == rule]
    assert "not a" in finding.message and finding.actual == clip(value)


@given(value=not_a_count.filter(lambda v: not v.startswith("+")))  # "+" is a space in a query
def test_query_counts_that_are_not_ascii_digits_are_not_read_as_numbers(value):
    """``limit=١`` is not a limit of 1: the page (2 runs) is judged by the default size."""
    body = _body()
    for name in ("limit", "offset"):
        url = f"{RUNS_URL}?{name}={value}"
        report = validate_response(200, arena_headers(body), body, request=url)
        assert report.findings == [], report.findings


@pytest.mark.parametrize("value", ["²", "５", "٣", "+5", "9" * 5000])
@pytest.mark.parametrize(("rule", "header"), NUMERIC_HEADERS)
def test_check_reports_them_as_findings(tmp_path: Path, rule, header, value):
    capture = json.loads(fi.SEEDS["tests/data/captures/run-list.capture.json"])
    capture["response"]["headers"][header] = value
    path = tmp_path / "capture.json"
    path.write_text(json.dumps(capture, ensure_ascii=False), encoding="utf-8")
    report = fi.assert_well_behaved(fi.check(path), files=1)
    [exchange] = report["files"][0]["exchanges"]
    rules = [f["rule"] for f in exchange["findings"]]
    assert rule in rules and "internal" not in rules


@given(code=not_a_count)
def test_a_cassette_status_code_that_is_not_ascii_digits_is_a_bad_record(tmp_path_factory, code):
    cassette = fi.SEEDS["tests/data/captures/schemathesis-report.yaml"].decode()
    assert "code: '200'" in cassette
    path = tmp_path_factory.mktemp("c") / "cassette.yaml"
    quoted = json.dumps(code, ensure_ascii=False)  # a YAML double-quoted string
    path.write_text(cassette.replace("code: '200'", f"code: {quoted}", 1), "utf-8")
    report = fi.assert_well_behaved(fi.check(path), files=1)
    assert "response.status.code" in report["files"][0]["error"]


@given(codes=st.sets(not_a_count | st.integers(-(10**6), 10**6).map(str), max_size=5))
def test_drift_sorts_error_codes_of_any_form(codes):
    changes = list(error_code_changes("bad-guid", {"3011"}, codes | {"3012"}))
    assert changes and all(isinstance(c.after, (int, str, list)) for c in changes)
