"""Header names are case-insensitive (Arena's May 2023 notice, api-landing.md): every spelling
of the documented headers reads the same in check (JSON captures and HAR), drift and the
probe's budget, and the mock takes its session header in any case."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.cli import main
from arena_contract.drift import drift_from_contract, infer
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.live.budget import Budget
from arena_contract.mock import FakeClock, MockArena
from tests.helpers import DATA, arena_headers, har_entry

_BODY = (DATA / "page-sample.json").read_bytes()
#: Arena's sample page with the six documented headers, the reset in the documented form.
CAPTURE = {
    "request": {
        "method": "GET",
        "url": "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
        "headers": {"arena_session_id": "redacted", "Content-Type": "application/json"},
    },
    "response": {
        "status": 200,
        "headers": arena_headers(_BODY),
        "text": _BODY.decode("utf-8"),
    },
}
RESET = "Fri, 17-Sep-2021 00:00:00 GMT-0700 (PDT)"


def respell(name: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if flip else c for c, flip in zip(name, flips * 64, strict=False))


spellings = st.lists(st.booleans(), min_size=1, max_size=8)


def respelt_capture(flips: list[bool]) -> dict:
    capture = json.loads(json.dumps(CAPTURE))
    headers = dict(capture["response"]["headers"], **{"X-Arena-Next-Request-Limit-Reset": RESET})
    capture["response"]["headers"] = {respell(k, flips): v for k, v in headers.items()}
    capture["request"]["headers"] = {
        respell(k, flips): v for k, v in capture["request"]["headers"].items()
    }
    return capture


@given(flips=spellings)
def test_check_reads_every_spelling_of_the_headers(tmp_path_factory, flips):
    folder = tmp_path_factory.mktemp("case")
    capture = respelt_capture(flips)
    (folder / "capture.json").write_text(json.dumps(capture), encoding="utf-8")
    response = capture["response"]
    har = {
        "log": {
            "version": "1.2",
            "creator": {"name": "test", "version": "1"},
            "entries": [
                har_entry(capture["request"]["url"], response["text"], response["headers"])
            ],
        }
    }
    (folder / "capture.har").write_text(json.dumps(har), encoding="utf-8")
    for name in ("capture.json", "capture.har"):
        assert main(["check", "-q", str(folder / name)]) == 0, name


def exchange(flips: list[bool]) -> Exchange:
    capture = respelt_capture(flips)
    response = capture["response"]
    text = response["text"].encode()
    return Exchange(
        status=200,
        headers=Headers(response["headers"]),
        text=text,
        body=json.loads(text),
        request=Request("GET", capture["request"]["url"], Headers(capture["request"]["headers"])),
    )


@given(flips=spellings)
def test_drift_sees_one_header_whatever_its_spelling(flips):
    shape = infer([exchange(flips), exchange([False])])
    names = {name for group in shape.groups.values() for name in group.headers}
    assert names == {name.lower() for name in CAPTURE["response"]["headers"]}
    report = drift_from_contract(shape)
    assert not [c for c in report.changes if c.location.startswith("header:")], report.changes


@given(flips=spellings)
def test_the_budget_reads_remaining_in_any_spelling(flips):
    budget = Budget(max_requests=10, min_remaining=1)
    name = respell("X-Arena-Requests-Remaining", flips)
    budget.observe(200, Headers([(name, "7")]))
    assert [reading.remaining for reading in budget.readings] == [7]


@given(flips=spellings)
def test_the_mock_takes_its_session_header_in_any_spelling(flips):
    engine = MockArena(clock=FakeClock())
    session = engine.login()
    answer = engine.handle("GET", "/v1/imports", [(respell("arena_session_id", flips), session)])
    assert answer.status == 200
