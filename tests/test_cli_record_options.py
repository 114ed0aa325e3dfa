"""`record` and `probe` share their options and their failures: a HAR that cannot be written
exits 2 for both; record's output directory has the command line's one name (-o/--output,
with --out, --record and ARENA_RECORD); messages name options as they were typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arena_contract.cli import main
from arena_contract.cli.spelling import respell

FAST_PROBE = ["--max-requests", "8", "--examples", "0"]


def unwritable(tmp_path: Path) -> str:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    return str(blocker / "har")


@pytest.mark.parametrize(
    "argv",
    [
        ["probe", *FAST_PROBE, "--record", "{dir}"],
        ["probe", *FAST_PROBE, "--arena-record", "{dir}"],
        ["record", "--max-requests", "12", "-o", "{dir}"],
    ],
    ids=["probe", "probe-plugin-spelling", "record"],
)
def test_a_har_that_cannot_be_written_exits_2(tmp_path, capsys, argv):
    where = unwritable(tmp_path)
    assert main([part.replace("{dir}", where) for part in argv]) == 2
    out = capsys.readouterr()
    assert f"cannot write the HAR file in {where}" in out.out + out.err
    assert "the contract holds" not in out.out + out.err
    assert "Traceback" not in out.err


def har_entries(directory: Path) -> list[dict]:
    (path,) = directory.glob("*.har")
    return json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]


@pytest.mark.parametrize("flag", ["-o", "--output", "--out", "--record", "--arena-record", "env"])
def test_record_output_directory_spellings(tmp_path, capsys, monkeypatch, flag):
    target = tmp_path / "rec"
    if flag == "env":
        monkeypatch.setenv("ARENA_RECORD", str(target))
        argv = ["record", "--max-imports", "1"]
    else:
        argv = ["record", "--max-imports", "1", flag, str(target)]
    assert main(argv) == 0
    entries = har_entries(target)
    assert [e["comment"] for e in entries].count("unfiltered list") == 1


def test_record_without_an_output_directory_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.delenv("ARENA_RECORD", raising=False)
    assert main(["record"]) == 2
    assert "record needs -o/--output DIR" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["flag", "env"])
def test_record_takes_max_imports_from_flag_and_environment(tmp_path, monkeypatch, source):
    argv = ["record", "-o", str(tmp_path)]
    if source == "flag":
        argv += ["--max-imports", "3"]
    else:
        monkeypatch.setenv("ARENA_MAX_IMPORTS", "3")
    assert main(argv) == 0
    assert [e["comment"] for e in har_entries(tmp_path)].count("unfiltered list") == 3


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        (["--max-requests", "6"], "(--max-requests 6)"),
        (["--arena-max-requests", "6"], "(--arena-max-requests 6)"),
        (["--max-requests=6"], "(--max-requests 6)"),
    ],
)
def test_record_names_the_budget_as_typed(tmp_path, capsys, typed, named):
    assert main(["record", "-o", str(tmp_path), *typed]) == 1
    err = capsys.readouterr().err
    assert f"stopped: the request budget {named} is spent" in err


@pytest.mark.parametrize(
    ("message", "argv", "shown"),
    [
        ("use --arena-mock-drift X", ["--drift", "x"], "use --drift X"),
        ("use --arena-mock-drift X", ["--mock-drift", "x"], "use --mock-drift X"),
        ("use --arena-mock-drift X", ["--arena-mock-drift", "x"], "use --arena-mock-drift X"),
        ("use --arena-mock-drift X", [], "use --mock-drift X"),
        ("an existing session (ARENA_SESSION_ID)", ["--session-id", "s"], "(--session-id)"),
        ("an existing session (ARENA_SESSION_ID)", [], "(ARENA_SESSION_ID)"),
        ("--arena-url must be a URL", ["--arena-url=x"], "--arena-url must"),
        ("--arena-nonesuch stays", [], "--arena-nonesuch stays"),
    ],
)
def test_respell_names_the_spelling_typed(message, argv, shown):
    assert shown in respell(message, argv)


def test_a_recording_with_nothing_to_check_exits_2_as_check_and_infer_would(tmp_path, capsys):
    assert main(["record", "-o", str(tmp_path), "--max-requests", "2"]) == 2  # login, logout
    [har] = tmp_path.glob("*.har")
    says = f"arena-contract: {har}: nothing to check: no response of the contract's endpoints"
    assert says in capsys.readouterr().err
    for command in (["check"], ["infer"], ["drift", "--spec"]):
        assert main([*command, str(har)]) == 2, command


def test_a_recording_of_the_discovery_alone_is_checked_and_incomplete(tmp_path, capsys):
    # GET /imports is an operation of the contract: its answer is checked, not skipped.
    assert main(["record", "-o", str(tmp_path), "--max-requests", "3"]) == 1
    assert "the sample is incomplete" in capsys.readouterr().err
    [har] = tmp_path.glob("*.har")
    assert main(["check", str(har)]) == 0


def test_reports_of_probe_and_record_name_options_as_typed(monkeypatch, capsys, tmp_path):
    from arena_contract.cli import output

    monkeypatch.setattr(output, "_respelt", [])
    line = "stopped: the request budget (--arena-max-requests 6) is spent\n"
    assert output.write_output(None, lambda stream: stream.write(line)) is None
    assert capsys.readouterr().out == line  # check and the others: as written
    output.respell_reports(["probe", "--max-requests", "6"])
    report = tmp_path / "report.txt"
    for target in (None, str(report)):
        assert output.write_output(target, lambda stream: stream.write(line)) is None
    expected = "stopped: the request budget (--max-requests 6) is spent\n"
    assert capsys.readouterr().out == expected
    assert report.read_text(encoding="utf-8") == expected
