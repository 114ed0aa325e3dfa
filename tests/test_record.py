"""`arena-contract record`: a bounded, redacted HAR sample that `check` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arena_contract.checker import check_paths
from arena_contract.cli import main

EMAIL, PASSWORD = "record-probe@example.com", "Record-Probe-Secret-2290"


def har_of(directory: Path) -> dict:
    (path,) = directory.glob("*.har")
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_sample_of_the_mock_checks_clean(tmp_path, capsys):
    assert main(["record", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr()
    har = out.out.strip()
    assert har.endswith(".har") and f"`arena-contract check {har}` checks it" in out.err
    entries = har_of(tmp_path)["log"]["entries"]
    labels = [e["comment"] for e in entries]
    assert labels[0] == "login" and labels[-1] == "logout"
    for label in (
        "unfiltered list",
        "unknown import GUID",
        "malformed GUID",
        "no session",
        "page of 400",
        "offset past the end",
        "status=PURGED",
        "one run",
    ):
        assert label in labels
    assert labels.count("unfiltered list") == 5  # every import definition of the mock
    (result,) = check_paths([str(tmp_path)])
    # Every answer but the login and the logout is an operation of the contract (discovery too).
    assert result.ok and len(result.exchanges) == len(entries) - 2


def test_record_says_what_it_recorded_where_and_judges_nothing(tmp_path, capsys):
    """A drifted Arena's sample: record names what it recorded and where, says that `check`
    judges it, and gives no verdict (no coverage of behaviours, no count of findings)."""
    argv = ["record", "--out", str(tmp_path), "--drift", "null-creator"]
    assert main(argv) == 0
    out = capsys.readouterr()
    har = out.out.strip()
    entries = har_of(tmp_path)["log"]["entries"]
    assert f"recorded: {len(entries)} exchanges in {har}" in out.err
    sampled = [e["comment"] for e in entries if e["_part"] == "record"]
    assert f"the sample ({len(sampled)}): unfiltered list ×5, unknown import GUID" in out.err
    assert f"status filter ×{sum(c.startswith('status=') for c in sampled)}" in out.err
    assert f"not judged here: `arena-contract check {har}`" in out.err
    for verdict in ("contract holds", "behaviours", "not probed", "findings in the sample"):
        assert verdict not in out.err
    assert main(["check", har]) == 1  # what check says of the same file


def test_record_needs_no_baseline_the_configuration_names(tmp_path, capsys, monkeypatch):
    """The first step of adopting a baseline: the configuration names one not written yet."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.arena-contract]\nbaseline = "arena-known.json"\n', "utf-8"
    )
    assert main(["record", "--out", "recordings"]) == 0
    assert "arena-known.json" not in capsys.readouterr().err


def test_a_drifted_sample_shows_the_drift(tmp_path):
    assert main(["record", "--out", str(tmp_path), "--drift", "count-as-string"]) == 0
    (result,) = check_paths([str(tmp_path)])
    rules = {f.rule for e in result.exchanges for f in e.report.findings}
    assert "schema.type" in rules and not result.ok


@pytest.mark.arena_mock(users={EMAIL: PASSWORD})
def test_the_budget_bounds_the_sample_and_the_logout_is_sent(
    tmp_path, arena_server, monkeypatch, capsys
):
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)
    code = main(
        [
            "record",
            "--url",
            arena_server.url,
            "--email",
            EMAIL,
            "--max-requests",
            "6",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 1  # a sample cut short by the budget is no baseline: exit 1
    assert len(arena_server.arena.exchanges()) == 6
    entries = har_of(tmp_path)["log"]["entries"]
    assert len(entries) == 6 and entries[-1]["comment"] == "logout"
    err = capsys.readouterr().err
    assert "stopped: the request budget (--max-requests 6) is spent" in err  # as typed
    assert "the sample is incomplete" in err
    assert PASSWORD not in (tmp_path / next(tmp_path.glob("*.har")).name).read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--drift", "no-such-drift"], "unknown drift"),
        (["--url", "https://api.arenasolutions.com/v1"], "no Arena session"),
    ],
)
def test_usage_errors_are_one_line(tmp_path, capsys, argv, message):
    assert main(["record", "--out", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("arena-contract: ") and message in err and "\n" not in err
    assert not list(tmp_path.iterdir())


def test_an_unreachable_arena_is_one_line(tmp_path, capsys, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ARENA_SESSION_ID", "Record-Unreachable-Secret|")
    assert main(["record", "--url", f"http://127.0.0.1:{port}/v1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot connect to 127.0.0.1:{port}: Connection refused" in err
    assert "Traceback" not in err
