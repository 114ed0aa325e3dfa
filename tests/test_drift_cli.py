"""`arena-contract infer` and `arena-contract drift`: outputs, baselines, exit codes, errors."""

import json
import os

import pytest

from arena_contract.cli import main
from tests.test_drift_support import BASE, IMPORT_GUID, arena_headers, run


def capture(body, status=200, query=""):
    text = json.dumps(body)
    return {
        "request": {
            "method": "GET",
            "url": f"{BASE}/imports/{IMPORT_GUID}/runs" + (f"?{query}" if query else ""),
            "headers": {"arena_session_id": "[REDACTED]"},
        },
        "response": {"status": status, "headers": arena_headers(text.encode()), "text": text},
    }


def write_captures(directory, *runs_per_page, extra=()):
    directory.mkdir(parents=True, exist_ok=True)
    for index, runs in enumerate(runs_per_page):
        body = {"count": len(runs), "results": runs}
        (directory / f"page{index}.json").write_text(json.dumps(capture(body)), encoding="utf-8")
    for index, item in enumerate(extra):
        (directory / f"extra{index}.json").write_text(json.dumps(item), encoding="utf-8")
    return str(directory)


@pytest.fixture
def before(tmp_path):
    return write_captures(tmp_path / "before", [run(i) for i in range(1, 11)])


@pytest.fixture
def renamed(tmp_path):
    runs = [run(i, submitFileType=..., fileType="CSV") for i in range(1, 11)]
    return write_captures(tmp_path / "after", runs)


def test_infer_writes_a_stable_json_baseline(before, tmp_path, capsys):
    out = tmp_path / "baseline.json"
    assert main(["infer", before, "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert json.loads(first)["arena-contract-shape"] == 1
    assert main(["infer", before]) == 0
    assert capsys.readouterr().out == first


def test_infer_text(before, capsys):
    assert main(["infer", before, "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "listImportRuns/ok" in out and "/results/*/status" in out


@pytest.mark.parametrize("command", ["infer", "drift"])
def test_unreadable_input_is_one_line_in_the_report_naming_the_file_and_exit_2(
    tmp_path, capsys, command
):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    argv = [command, str(broken)] if command == "infer" else [command, str(broken), str(broken)]
    argv += ["--format", "text"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    errors = [line for line in captured.out.splitlines() if line.startswith("error:")]
    assert len(errors) == (1 if command == "infer" else 2)  # drift: once per side
    assert "No drift" not in captured.out  # nothing was compared
    assert errors[0].startswith(f"error: {broken}: ")
    assert "Traceback" not in captured.out + captured.err


def test_missing_and_empty_inputs_exit_2(tmp_path, capsys):
    assert main(["infer", "--format", "text", str(tmp_path / "nope")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["drift", "--spec", str(tmp_path / "empty")]) == 2
    out = capsys.readouterr().out
    assert "no such file" in out and "no capture files" in out


def test_drift_needs_two_sides_without_spec(before, capsys):
    assert main(["drift", before]) == 2
    assert "BASELINE and CURRENT" in capsys.readouterr().err


def test_drift_between_captures_exits_1_on_breaking_change(before, renamed, capsys):
    assert main(["drift", before, renamed]) == 1
    out = capsys.readouterr().out
    assert "BREAKING" in out and "field-removed" in out and "/results/*/submitFileType" in out


def test_drift_against_a_saved_baseline_with_no_change_exits_0(before, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    assert main(["infer", before, "-o", str(baseline)]) == 0
    assert main(["drift", str(baseline), before]) == 0
    assert "No drift" in capsys.readouterr().out


def test_a_baseline_kept_among_the_captures_is_skipped_with_a_note(before, tmp_path, capsys):
    baseline = tmp_path / "before" / "baseline.json"
    assert main(["infer", before, "-o", str(baseline)]) == 0
    assert main(["drift", str(baseline), before]) == 0
    assert "shape summary (arena-contract infer) among captures; skipped" in (
        capsys.readouterr().out
    )


def test_json_report_is_the_envelope(before, renamed, capsys):
    assert main(["drift", before, renamed, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"ok", "summary", "changes", "notes", "unreadable"}
    assert report["ok"] is False and report["unreadable"] == []
    assert report["summary"] == {"breaking": 1, "warning": 0, "info": 1, "unreadable": 0}
    assert {tuple(sorted(c)) for c in report["changes"]} == {
        ("after", "before", "kind", "location", "severity")
    }


def test_github_report_annotates_the_current_recording(before, renamed, capsys):
    """One workflow command per change on the current recording's file (not its
    directory), its severity as the command (breaking: error, info: notice), then the
    summary line; the exit code as ever."""
    assert main(["drift", before, renamed, "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 2
    commands = sorted(line.split(" ", 1)[0] for line in annotations)
    assert commands == ["::error", "::notice"]
    page = os.path.join(renamed, "page0.json")
    assert all(
        f"file={page.replace(':', '%3A').replace(',', '%2C')}," in line for line in annotations
    )
    assert all(",title=drift " in line and "->" in line for line in annotations)
    assert lines[-1] == "Drift: 1 breaking, 0 warning, 1 info."


def test_markdown_report_is_a_table(before, renamed, capsys):
    assert main(["drift", before, renamed, "--format", "markdown", "--fail-on", "info"]) == 1
    out = capsys.readouterr().out
    assert "| Severity | Rule | Finding | Where |" in out  # check's and the probe's columns
    assert (
        "| **breaking** | `field-removed` | present 10/10 -> present 0/10 "
        "| body:listImportRuns:/results/*/submitFileType |" in out
    )
    assert out.count("make the current recording the baseline") == 1  # once, after the table


@pytest.mark.parametrize(
    ("threshold", "code"),
    [
        ([], 0),
        (["--fail-on", "breaking"], 0),
        (["--fail-on", "warning"], 1),
        (["--strict"], 1),
        (["--fail-on", "info"], 1),
    ],
)
def test_fail_on_threshold(tmp_path, capsys, threshold, code):
    # A new value in an enum-like field the contract does not enumerate: a warning.
    before = write_captures(tmp_path / "b", [run(i, mode="FULL") for i in range(1, 6)])
    after = write_captures(tmp_path / "a", [run(i, mode="DELTA") for i in range(1, 6)])
    assert main(["drift", before, after, *threshold, "--format", "json"]) == code
    assert json.loads(capsys.readouterr().out)["ok"] is (code == 0)


def test_quiet_shows_only_what_fails(tmp_path, capsys):
    # A new value in an enum-like field the contract does not enumerate: a warning.
    before = write_captures(tmp_path / "b", [run(i, mode="FULL") for i in range(1, 6)])
    after = write_captures(tmp_path / "a", [run(i, mode="DELTA") for i in range(1, 6)])
    assert main(["drift", before, after, "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["drift", before, after, "-q", "--strict"]) == 1
    assert "enum-value-added" in capsys.readouterr().out


def test_a_value_outside_a_documented_enum_is_breaking_as_in_check(tmp_path, capsys):
    before = write_captures(tmp_path / "b", [run(i) for i in range(1, 6)])
    after = write_captures(tmp_path / "a", [run(i, status="QUEUED") for i in range(1, 6)])
    assert main(["drift", before, after, "--format", "json"]) == 1
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert ("enum-value-undocumented", "breaking") in {(c["kind"], c["severity"]) for c in changes}
    assert main(["check", "--format", "json", after]) == 1
    findings = [
        f
        for file in json.loads(capsys.readouterr().out)["files"]
        for ex in file["exchanges"]
        for f in ex["findings"]
    ]
    [enum] = {f["message"] for f in findings if f["rule"] == "schema.enum"}
    assert "the contract documents" in enum and "breaks" in enum


def test_drift_spec_on_conforming_captures(before, capsys):
    assert main(["drift", "--spec", before]) == 0
    captured = capsys.readouterr()
    assert "No drift" in captured.out
    assert "not exercised" in captured.out


def test_drift_spec_json_holds_its_notes(before, capsys):
    assert main(["drift", "--spec", before, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changes"] == [] and report["ok"] is True
    assert any(note.startswith("not exercised") for note in report["notes"])


def test_broken_baseline_summary_is_one_line(tmp_path, before, capsys):
    summary = tmp_path / "old.json"
    summary.write_text('{"arena-contract-shape": 1, "groups": []}', encoding="utf-8")
    assert main(["drift", str(summary), before]) == 2
    errors = [line for line in capsys.readouterr().out.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith(f"error: {summary}: ")


def test_cannot_write_output_is_exit_2(before, tmp_path, capsys):
    assert main(["infer", before, "-o", str(tmp_path / "no" / "such" / "dir.json")]) == 2
    assert "cannot write" in capsys.readouterr().err
