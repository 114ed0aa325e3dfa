"""The probe reads the rest of the read side (issue 18 item 4): a single definition, a single
run and the content files of a finished run, breadth first within the same budget; it sends
nothing but GET besides one login and one logout, counted on the server's side."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter

import pytest

from arena_contract.cli import main
from arena_contract.mock import serve_in_thread
from arena_contract.mock.behaviours import behaviours_seen
from arena_contract.suite.probe import BEHAVIOURS
from arena_contract.suite.schedule import suite_plan

EMAIL, PASSWORD = "read-side@example.com", "Read-Side-Secret-5183"
READ_SIDE = ("definition-single", "content-submit", "content-result", "content-error")


def probe(server, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("ARENA_EMAIL", EMAIL)
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["probe", "--url", server.url, *args])
    return code, out.getvalue()


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
def test_only_gets_besides_one_login_and_one_logout(monkeypatch, budget):
    limit = ("--max-requests", str(budget)) if budget else ()
    with serve_in_thread(users={EMAIL: PASSWORD}) as server:
        code, out = probe(server, monkeypatch, "--examples", "3", "--format", "json", *limit)
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


def test_the_plan_names_the_read_side_requests(monkeypatch):
    with serve_in_thread(users={EMAIL: PASSWORD}) as server:
        code, out = probe(server, monkeypatch, "--plan", "--format", "json")
    assert code == 0
    steps = {s["probe"]: s for s in json.loads(out)["steps"]}
    assert steps["definition-single"]["request"].startswith("GET /imports/")
    assert steps["definition-single"]["request"].count("/") == 2
    for name in ("submit", "result", "error"):
        step = steps[f"content-{name}"]
        assert step["request"].endswith(f"/<a finished run>/{name}Content")
        assert step["requests"] == 1 and step["behaviours"] == [f"content-{name}"]


def test_record_records_the_read_side_and_check_reads_it(tmp_path, capsys):
    assert main(["record", "-o", str(tmp_path)]) == 0
    [har] = tmp_path.glob("*.har")
    entries = json.loads(har.read_text("utf-8"))["log"]["entries"]
    labels = Counter(e["comment"] for e in entries)
    assert labels["one definition"] == labels["unfiltered list"] > 0
    for name in ("submitContent", "resultContent", "errorContent"):
        assert labels[f"{name} of a finished run"] >= 1
    assert {e["request"]["method"] for e in entries} == {"GET", "POST", "PUT"}
    assert main(["check", str(har)]) == 0, capsys.readouterr().out
