"""Schemathesis' NDJSON report (`--report ndjson`, its event stream) is a capture `check`
reads: the exchanges in each ScenarioFinished event, as its HAR and its cassette hold them.
The report drops each response's Date header, which is then not judged."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import strategies as arena
from arena_contract.captures import files as capture_files
from arena_contract.captures import read_bytes, read_capture_file
from arena_contract.validate import Validator
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data" / "captures"
#: Schemathesis 4.32 with the hooks against `arena-contract serve`: nine answers of the
#: run list, a run and its content files (the session id filtered by Schemathesis).
REAL = DATA / "schemathesis-events.ndjson"
RUNS_URL = "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs"
START = {"Initialize": {"command": "st run", "schemathesis_version": "4.32.5", "seed": 1}}
HEADERS = {
    "content-type": ["application/json;charset=UTF-8"],
    "server": ["ArenaSolutions"],
    "x-arena-requests-remaining": ["994"],
    "x-arena-next-request-limit-reset": ["Tue, 08-Dec-2026 00:00:00 GMT-0800 (PST)"],
}


def b64(data: bytes) -> dict[str, str]:
    return {"$base64": base64.b64encode(data).decode()}


def interaction(body: bytes | None, *, url: str = RUNS_URL, **response) -> dict:
    answer = {"status_code": 200, "headers": {**HEADERS}, "elapsed": 0.01, **response}
    if body is not None:
        answer["content"] = b64(body)
        answer["headers"]["content-length"] = [str(len(body))]
    request = {"method": "GET", "uri": url, "headers": {"arena_session_id": ["[Filtered]"]}}
    return {"request": request, "response": answer, "timestamp": "1796698228.92"}


def stream(*interactions: dict, start: dict = START) -> bytes:
    """An event stream: Initialize, events without exchanges, and one scenario."""
    scenario = {
        "id": "df26",
        "status": "success",
        "recorder": {"label": "GET /runs", "interactions": dict(enumerate(interactions))},
    }
    events = [
        start,
        {"SuiteStarted": {"id": "a1", "phase": "fuzzing"}},
        {"ScenarioStarted": {"id": "df26", "label": "GET /runs"}},
        {"ScenarioFinished": scenario},
        {"EngineFinished": {"running_time": 1.5}},
    ]
    return b"".join(json.dumps(event).encode() + b"\n" for event in events)


def findings(data: bytes, path: str = "r.ndjson"):
    capture = read_bytes(data, path=path)
    validator = Validator()
    return capture, [f for e in capture.exchanges for f in validator.check(e).findings]


def test_schemathesis_own_report_is_read_and_conforms():
    ran = run_cli("check", "--format", "json", REAL)
    document = ran.json()
    [file] = document["files"]
    assert (ran.code, file["format"], file["error"]) == (0, "schemathesis-ndjson", None)
    assert len(file["exchanges"]) == 9
    assert not [f for e in file["exchanges"] for f in e["findings"]]
    assert "[Filtered]" not in ran.out


def test_the_date_the_report_drops_is_not_judged_and_the_other_headers_are():
    capture, found = findings(REAL.read_bytes(), str(REAL))
    assert not found and all(e.unrecorded == {"date"} for e in capture.exchanges)
    # A Server header that is not Arena's is still seen.
    bad = stream(interaction(b'{"count": 0, "results": []}'))
    bad = bad.replace(b'"ArenaSolutions"', b'"nginx"')
    _, found = findings(bad)
    assert [f.rule for f in found] == ["header.server"]


@given(arena.run_lists())
def test_every_interaction_of_a_scenario_is_an_exchange_with_its_exact_body(runs):
    body = json.dumps(runs).encode()
    capture, found = findings(stream(interaction(body), interaction(body + b" ")))
    assert capture.format == "schemathesis-ndjson" and not capture.error
    assert [e.text for e in capture.exchanges] == [body, body + b" "]
    assert [e.origin for e in capture.exchanges] == ["r.ndjson#line 4/0", "r.ndjson#line 4/1"]
    assert all(e.request.url == RUNS_URL for e in capture.exchanges)
    assert not [f for f in found if f.severity == "error"], found


@given(st.binary(max_size=200), st.integers(1, 10_000))
def test_a_body_the_report_kept_in_part_is_one_note(kept, more):
    size = len(kept) + more
    capture, found = findings(stream(interaction(kept, content_size=size)))
    [exchange] = capture.exchanges
    assert exchange.truncated == (
        f"the report kept {len(kept)} of the body's {size} bytes (content_size)"
    )
    assert [f.rule for f in found] == ["body.recorded"]


def test_what_holds_no_exchange_of_the_contract_is_passed_over():
    other = interaction(b"{}", url="https://api.arenasolutions.com/v1/items")
    no_answer = interaction(None)
    del no_answer["response"]
    capture, _ = findings(stream(other, no_answer, interaction(b'{"count": 0, "results": []}')))
    assert len(capture.exchanges) == 1 and not capture.error


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ({"content": {"$base64": "not base64!"}}, "response.content.$base64 is not valid base64"),
        ({"content": "eyJ9"}, "response.content is a string, expected an object"),
        ({"status_code": "x"}, "response.status_code"),
        ({"content_size": "12"}, "response.content_size is not a number of bytes"),
        ({"content_size": -1}, "response.content_size is not a number of bytes"),
        ({"content_size": True}, "response.content_size is not a number of bytes"),
    ],
)
def test_a_broken_interaction_is_one_problem_naming_its_line_and_case(broken, said):
    good = interaction(b'{"count": 0, "results": []}')
    bad = interaction(b"{}")
    bad["response"].update(broken)
    capture = read_bytes(stream(good, bad), path="r.ndjson")
    assert len(capture.exchanges) == 1
    assert capture.error.startswith("r.ndjson: line 4: interaction 1: ") and said in capture.error


def test_a_line_that_is_no_event_is_a_problem():
    data = stream(interaction(b'{"count": 0, "results": []}')) + b'{"a": 1, "b": 2}\n'
    capture = read_bytes(data, path="r.ndjson")
    assert capture.error == "r.ndjson: line 6: not a Schemathesis event (one name and its data)"


def test_json_lines_of_captures_are_read_as_before():
    # Only a first line that is Schemathesis' Initialize event makes a file its report.
    started = dict(START, Initialize={"command": "st run"})  # no version: not the report
    capture = read_bytes(stream(interaction(b"{}"), start=started), path="r.ndjson")
    assert capture.format == "jsonl"
    assert 'not a capture object (needs "request" and "response")' in capture.error


def test_a_large_report_is_streamed_with_the_same_result(tmp_path, monkeypatch):
    data = REAL.read_bytes()
    whole = read_bytes(data, path="r.ndjson")
    path = tmp_path / "report.ndjson"
    path.write_bytes(data)
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 1000)
    streamed = read_capture_file(str(path))
    assert streamed.format == "schemathesis-ndjson"
    texts = [e.text for e in streamed.exchanges]  # read as iterated
    assert texts == [e.text for e in whole.exchanges] and streamed.error is None


def test_a_github_annotation_points_at_the_line_of_the_scenario(tmp_path):
    body = b'{"count": 0, "results": []}'
    path = tmp_path / "r.ndjson"
    path.write_bytes(
        stream(interaction(body), interaction(body)).replace(b'"ArenaSolutions"', b'"x"')
    )
    ran = run_cli("check", "--format", "github", path)
    [annotation] = [line for line in ran.out.splitlines() if line.startswith("::")]
    assert ran.code == 0 and ",line=4,title=header.server::" in annotation


def test_a_scenario_over_the_line_limit_is_one_problem_pointing_at_the_har(monkeypatch):
    from arena_contract.captures import lines

    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 2000)
    big = interaction(b'{"count": 0, "results": []}' + b" " * 3000)
    capture = read_bytes(stream(interaction(b'{"count": 0, "results": []}'), big), path="r.ndjson")
    assert capture.error == (
        "r.ndjson: line 4: over the 2 KiB limit per line; its --report har is read in "
        "bounded memory whatever its size"
    )


#: The other reports Schemathesis writes beside these (`--report json`, `--report wfc`), of
#: one run against `arena-contract serve`: no exchanges, and nothing Arena ever sends.
REPORTS = {
    "schemathesis-run-report.json": "Schemathesis' JSON run report (--report json)",
    "schemathesis-wfc-report.json": "a Web Fuzzing Commons report (Schemathesis' --report wfc)",
    "schemathesis-allure-result.json": "an Allure test result (Schemathesis' --report allure)",
}


@pytest.mark.parametrize("command", ["check", "infer", "drift"])
def test_schemathesis_other_reports_in_its_directory_are_passed_over(tmp_path, command):
    # Judged as run-list bodies, they gave 4 errors and 27 warnings: `check` of the
    # directory Schemathesis writes failed on reports that hold no response at all.
    folder = tmp_path / "schemathesis-report"
    folder.mkdir()
    for name in [*REPORTS, "schemathesis-events.ndjson"]:
        (folder / name).write_bytes((DATA / name).read_bytes())
    args = {"check": [folder], "infer": [folder, "-o", "-"], "drift": ["--spec", folder]}
    ran = run_cli(command, *args[command])
    assert ran.code == 0, ran.out + ran.err
    said = ran.out + ran.err
    for name, what in REPORTS.items():
        assert f"{folder / name}: {what} among captures; skipped" in said


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_what_only_looks_like_those_reports_is_checked(tmp_path, name):
    document = json.loads((DATA / name).read_text("utf-8"))
    for key in ("operations", "faults", "historyId"):
        document.pop(key, None)
    path = tmp_path / "body.json"
    path.write_text(json.dumps(document), "utf-8")
    ran = run_cli("check", path)
    assert ran.code == 1 and "skipped" not in ran.out


def test_a_long_test_case_id_is_clipped_in_origins_and_messages():
    case = "C" * 5000
    data = stream(interaction(b'{"count": 0, "results": []}')).replace(
        b'"0": {', f'"{case}": {{'.encode()
    )
    [exchange] = read_bytes(data, path="r.ndjson").exchanges
    assert exchange.origin == "r.ndjson#line 4/" + "C" * 40 + "…"
