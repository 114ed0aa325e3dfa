"""The subcommands share one vocabulary (docs/cli.md): one JSON envelope, one way to report
an unreadable input (in the report, the other inputs still handled, exit 2), the same
handling of a shape summary kept among captures and of an empty recording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arena_contract.cli import main
from tests.test_drift_cli import write_captures
from tests.test_drift_support import run

#: Each reading subcommand's JSON command line over some paths.
READERS = {
    "check": lambda paths: ["check", "--format", "json", *paths],
    "infer": lambda paths: ["infer", "--format", "json", *paths],
    "drift": lambda paths: ["drift", "--spec", "--format", "json", *paths],
}


@pytest.fixture
def good(tmp_path) -> str:
    return write_captures(tmp_path / "good", [run(i) for i in range(1, 6)])


def json_of(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def unreadable_lines(command: str, document: dict) -> list[str]:
    if command == "check":
        return [f["error"] for f in document["files"] if f["error"]]
    return document["unreadable"]


@pytest.mark.parametrize("command", sorted(READERS))
def test_the_json_envelope(command, good, capsys):
    assert main(READERS[command]([good])) == 0
    document = json_of(capsys)
    assert document["ok"] is True
    summary = document["summary"]
    assert isinstance(summary, dict) and summary["unreadable"] == 0
    assert all(isinstance(n, int) for n in summary.values())


def test_rules_has_the_envelope_too(capsys):
    assert main(["rules", "--format", "json"]) == 0
    document = json_of(capsys)
    assert document["ok"] is True and document["summary"]["rules"] == len(document["rules"])


BROKEN = {
    "not-json.json": b"{not json",
    "empty.json": b"",
    "empty-har.har": json.dumps({"log": {"version": "1.2", "entries": []}}).encode(),
    "empty-cassette.yaml": b"interactions: []\n",
    "binary.json": b"\x00\xff\xfe garbage",
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_an_unreadable_input_is_named_in_the_report_and_the_others_still_read(
    command, name, good, tmp_path, capsys
):
    broken = tmp_path / name
    broken.write_bytes(BROKEN[name])
    assert main(READERS[command]([str(broken), good])) == 2
    document = json_of(capsys)
    assert document["ok"] is False and document["summary"]["unreadable"] == 1
    [line] = unreadable_lines(command, document)
    assert line.startswith(f"{broken}: ")
    # The good captures were still read.
    if command == "check":
        assert sum(len(f["exchanges"]) for f in document["files"]) == 1
    elif command == "infer":
        assert document["summary"]["exchanges"] == 1 and document["groups"]
    else:
        assert any(note.startswith("not exercised") for note in document["notes"])


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("name", ["empty-har.har", "empty-cassette.yaml"])
def test_an_empty_recording_alone_is_unreadable(command, name, tmp_path, capsys):
    empty = tmp_path / name
    empty.write_bytes(BROKEN[name])
    assert main(READERS[command]([str(empty)])) == 2
    assert json_of(capsys)["ok"] is False


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_shape_summary_among_captures_is_skipped_with_the_same_note(command, good, capsys):
    baseline = Path(good) / "baseline.json"
    assert main(["infer", good, "-o", str(baseline)]) == 0
    argv = READERS[command]([good])
    argv[argv.index("json")] = "text"
    assert main(argv) == 0
    captured = capsys.readouterr()
    note = f"note: {baseline}: a shape summary (arena-contract infer) among captures; skipped"
    assert note in captured.out + captured.err


@pytest.mark.parametrize("command", ["check", "infer", "drift"])
def test_a_report_written_to_a_file_still_names_unreadable_inputs_on_stderr(
    command, good, tmp_path, capsys
):
    missing = str(tmp_path / "nope.har")
    argv = [*READERS[command]([missing, good]), "-o", str(tmp_path / "report")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"arena-contract: error: {missing}: no such file or directory" in err


def test_quiet_infer_says_no_notes(good, capsys):
    baseline = Path(good) / "baseline.json"
    assert main(["infer", good, "-o", str(baseline)]) == 0
    capsys.readouterr()
    assert main(["infer", good, "-q", "-o", str(Path(good).parent / "b2.json")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["infer", good, "-o", str(Path(good).parent / "b3.json")]) == 0
    assert "a shape summary" in capsys.readouterr().err


def test_quiet_record_prints_only_the_har_path(tmp_path, capsys):
    assert main(["record", "-q", "-o", str(tmp_path), "--max-imports", "1"]) == 0
    captured = capsys.readouterr()
    [har] = tmp_path.glob("*.har")
    assert captured.out == f"{har}\n" and captured.err == ""


@pytest.mark.parametrize(
    "args",
    [
        *(pytest.param(build, id=name) for name, build in sorted(READERS.items())),
        pytest.param(lambda paths: ["rules", "--format", "json"], id="rules"),
        pytest.param(lambda paths: ["probe", "--plan", "--format", "json"], id="probe-plan"),
    ],
)
def test_every_json_document_is_laid_out_alike(args, good, capsys):
    """One layout for every JSON a subcommand prints: an object, keys indented two spaces."""
    main(args([good]))
    out = capsys.readouterr().out
    json.loads(out)
    assert out.startswith('{\n  "'), out[:40]
