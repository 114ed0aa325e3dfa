"""Drift tells one cause once: changes of one kind and transition are one line (one GitHub
annotation) with their count, an example value before and after, and how to accept them;
annotations point at the recording file the change was seen in."""

import os
import re

import pytest

from arena_contract.cli import main
from arena_contract.drift.causes import causes
from arena_contract.drift.formats import (
    EXAMPLES,
    OTHER,
    STRING_FORMATS,
    header_format,
    string_format,
)
from arena_contract.drift.report import Change
from tests.test_drift_cli import write_captures
from tests.test_drift_support import run

DATE_FIELDS = ("creationDateTime", "completionDateTime")


def _no_zone(number: int) -> dict:
    return run(number, **{name: run(number)[name].rstrip("Z") for name in DATE_FIELDS})


@pytest.fixture
def sides(tmp_path):
    before = write_captures(tmp_path / "before", [run(i) for i in range(1, 31)])
    after = write_captures(tmp_path / "after", [_no_zone(i) for i in range(1, 31)])
    return before, after


def test_a_date_format_change_on_every_date_field_is_one_line_with_an_example(sides, capsys):
    before, after = sides
    assert main(["drift", before, after]) == 1
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("BREAKING")]
    assert len(rows) == 1, out
    (row,) = rows
    assert all(f"/results/*/{name}" in row for name in DATE_FIELDS)
    assert "date-time-utc -> date-time-no-zone" in row
    assert f"(e.g. {EXAMPLES['date-time-utc']} -> {EXAMPLES['date-time-no-zone']})" in row
    assert "Drift: 2 breaking, 0 warning, 0 info." in out  # the count is still per change
    assert f"arena-contract infer {after} -o arena-baseline.json" in out


def test_github_one_annotation_per_cause_with_its_count_on_a_file(sides, capsys):
    before, after = sides
    assert main(["drift", before, after, "--format", "github"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if "::" in line]
    assert len(annotations) == 1, annotations
    (line,) = annotations
    file = os.path.join(after, "page0.json").replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::error file={file},title=drift format-changed (2 places)::")
    assert "to accept: " in line


def test_with_several_files_an_annotation_points_at_the_file_that_shows_the_change(
    tmp_path, capsys
):
    before = write_captures(tmp_path / "before", [run(i) for i in range(1, 31)])
    # The drifted page is the second file: its annotation must name it, not the first.
    after = write_captures(tmp_path / "after", [run(i) for i in range(1, 31)], [_no_zone(31)])
    assert main(["drift", before, after, "--format", "github"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if "::" in line]
    assert len(annotations) == 1
    assert f"file={os.path.join(after, 'page1.json')}," in annotations[0].replace("%3A", ":")


def test_the_suggested_re_baseline_accepts_the_change(sides, tmp_path, capsys):
    """With a saved baseline, the report names the command that re-baselines it; running
    that command makes the same comparison come out clean."""
    before, after = sides
    baseline = tmp_path / "arena-known.json"
    assert main(["infer", before, "-o", str(baseline)]) == 0
    assert main(["drift", str(baseline), after]) == 1
    out = capsys.readouterr().out
    command = re.search(r"re-baseline: arena-contract (infer \S+ -o \S+)", out)
    assert command, out
    assert command[1] == f"infer {after} -o {baseline}"
    assert main(command[1].split()) == 0
    assert main(["drift", str(baseline), after]) == 0
    assert "No drift" in capsys.readouterr().out


def test_without_consumes_a_breaking_field_change_names_the_consumes_key(sides, capsys):
    before, after = sides
    assert main(["drift", before, after]) == 1
    assert "consumes" in capsys.readouterr().out
    assert main(["drift", before, after, "--consumes", "/results/*/status"]) == 0
    out = capsys.readouterr().out
    assert "WARNING  format-changed" in out and "name the fields it reads" not in out


@pytest.mark.parametrize("counts", [(573, 4), (1, 2), (30, 30), (7, 1000)])
def test_one_transition_on_fields_seen_different_numbers_of_times_is_one_cause(counts):
    changes = [
        Change(
            "became-nullable", f"body:listImportRuns:/results/*/f{n}", "never null", f"null {n}/{n}"
        )
        for n in counts
    ]
    changes.append(
        Change("became-optional", "body:listImportRuns:/x", "present 5/5", "present 2/5")
    )
    changes.append(Change("became-optional", "body:getImportRun:/x", "present 9/9", "present 0/9"))
    found = causes(changes)
    assert [cause.count for cause in found] == [len(counts), 1, 1]


def test_other_values_are_other_causes():
    location = "body:listImportRuns:/results/*/status"
    changes = [Change("enum-value-added", location, ["A"], value) for value in ("B", "C")]
    assert len(causes(changes)) == 2


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_is_a_value_of_its_format(name):
    assert name in (string_format(EXAMPLES[name]), header_format(EXAMPLES[name]))


def test_docs_grouped_sample_is_what_drift_prints_for_a_zone_lost_on_every_date(
    tmp_path, monkeypatch, capsys
):
    """docs/drift.md's grouped report is the real one: the mock recorded as it is and with
    its date-without-zone switch, the first as a saved baseline."""
    from tests.test_docs import DRIFT_MD, _fenced_after

    monkeypatch.chdir(tmp_path)
    assert main(["record", "-q", "-o", "before"]) == 0
    assert main(["record", "-q", "-o", "recordings/after/", "--drift", "date-without-zone"]) == 0
    assert main(["infer", "before", "-o", "arena-baseline.json"]) == 0
    capsys.readouterr()
    assert main(["drift", "arena-baseline.json", "recordings/after/"]) == 1
    real = capsys.readouterr().out
    sample = _fenced_after(DRIFT_MD, "Changes of one cause are told once", "text")
    assert real == sample


def test_every_format_but_free_text_has_an_example():
    assert set(STRING_FORMATS) - {OTHER} <= set(EXAMPLES)
