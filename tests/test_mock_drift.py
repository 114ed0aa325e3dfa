"""Each drift switch changes exactly what its summary says (the clean engine is the baseline)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from arena_contract.mock import DRIFTS, FakeClock, MockArena
from arena_contract.mock.drift import STAGES, DriftSet

BAD = "L3N6PX663K3K3HOBOOT0%20"
UNKNOWN = "L3N6PX663K3K3HOBOOT0"


class Pair:
    """A clean engine and one with a drift on, asked the same things."""

    def __init__(self, drift: str) -> None:
        self.clean = MockArena(clock=FakeClock())
        self.drifted = MockArena(clock=FakeClock(), drifts=[drift])
        self._auth = {e: {"arena_session_id": e.login()} for e in (self.clean, self.drifted)}
        self.runs = f"/v1/imports/{self.clean.dataset.definitions[0].guid}/runs"
        self.chinese = f"/v1/imports/{self.clean.dataset.definitions[3].guid}/runs"

    def get(self, target: str, **query: object):
        return tuple(
            engine.handle("GET", target, self._auth[engine], query=query)
            for engine in (self.clean, self.drifted)
        )


def check_renamed_field(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs))
    assert all("submitFileType" not in run for run in drifted)
    assert [r["fileType"] for r in drifted] == [r["submitFileType"] for r in clean]
    one = p.get(f"{p.runs}/{clean[0]['guid']}")[1].json()
    assert "fileType" in one and "submitFileType" not in one


def check_renamed_completion_date(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs))
    assert all("completionDateTime" not in run for run in drifted)
    assert [r["completedDateTime"] for r in drifted] == [r["completionDateTime"] for r in clean]
    one = p.get(f"{p.runs}/{clean[0]['guid']}")[1].json()
    assert "completedDateTime" in one and "completionDateTime" not in one


def check_count_as_string(p: Pair) -> None:
    for target in (p.runs, "/v1/imports"):
        clean, drifted = (r.json() for r in p.get(target))
        assert drifted["count"] == str(clean["count"])
        assert drifted["results"] == clean["results"]


def check_new_status_value(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, status="CREATED"))
    assert clean and {r["status"] for r in drifted} == {"QUEUED"}
    clean, drifted = (r.json() for r in p.get(p.runs, limit=400))
    assert clean == drifted  # no CREATED run among the first 400


def check_null_creator(p: Pair) -> None:
    drifted = p.get(p.runs)[1].json()["results"]
    assert all(run["creator"] is None for run in drifted)


def check_missing_required_field(p: Pair) -> None:
    drifted = p.get(p.runs)[1].json()["results"]
    assert all("status" not in run for run in drifted)


def check_date_without_zone(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, limit=400))
    for before, after in zip(clean, drifted, strict=True):
        assert after["creationDateTime"] == before["creationDateTime"][:-1]
        for old, new in zip(before["changes"], after["changes"], strict=True):
            assert new["creationDateTime"] == old["creationDateTime"][:-1]
    assert any(run["changes"] for run in clean)


def check_error_form_changed(p: Pair) -> None:
    clean, drifted = p.get(f"/v1/imports/{BAD}/runs")
    assert drifted.status == clean.status == 400
    assert drifted.json() == {"error": clean.json()["errors"][0]["message"]}
    assert p.get(p.runs)[0].body == p.get(p.runs)[1].body


def check_bad_guid_wrong_code(p: Pair) -> None:
    drifted = p.get(f"/v1/imports/{BAD}/runs")[1].json()["errors"][0]
    assert drifted["code"] == 3012
    assert drifted["message"] == f'The requested object with guid "{UNKNOWN} " is not found.'
    clean, drifted = p.get(f"/v1/imports/{UNKNOWN}/runs")
    assert clean.body == drifted.body


def check_404_for_unknown_guid(p: Pair) -> None:
    drifted = p.get(f"/v1/imports/{UNKNOWN}/runs")[1]
    assert drifted.status == 404
    assert drifted.json()["errors"][0]["code"] == 404
    clean, drifted = p.get(f"/v1/imports/{BAD}/runs")
    assert clean.body == drifted.body


def check_filter_ignored(p: Pair) -> None:
    clean, drifted = (r.json() for r in p.get(p.runs, status="ERROR"))
    assert {r["status"] for r in clean["results"]} == {"ERROR"}
    assert drifted["count"] == 850
    assert {r["status"] for r in drifted["results"]} != {"ERROR"}
    assert p.get(p.runs, number=14)[1].json()["count"] == 1  # other filters still apply


def check_duplicate_runs_across_pages(p: Pair) -> None:
    first = p.get(p.runs)[1].json()["results"]
    second = p.get(p.runs, offset=20)[1].json()["results"]
    assert second[0] == first[-1]
    assert len(second) == 20
    assert p.get(p.runs)[0].body == p.get(p.runs)[1].body  # the first page is intact


def check_page_size_over_limit(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, limit=5))
    assert len(clean) == 5
    assert len(drifted) == 6


def check_missing_rate_limit_header(p: Pair) -> None:
    for target in (p.runs, f"/v1/imports/{BAD}/runs"):
        clean, drifted = p.get(target)
        assert clean.header("X-Arena-Requests-Remaining") is not None
        assert drifted.header("X-Arena-Requests-Remaining") is None
        assert drifted.header("X-Arena-Next-Request-Limit-Reset") is None
        assert drifted.body == clean.body


def check_wrong_content_length(p: Pair) -> None:
    drifted = p.get(p.chinese)[1]
    chars = len(drifted.body.decode("utf-8"))
    assert chars < len(drifted.body)
    assert drifted.header("Content-Length") == str(chars)
    ascii_only = p.get("/v1/imports?limit=0")[1]  # an all-ASCII error body
    assert ascii_only.header("Content-Length") == str(len(ascii_only.body))


def check_run_stuck_running(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, limit=400))
    finished = [i for i, run in enumerate(clean) if run["status"] in ("COMPLETE", "ERROR")]
    assert finished and all(drifted[i]["status"] == "RUNNING" for i in finished)
    assert all(drifted[i]["completionDateTime"] == clean[i]["completionDateTime"] for i in finished)
    # The newest finished run (the list's last page): its files are still kept (Arena keeps
    # them 60 days after a run ended; the oldest runs' are gone, 3017 on both sides).
    count = p.get(p.runs)[0].json()["count"]
    newest = p.get(p.runs, limit=400, offset=max(count - 400, 0))[0].json()["results"]
    done = [run for run in newest if run["status"] in ("COMPLETE", "ERROR")]
    clean_file, drifted_file = p.get(f"{p.runs}/{done[-1]['guid']}/resultContent")
    assert clean_file.status == 200 and drifted_file.status == 400  # 3017: not finished


def check_processing_status(p: Pair) -> None:
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, status="RUNNING"))
    assert clean and drifted == []  # the filter sees what is told
    clean, drifted = (r.json()["results"] for r in p.get(p.runs, limit=400))
    assert [r["status"] for r in drifted] == [
        "PROCESSING" if r["status"] == "RUNNING" else r["status"] for r in clean
    ]


def _finished_dry_run(engine: MockArena, auth: dict) -> str:
    """A run started through ``engine`` with one good and one failing record, finished: its
    path."""
    guid = engine.dataset.definitions[2].guid  # mapping: "Part Number" is the key
    form = (
        b'--b\r\nContent-Disposition: form-data; name="submitContent"; filename="p.csv"\r\n'
        b"\r\nPart Number,Name\r\nP-1,fan\r\n,no key\r\n\r\n--b\r\n"
        b'Content-Disposition: form-data; name="submitFileType"\r\n\r\nCSV\r\n--b\r\n'
        b'Content-Disposition: form-data; name="commit"\r\n\r\nfalse\r\n--b--\r\n'
    )
    headers = {**auth, "Content-Type": "multipart/form-data; boundary=b"}
    started = engine.handle("POST", f"/v1/imports/{guid}/runs", headers, form)
    assert started.status == 201, started.body
    engine.clock.advance(60)
    return f"/v1/imports/{guid}/runs/{started.json()['guid']}"


def check_commit_answers_200(p: Pair) -> None:
    answers = []
    for engine in (p.clean, p.drifted):
        path = _finished_dry_run(engine, p._auth[engine])
        answers.append(engine.handle("PUT", path, p._auth[engine], b'{"commit": true}'))
    clean, drifted = answers
    assert (clean.status, drifted.status) == (201, 200)
    assert drifted.json()["commit"] is True and drifted.body == clean.body


def check_empty_error_file(p: Pair) -> None:
    files = []
    for engine in (p.clean, p.drifted):
        path = _finished_dry_run(engine, p._auth[engine])
        run = engine.handle("GET", path, p._auth[engine]).json()
        files.append(engine.handle("GET", path + "/errorContent", p._auth[engine]))
    assert run["errorCount"] == 1
    clean, drifted = files
    assert clean.body.count(b"\r\n") == 2 and drifted.body == b""  # header and 1 row
    assert drifted.status == 200 and drifted.header("Content-Length") == "0"


CHECKS: dict[str, Callable[[Pair], None]] = {
    "renamed-field": check_renamed_field,
    "renamed-completion-date": check_renamed_completion_date,
    "count-as-string": check_count_as_string,
    "new-status-value": check_new_status_value,
    "null-creator": check_null_creator,
    "missing-required-field": check_missing_required_field,
    "date-without-zone": check_date_without_zone,
    "error-form-changed": check_error_form_changed,
    "bad-guid-wrong-code": check_bad_guid_wrong_code,
    "404-for-unknown-guid": check_404_for_unknown_guid,
    "filter-ignored": check_filter_ignored,
    "duplicate-runs-across-pages": check_duplicate_runs_across_pages,
    "page-size-over-limit": check_page_size_over_limit,
    "missing-rate-limit-header": check_missing_rate_limit_header,
    "wrong-content-length": check_wrong_content_length,
    "run-stuck-running": check_run_stuck_running,
    "processing-status": check_processing_status,
    "commit-answers-200": check_commit_answers_200,
    "empty-error-file": check_empty_error_file,
}


def test_every_drift_has_a_check() -> None:
    assert set(CHECKS) == set(DRIFTS)


@pytest.mark.parametrize("name", sorted(DRIFTS))
def test_drift_does_what_it_says(name: str) -> None:
    CHECKS[name](Pair(name))


@pytest.mark.parametrize("drift", DRIFTS.values(), ids=lambda d: d.name)
def test_drifts_are_documented(drift) -> None:
    assert drift.summary and "\n" not in drift.summary
    assert drift.stage in STAGES


def test_unknown_drift_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown drift no-such-thing; known: 404-for"):
        DriftSet(["renamed-field", "no-such-thing"])


def test_drifts_never_touch_the_shared_dataset() -> None:
    clean = MockArena(clock=FakeClock())
    auth = {"arena_session_id": clean.login()}
    target = f"/v1/imports/{clean.dataset.definitions[0].guid}/runs?limit=400&offset=400"
    before = clean.handle("GET", target, auth).body
    everything = MockArena(clock=FakeClock(), drifts=list(DRIFTS))
    drifted_auth = {"arena_session_id": everything.login()}
    for query in ("", "?limit=400&offset=400", "?status=CREATED&limit=400"):
        response = everything.handle("GET", target.split("?")[0] + query, drifted_auth)
        assert response.status == 200
    assert clean.handle("GET", target, auth).body == before


def test_docs_list_every_drift() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "mock.md").read_text(encoding="utf-8")
    for name in DRIFTS:
        assert f"| `{name}` |" in text
