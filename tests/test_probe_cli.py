"""`arena-contract probe`: the same suite, a readable summary, exit 0 / 1 / 2."""

from __future__ import annotations

import json
import socket

import pytest

from arena_contract.cli import main
from arena_contract.suite.probe import BEHAVIOURS
from tests.helpers import MOCK_SESSION, run_cli

FAST = ["--examples", "0", "--max-imports", "1"]


def test_the_mock_passes_with_a_table_and_a_summary(capsys):
    assert main(["probe", *FAST]) == 0
    out = capsys.readouterr().out
    assert "arena-contract probe" in out and "breadth" in out
    assert f"contract holds for {len(BEHAVIOURS)} of {len(BEHAVIOURS)} behaviours" in out
    assert "session: logged in as integration@example.com, logged out" in out
    assert "result: the contract holds" in out


def test_a_drift_is_a_contract_failure_naming_its_rule(capsys):
    assert main(["probe", *FAST, "--drift", "filter-ignored"]) == 1
    out = capsys.readouterr().out
    assert "[error] list.filter" in out and "contract failure(s)" in out


def test_quiet_says_nothing_when_the_contract_holds(capsys):
    assert main(["probe", *FAST, "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_quiet_still_says_why_the_run_stopped(capsys):
    assert main(["probe", *FAST, "-q", "--max-requests", "25"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # however the terminal wrapped it
    assert out.startswith("skipped ") and "(--max-requests 25) is spent" in out
    assert "result:" not in out


def test_quiet_keeps_the_failures_and_the_verdict(capsys):
    assert main(["probe", *FAST, "--quiet", "--drift", "filter-ignored"]) == 1
    out = capsys.readouterr().out
    assert "[error] list.filter" in out and "contract failure(s)" in out
    assert "breadth" not in out and "behaviours" not in out  # no table, no summary


def test_json_for_machines(capsys, tmp_path):
    junit = tmp_path / "junit.xml"
    assert main(["probe", *FAST, "--format", "json", "--junit-xml", str(junit)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is True and document["summary"]["exit_code"] == 0
    assert document["requests"]["sent"] > 10 and document["findings"] == []
    assert {"topic": "limit > 400", "answer": {"status": 400, "code": 3220}} in document["observed"]
    assert {p["outcome"] for p in document["probes"]} <= {"passed", "skipped"}
    assert document["summary"]["behaviours_held"] == len(BEHAVIOURS)
    assert junit.is_file()


def test_the_plugin_spellings_are_accepted_too(capsys):
    assert (
        main(
            [
                "probe",
                "--arena-examples",
                "0",
                "--arena-max-imports",
                "1",
                "--arena-max-requests",
                "9",
                "--format",
                "json",
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert document["requests"]["sent"] == 9
    assert document["stopped"].startswith("the request budget")


def test_an_unreachable_arena_exits_2_in_one_line(capsys, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ARENA_SESSION_ID", "Probe-Unreachable-Secret|")
    assert main(["probe", "--url", f"http://127.0.0.1:{port}/v1", *FAST]) == 2
    out = capsys.readouterr()
    assert f"error: cannot connect to 127.0.0.1:{port}: Connection refused" in out.out
    assert "Traceback" not in out.out + out.err


@pytest.mark.parametrize(
    "argv", [["--url", "http://api.example.com/v1"], ["--timeout", "soon"], ["--drift", "nope"]]
)
def test_usage_errors_exit_2(capsys, argv):
    assert main(["probe", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("arena-contract: ") and "\n" not in err


@pytest.mark.slow  # a fresh process is the point: only CI's run has it
def test_probe_leaves_nothing_in_the_directory_it_ran_from(tmp_path):
    # A fresh process: Hypothesis writes its caches where the process first needs them.
    argv = ("probe", "--examples", "2", "--max-imports", "1")
    done = run_cli(*argv, cwd=tmp_path, fresh=True, timeout=120)
    assert done.code == 0, done.err[-2000:]
    assert list(tmp_path.iterdir()) == []  # no .hypothesis, no .pytest_cache


def _ends_the_session_at(arena, nth_run_list: int) -> list[str]:
    """Make ``arena`` log its user in again (as a production integration would) just before
    the ``nth_run_list`` request for runs: the probe's session ends there. Returns the log
    of requests seen."""
    seen: list[str] = []
    handle = arena.handle

    def handle_and_intrude(method, target, *args, **kwargs):
        path = target.decode() if isinstance(target, bytes) else target
        seen.append(f"{method} {path.split('?')[0]}")
        if sum("/runs" in s for s in seen) == nth_run_list and method == "GET":
            arena.handle = handle  # the intruder's own login is not the probe's
            arena.login()  # the same user: Arena keeps one session per user
            arena.handle = handle_and_intrude
        return handle(method, target, *args, **kwargs)

    arena.handle = handle_and_intrude
    return seen


def test_a_session_ended_by_arena_ends_the_run_without_a_new_login(capsys, monkeypatch):
    from arena_contract.mock import MockArena, serve_in_thread

    monkeypatch.setenv("ARENA_EMAIL", "integration@example.com")
    monkeypatch.setenv("ARENA_PASSWORD", "arena-mock")
    arena = MockArena(seed=3)
    seen = _ends_the_session_at(arena, nth_run_list=3)
    with serve_in_thread(arena) as server:
        code = main(["probe", "--url", server.url, *FAST, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2, document
    assert document["error"].startswith("Arena no longer accepts the session (HTTP 401 to GET ")
    assert "not logging in again" in document["error"]
    # The 401 was the last request: no new login, no logout with the dead session.
    assert seen.count("POST /v1/login") == 1 and "PUT /v1/logout" not in seen
    assert sum("/runs" in s for s in seen) == 3
    assert "ended by Arena part-way" in " ".join(document["lines"])
    assert not MOCK_SESSION.search(json.dumps(document))  # the dead session is not shown
