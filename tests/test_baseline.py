"""Baselines of known findings: written by `check --write-baseline`, read by `--baseline`
(or the config key); entries survive re-recording, new findings still fail, stale entries
are reported."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import run_cli
from tests.test_config import check, pyproject, rules_of, write_traffic

NULL_CREATOR = ("null-creator",)
BOTH = ("null-creator", "date-without-zone")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("ARENA_CONFIG", "ARENA_BASELINE", "ARENA_IGNORE", "ARENA_CONSUMES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_a_baseline_survives_a_rerecording_with_other_guids_and_indices(project):
    first = write_traffic(project / "before" / "mock.jsonl", seed=3, drifts=NULL_CREATOR)
    code, out, _ = run_cli("check", first, "--write-baseline", "known.json")
    assert code == 0 and "baseline written: known.json" in out
    # Another workspace state: other GUIDs, other numbers of runs, the findings elsewhere.
    again = write_traffic(project / "after" / "mock.jsonl", seed=11, drifts=NULL_CREATOR)
    assert check(again)[0] == 1
    code, out, _ = run_cli("check", again, "--baseline", "known.json")
    assert code == 0, out
    accepted = int(re.search(r"baseline known.json: (\d+) known finding", out).group(1))
    assert accepted > 20 and "0 error(s)" in out and "stale" not in out


def test_a_new_finding_fails_through_the_baseline(project):
    write_traffic(project / "before" / "mock.jsonl", seed=3, drifts=NULL_CREATOR)
    run_cli("check", "before", "--write-baseline", "known.json")
    after = write_traffic(project / "after" / "mock.jsonl", seed=11, drifts=BOTH)
    code, findings, err = check(after, "--baseline", "known.json")
    assert code == 1
    assert rules_of(findings) == {"schema.format": {"error"}}  # only what is new
    assert "known finding(s) accepted" in err  # JSON on stdout: the notes go to stderr


def test_stale_entries_are_reported(project):
    write_traffic(project / "before" / "mock.jsonl", drifts=BOTH)
    run_cli("check", "before", "--write-baseline", "known.json")
    fixed = write_traffic(project / "after" / "mock.jsonl", seed=5, drifts=NULL_CREATOR)
    code, out, _ = run_cli("check", fixed, "--baseline", "known.json")
    assert code == 0
    stale = re.search(r"(\d+) stale entries no longer seen", out)
    assert stale and int(stale.group(1)) >= 5, out
    assert "  schema.format at /results/*/creationDateTime (listImportRuns, 2xx)" in out


def test_the_file_is_sorted_stable_and_one_entry_per_line(project):
    recording = write_traffic(project / "rec" / "mock.jsonl", drifts=BOTH)
    run_cli("check", recording, "--write-baseline", "one.json")
    run_cli("check", recording, "--write-baseline", "two.json", "--jobs", "2")
    text = (project / "one.json").read_text("utf-8")
    assert text == (project / "two.json").read_text("utf-8")
    document = json.loads(text)
    entries = document["findings"]
    keys = [(e["rule"], e["operation"], e["status"], e["at"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # {, format, version, hosts, [, ..., ], }
    assert len(text.splitlines()) == len(entries) + 7 and document["hosts"] == ["127.0.0.1"]
    assert all(set(e) == {"rule", "operation", "status", "at", "count"} for e in entries)
    assert not re.search(r"/\d+(/|\")", text)  # indices generalised
    assert not re.search(r"[A-Z0-9]{20}", text)  # no GUIDs


def test_parallel_check_accepts_the_same(project):
    for seed in (1, 2, 3):
        write_traffic(project / "rec" / f"mock{seed}.jsonl", seed=seed, drifts=NULL_CREATOR)
    run_cli("check", "rec", "--write-baseline", "known.json")
    outs = [run_cli("check", "rec", "--baseline", "known.json", "-j", j)[:2] for j in ("1", "2")]
    assert outs[0] == outs[1] and outs[0][0] == 0


def test_the_baseline_key_is_relative_to_the_config_file(project, monkeypatch):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    (project / "ci").mkdir()
    run_cli("check", "rec", "--write-baseline", str(project / "ci" / "known.json"))
    pyproject(project, 'baseline = "ci/known.json"')
    (project / "src").mkdir()
    monkeypatch.chdir(project / "src")
    code, out, _ = run_cli("check", str(project / "rec"))
    assert code == 0 and "known finding(s) accepted" in out


def test_the_flag_replaces_the_key(project):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    run_cli("check", "rec", "--write-baseline", "full.json")
    (project / "empty.json").write_text(
        '{"format": "arena-contract baseline", "version": 1, "findings": []}', "utf-8"
    )
    pyproject(project, 'baseline = "full.json"')
    assert run_cli("check", "rec").code == 0
    assert run_cli("check", "rec", "--baseline", "empty.json").code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON (line 1)"),
        ("[]", "not an arena-contract baseline"),
        ('{"format": "arena-contract baseline", "findings": [{"rule": 1}]}', "findings[0] needs"),
        (b"\xff\xfe", "cannot read it"),
    ],
)
def test_a_broken_baseline_is_one_line_and_exit_2(project, content, message):
    write_traffic(project / "rec" / "mock.jsonl")
    path = project / "known.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = check("rec", "--baseline", "known.json")
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert err.startswith("arena-contract: baseline known.json: ")


def test_an_unwritable_baseline_is_exit_2(project):
    write_traffic(project / "rec" / "mock.jsonl", drifts=NULL_CREATOR)
    code, _, err = check("rec", "--write-baseline", "no/such/dir/known.json")
    assert code == 2 and "cannot write the baseline no/such/dir/known.json" in err


# -- the first write, through the configuration ------------------------------------------


def test_the_first_write_through_the_configuration(project):
    """The documented flow: the configuration names a baseline not written yet; writing it
    is the first step and succeeds; the next run reads it."""
    write_traffic(project / "recordings" / "mock.jsonl", drifts=NULL_CREATOR)
    pyproject(project, 'baseline = "arena-known.json"')
    code, out, _ = run_cli("check", "recordings/", "--write-baseline", "arena-known.json")
    assert code == 0 and "baseline written: arena-known.json" in out, out
    code, out, _ = run_cli("check", "recordings/")
    assert code == 0 and "known finding(s) accepted" in out and "stale" not in out


def test_a_missing_baseline_says_what_to_do_and_doing_it_works(project):
    write_traffic(project / "recordings" / "mock.jsonl", drifts=NULL_CREATOR)
    pyproject(project, 'baseline = "arena-known.json"')
    code, _, err = check("recordings/")
    assert code == 2 and err.count("\n") == 1, err
    advice = re.search(r"run this command once with (--write-baseline \S+)", err)
    assert advice, err
    assert run_cli("check", "recordings/", *advice.group(1).split()).code == 0
    assert (project / "arena-known.json").is_file()


# -- scope: a baseline from one host says nothing of runs on another -----------------------


def on_host(path, host: str) -> str:
    """The recording at ``path`` as if it had been captured from ``host``."""
    text = path.read_text("utf-8").replace("://127.0.0.1", f"://{host}")
    path.write_text(text, "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("production", "elsewhere"),
    [
        ("api.arenasolutions.com", "127.0.0.1:40613"),
        ("API.ArenaSolutions.com", "localhost"),
        ("api.europe.arenasolutions.com", "api.arenasolutions.com"),
    ],
)
def test_a_baseline_is_scoped_by_the_hosts_it_was_written_from(project, production, elsewhere):
    drifted = project / "prod" / "mock.jsonl"
    write_traffic(drifted, drifts=BOTH)
    run_cli("check", on_host(drifted, production), "--write-baseline", "known.json")
    document = json.loads((project / "known.json").read_text("utf-8"))
    assert document["hosts"] == [production.lower()]
    clean = project / "mock" / "mock.jsonl"
    write_traffic(clean, seed=5)
    code, out, _ = run_cli("check", on_host(clean, elsewhere), "--baseline", "known.json")
    assert code == 0 and "stale" not in out, out
    assert f"written from {production.lower()}: entries unseen here are reported only" in out
    # The same clean traffic from the baseline's own host: its entries are stale there.
    again = project / "prod2" / "mock.jsonl"
    write_traffic(again, seed=5)
    code, out, _ = run_cli("check", on_host(again, production), "--baseline", "known.json")
    assert code == 0 and re.search(r"\d+ stale entries no longer seen", out), out


def test_a_baseline_without_hosts_is_judged_everywhere(project):
    """Baselines written before the scope (or from bodies alone) keep their old meaning."""
    (project / "known.json").write_text(
        '{"format": "arena-contract baseline", "version": 1, "findings": [{"rule": '
        '"schema.type", "operation": "listImportRuns", "status": "2xx", "at": "/count"}]}',
        "utf-8",
    )
    write_traffic(project / "rec" / "mock.jsonl")
    code, out, _ = run_cli("check", "rec", "--baseline", "known.json")
    assert code == 0 and "1 stale entry no longer seen" in out, out


def test_a_production_baseline_does_not_nag_the_probe_on_the_mock(project):
    drifted = project / "prod" / "mock.jsonl"
    write_traffic(drifted, drifts=BOTH)
    run_cli("check", on_host(drifted, "api.arenasolutions.com"), "--write-baseline", "known.json")
    pyproject(project, 'baseline = "known.json"')
    code, out, _ = run_cli("probe", "--max-requests", "12")
    assert code == 0
    assert "stale" not in out and "written from api.arenasolutions.com" in out, out
