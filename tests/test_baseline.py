"""Baselines of known findings: written by `check --write-baseline`, read by `--baseline`
(or the config key); entries survive re-recording, new findings still fail, stale entries
are reported."""

from __future__ import annotations

import json
import re

import pytest

from arena_contract.cli import main
from tests.test_config import check, pyproject, rules_of, write_traffic

NULL_CREATOR = ("null-creator",)
BOTH = ("null-creator", "date-without-zone")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("ARENA_CONFIG", "ARENA_BASELINE", "ARENA_IGNORE", "ARENA_CONSUMES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def text_check(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_a_baseline_survives_a_rerecording_with_other_guids_and_indices(project, capsys):
    first = write_traffic(project / "before" / "mock.jsonl", seed=3, drifts=NULL_CREATOR)
    code, out = text_check(capsys, first, "--write-baseline", "known.json")
    assert code == 0 and "baseline written: known.json" in out
    # Another workspace state: other GUIDs, other numbers of runs, the findings elsewhere.
    again = write_traffic(project / "after" / "mock.jsonl", seed=11, drifts=NULL_CREATOR)
    assert check(capsys, again)[0] == 1
    code, out = text_check(capsys, again, "--baseline", "known.json")
    assert code == 0, out
    accepted = int(re.search(r"baseline known.json: (\d+) known finding", out).group(1))
    assert accepted > 20 and "0 error(s)" in out and "stale" not in out


def test_a_new_finding_fails_through_the_baseline(project, capsys):
    write_traffic(project / "before" / "mock.jsonl", seed=3, drifts=NULL_CREATOR)
    main(["check", "before", "--write-baseline", "known.json"])
    capsys.readouterr()
    after = write_traffic(project / "after" / "mock.jsonl", seed=11, drifts=BOTH)
    code, findings, err = check(capsys, after, "--baseline", "known.json")
    assert code == 1
    assert rules_of(findings) == {"schema.format": {"error"}}  # only what is new
    assert "known finding(s) accepted" in err  # JSON on stdout: the notes go to stderr


def test_stale_entries_are_reported(project, capsys):
    write_traffic(project / "before" / "mock.jsonl", drifts=BOTH)
    main(["check", "before", "--write-baseline", "known.json"])
    capsys.readouterr()
    fixed = write_traffic(project / "after" / "mock.jsonl", seed=5, drifts=NULL_CREATOR)
    code, out = text_check(capsys, fixed, "--baseline", "known.json")
    assert code == 0
    stale = re.search(r"(\d+) stale entries no longer seen", out)
    assert stale and int(stale.group(1)) >= 5, out
    assert "  schema.format at /results/*/creationDateTime (listImportRuns, 2xx)" in out


def test_the_file_is_sorted_stable_and_one_entry_per_line(project, capsys):
    recording = write_traffic(project / "rec" / "mock.jsonl", drifts=BOTH)
    main(["check", recording, "--write-baseline", "one.json"])
    main(["check", recording, "--write-baseline", "two.json", "--jobs", "2"])
    capsys.readouterr()
    text = (project / "one.json").read_text("utf-8")
    assert text == (project / "two.json").read_text("utf-8")
    document = json.loads(text)
    entries = document["findings"]
    keys = [(e["rule"], e["operation"], e["status"], e["at"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(text.splitlines()) == len(entries) + 6  # {, format, version, [, ..., ], }
    assert all(set(e) == {"rule", "operation", "status", "at", "count"} for e in entries)
    assert not re.search(r"/\d+(/|\")", text)  # indices generalised
    assert not re.search(r"[A-Z0-9]{20}", text)  # no GUIDs


def test_parallel_check_accepts_the_same(project, capsys):
    for seed in (1, 2, 3):
        write_traffic(project / "rec" / f"mock{seed}.jsonl", seed=seed, drifts=NULL_CREATOR)
    main(["check", "rec", "--write-baseline", "known.json"])
    capsys.readouterr()
    outs = [text_check(capsys, "rec", "--baseline", "known.json", "-j", j) for j in ("1", "2")]
    assert outs[0] == outs[1] and outs[0][0] == 0


def test_the_baseline_key_is_relative_to_the_config_file(project, capsys, monkeypatch):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    (project / "ci").mkdir()
    main(["check", "rec", "--write-baseline", str(project / "ci" / "known.json")])
    pyproject(project, 'baseline = "ci/known.json"')
    (project / "src").mkdir()
    monkeypatch.chdir(project / "src")
    capsys.readouterr()
    code, out = text_check(capsys, str(project / "rec"))
    assert code == 0 and "known finding(s) accepted" in out


def test_the_flag_replaces_the_key(project, capsys):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    main(["check", "rec", "--write-baseline", "full.json"])
    (project / "empty.json").write_text(
        '{"format": "arena-contract baseline", "version": 1, "findings": []}', "utf-8"
    )
    pyproject(project, 'baseline = "full.json"')
    capsys.readouterr()
    assert text_check(capsys, "rec")[0] == 0
    assert text_check(capsys, "rec", "--baseline", "empty.json")[0] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON (line 1)"),
        ("[]", "not an arena-contract baseline"),
        ('{"format": "arena-contract baseline", "findings": [{"rule": 1}]}', "findings[0] needs"),
        (b"\xff\xfe", "cannot read it"),
    ],
)
def test_a_broken_baseline_is_one_line_and_exit_2(project, capsys, content, message):
    write_traffic(project / "rec" / "mock.jsonl")
    path = project / "known.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = check(capsys, "rec", "--baseline", "known.json")
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert err.startswith("arena-contract: baseline known.json: ")


def test_an_unwritable_baseline_is_exit_2(project, capsys):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    code, _, err = check(capsys, "rec", "--write-baseline", "no/such/dir/known.json")
    assert code == 2 and "cannot write the baseline no/such/dir/known.json" in err
