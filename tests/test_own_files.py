"""arena-contract's own files among captures (a baseline written next to its recording, a
shape summary from `infer`, a pre-commit hook given every .json): told by content, passed
over with a note by check, infer and drift, never checked as a response."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.test_drift_cli import write_captures
from tests.test_drift_support import run

NOTES = {
    "baseline": "a baseline of known findings (--write-baseline) among captures; skipped",
    "shape-summary": "a shape summary (arena-contract infer) among captures; skipped",
}


def write_baseline(directory: Path, name: str, recording: str) -> Path:
    path = directory / name
    assert run_cli("check", recording, "--write-baseline", path).code in (0, 1)
    return path


def write_shape(directory: Path, name: str, recording: str) -> Path:
    path = directory / name
    assert run_cli("infer", recording, "-o", path).code == 0
    return path


def hand_written_baseline(directory: Path, name: str, recording: str) -> Path:
    """Written by hand or by an older version: no hosts, no counts, compact, empty."""
    path = directory / name
    path.write_text('{"findings":[],"version":1,"format":"arena-contract baseline"}', "utf-8")
    return path


#: (kind, how to write one): each writer puts the file into the recording's directory.
WRITERS = [
    ("baseline", write_baseline),
    ("baseline", hand_written_baseline),
    ("shape-summary", write_shape),
]


@pytest.fixture
def recording(tmp_path) -> str:
    """A directory of conforming captures (a drifted one: findings a baseline can hold)."""
    runs = [run(i) for i in range(1, 6)] + [run(9, status="RUNNING", completionDateTime=None)]
    return write_captures(tmp_path / "recordings", runs)


READERS = {
    "check": lambda paths: ["check", *paths],
    "infer": lambda paths: ["infer", *paths, "-o", "-"],
    "drift": lambda paths: ["drift", "--spec", *paths],
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize(("kind", "writer"), WRITERS, ids=lambda v: getattr(v, "__name__", v))
def test_an_own_file_in_a_directory_is_passed_over_with_a_note(
    command, kind, writer, recording, monkeypatch
):
    monkeypatch.chdir(Path(recording).parent)
    own = writer(Path(recording), "arena-known.json", recording)
    code, out, err = run_cli(*READERS[command](["recordings"]))
    assert code in (0, 1) and "Traceback" not in err
    assert f"recordings/{own.name}: {NOTES[kind]}" in out + err
    assert "schema.required" not in out and "unknown field" not in out


@pytest.mark.parametrize(("kind", "writer"), WRITERS, ids=lambda v: getattr(v, "__name__", v))
def test_check_named_an_own_file_passes_over_it(kind, writer, recording, tmp_path):
    """As the pre-commit hook calls it: every matching file named on the command line."""
    own = writer(tmp_path, f"{kind}.json", recording)
    ran = run_cli("check", str(own))
    assert ran.code == 0
    out = ran.out
    assert f"note: {own}: {NOTES[kind]}" in out
    ran = run_cli("check", "--format", "json", str(own))
    assert ran.code == 0
    [file] = json.loads(ran.out)["files"]
    assert file["format"] == kind and file["ok"] and file["exchanges"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"format": "arena-contract baseline v2", "findings": []},
        {"format": "something else", "count": 0},
        {"arena-contract-shapes": 1},
        [{"format": "arena-contract baseline"}],
    ],
    ids=str,
)
def test_what_only_looks_like_an_own_file_is_checked(body, tmp_path):
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body), "utf-8")
    ran = run_cli("check", str(path))
    assert ran.code == 1
    assert "skipped" not in ran.out
