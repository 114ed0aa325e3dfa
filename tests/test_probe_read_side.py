"""The probe reads the rest of the read side (issue 18 item 4): a single definition, a single
run and the content files of a finished run, breadth first within the same budget; it sends
nothing but GET besides one login and one logout, counted on the server's side."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

import pytest

from arena_contract.mock import FakeClock, MockArena, serve_in_thread
from arena_contract.mock.behaviours import behaviours_seen
from arena_contract.suite.inputs import last_page_query, pick_content_run
from arena_contract.suite.probe import BEHAVIOURS
from arena_contract.suite.schedule import suite_plan
from tests.helpers import run_cli

EMAIL, PASSWORD = "read-side@example.com", "Read-Side-Secret-5183"
LOGIN = {"ARENA_EMAIL": EMAIL, "ARENA_PASSWORD": PASSWORD}
READ_SIDE = ("definition-single", "content-submit", "content-result", "content-error")


def probe(server, *args: str) -> tuple[int, str]:
    code, out, _ = run_cli("probe", "--url", server.url, *args, env=LOGIN)
    return code, out


def methods(server) -> Counter[str]:
    return Counter(
        f"{e.request.method} {e.request.path.removeprefix('/v1')}"
        if e.request.method != "GET"
        else "GET"
        for e in server.arena.exchanges()
    )


def test_the_read_side_joins_the_breadth_part():
    breadth = [p for p in suite_plan() if p.breadth]
    shown = [b for p in breadth for b in p.behaviours]
    assert set(READ_SIDE) <= set(shown) <= set(BEHAVIOURS)
    # Before the definitions found by looking at more first pages (their cost is unknown).
    assert shown.index("content-error") < shown.index("list-long")


@pytest.mark.parametrize("budget", [None, 30, 12])
def test_only_gets_besides_one_login_and_one_logout(budget):
    limit = ("--max-requests", str(budget)) if budget else ()
    with serve_in_thread(users={EMAIL: PASSWORD}) as server:
        code, out = probe(server, "--examples", "3", "--format", "json", *limit)
        sent = methods(server)
        seen = behaviours_seen(server.arena.dataset, server.arena.exchanges())
    document = json.loads(out)
    assert code == 0, document["findings"]
    assert set(sent) == {"GET", "POST /login", "PUT /logout"}
    assert sent["POST /login"] == 1 and sent["PUT /logout"] == 1
    assert sum(sent.values()) <= (budget or 200)
    held = set(document["coverage"]["held"])
    assert held <= seen  # the probe claims nothing the mock did not see
    if budget != 12:
        assert set(READ_SIDE) <= held


def test_the_plan_names_the_read_side_requests():
    with serve_in_thread(users={EMAIL: PASSWORD}) as server:
        code, out = probe(server, "--plan", "--format", "json")
    assert code == 0
    steps = {s["probe"]: s for s in json.loads(out)["steps"]}
    assert steps["definition-single"]["request"].startswith("GET /imports/")
    assert steps["definition-single"]["request"].count("/") == 2
    for name in ("submit", "result", "error"):
        step = steps[f"content-{name}"]
        assert step["request"].endswith(f"/<a finished run>/{name}Content")
        assert step["behaviours"] == [f"content-{name}"]
    # The default workspace's first definition is longer than a page, listed oldest first:
    # the first file read also fetches the last page, where the runs with files are.
    assert "?offset=<the last page>, " in steps["content-submit"]["request"]
    assert steps["content-submit"]["requests"] == 2
    assert steps["content-result"]["requests"] == steps["content-error"]["requests"] == 1


def test_record_records_the_read_side_and_check_reads_it(tmp_path):
    assert run_cli("record", "-o", str(tmp_path)).code == 0
    [har] = tmp_path.glob("*.har")
    entries = json.loads(har.read_text("utf-8"))["log"]["entries"]
    labels = Counter(e["comment"] for e in entries)
    assert labels["one definition"] == labels["unfiltered list"] > 0
    for name in ("submitContent", "resultContent", "errorContent"):
        assert labels[f"{name} of a finished run"] >= 1
    assert {e["request"]["method"] for e in entries} == {"GET", "POST", "PUT"}
    ran = run_cli("check", har)
    assert ran.code == 0, ran.out


def _run(guid: str, status: str, ended: str | None, errors: int = 0) -> dict:
    return {"guid": guid, "status": status, "completionDateTime": ended, "errorCount": errors}


@pytest.mark.parametrize("newest_first", [False, True])
def test_the_run_read_is_the_finished_one_that_ended_last_whatever_the_order(newest_first):
    runs = [
        _run("OLD", "COMPLETE", "2021-01-01T00:00:00Z", errors=3),
        _run("MID", "ERROR", "2026-05-01T00:00:00Z", errors=2),
        _run("NEW", "COMPLETE", "2026-06-20T10:00:00Z"),
        _run("RUNNING", "RUNNING", None, errors=1),
        _run("ODD", "COMPLETE", "not a date", errors=9),
    ]
    if newest_first:
        runs.reverse()
    assert pick_content_run(runs)["guid"] == "NEW"
    # The error file: a run with failed records that ended within 60 days of the newest;
    # an older one's files are gone, so the newest run's (empty) error file is read instead.
    assert pick_content_run(runs, errors=True)["guid"] == "MID"
    assert pick_content_run([r for r in runs if r["guid"] != "MID"], errors=True)["guid"] == "NEW"
    assert pick_content_run([r for r in runs if r["status"] == "RUNNING"]) is None


@pytest.mark.parametrize(
    ("count", "shown", "query"),
    [(850, 20, [("offset", "830")]), (21, 20, [("offset", "1")]), (20, 20, None), (7, 7, None)],
)
def test_the_last_page_of_a_long_list(count, shown, query):
    body = {"count": count, "results": [{"guid": f"R{i}"} for i in range(shown)]}
    assert last_page_query(body) == query


def _old_definition(dataset):
    """The second definition: longer than a page, every finished run ended long before the
    seeded data's last day, so the mock has deleted their files (400 / 3017)."""
    return dataset.definitions[1]


def _newest_end(definition) -> datetime:
    ended = [r["completionDateTime"] for r in definition.runs if r.get("completionDateTime")]
    return datetime.fromisoformat(max(ended).replace("Z", "+00:00"))


@pytest.mark.parametrize("days_later", [61, 400])
def test_files_deleted_after_60_days_are_the_documented_refusal(days_later):
    """Answered 400 / 3017 for a run that ended more than 60 days before the answer's Date:
    Arena documents it; the probe judges the refusal and counts the behaviour held."""
    old = _old_definition(MockArena().dataset)
    clock = FakeClock(_newest_end(old) + timedelta(days=days_later))
    with serve_in_thread(users={EMAIL: PASSWORD}, clock=clock) as server:
        code, out = probe(server, "--import-guid", old.guid, "--format", "json")
        seen = behaviours_seen(server.arena.dataset, server.arena.exchanges())
        sent = methods(server)
    document = json.loads(out)
    assert code == 0, document["findings"]
    outcomes = {p["probe"]: p["outcome"] for p in document["probes"]}
    assert {outcomes[f"content-{n}"] for n in ("submit", "result", "error")} == {"passed"}
    assert set(READ_SIDE) <= set(document["coverage"]["held"]) <= seen
    assert {
        "topic": "resultContent of a run ended over 60 days ago",
        "answer": {"status": 400, "code": 3017},
    } in document["observed"]
    assert set(sent) == {"GET", "POST /login", "PUT /logout"}


def test_a_refusal_within_60_days_is_not_judged():
    """The same refusal for a run that ended 30 days before the answer's Date is not what
    Arena documents, nor proof of a fault (3017 also means "not at this time"): skipped,
    with the reason, never a pass."""
    old = _old_definition(MockArena().dataset)
    clock = FakeClock(_newest_end(old) + timedelta(days=30))
    with serve_in_thread(users={EMAIL: PASSWORD}, clock=clock) as server:
        code, out = probe(server, "--import-guid", old.guid, "--format", "json")
    document = json.loads(out)
    assert code == 0, document["findings"]
    probes = {p["probe"]: p for p in document["probes"]}
    for name in ("submit", "result", "error"):
        assert probes[f"content-{name}"]["outcome"] == "skipped"
    reason = probes["content-result"]["reason"]
    assert "cannot be downloaded (400 / 3017) though it ended 30 days ago" in reason
    assert not set(READ_SIDE[1:]) & set(document["coverage"]["held"])
