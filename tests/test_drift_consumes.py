"""Consumer-aware drift: with `consumes`, each change is marked as touching a consumed field
or not, breaking changes elsewhere are at most warnings, and reports lead with the consumer."""

from __future__ import annotations

import json

import pytest

from arena_contract.cli import main
from arena_contract.config.places import touches
from arena_contract.drift import drift, infer
from arena_contract.drift.consumer import field_path, mark_consumed
from arena_contract.drift.render import render_report
from tests.test_drift_mock import record

RUNS = "body:listImportRuns:/results/*"


@pytest.fixture(scope="module")
def report_parts():
    """A release that renamed submitFileType and completionDateTime and added a status."""
    drifts = ("renamed-field", "renamed-completion-date", "new-status-value")
    return infer(record()), infer(record(drifts=drifts))


def changes(report):
    return {(c.kind, c.severity, c.location, c.consumed) for c in report.changes}


def test_without_consumes_drift_is_as_before(report_parts):
    report = mark_consumed(drift(*report_parts), ())
    assert {c.consumed for c in report.changes} == {None}
    assert ("field-removed", "breaking", f"{RUNS}/submitFileType", None) in changes(report)
    assert "consumed" not in json.dumps(report.to_json())


def test_a_breaking_change_outside_the_consumed_fields_is_a_warning(report_parts):
    report = mark_consumed(drift(*report_parts), ("/results/*/status", "/count"))
    found = changes(report)
    assert ("field-removed", "warning", f"{RUNS}/submitFileType", False) in found
    assert ("field-removed", "warning", f"{RUNS}/completionDateTime", False) in found
    # The single run's /status is the list's /results/*/status.
    assert ("enum-value-undocumented", "breaking", f"{RUNS}/status", True) in found
    assert ("enum-value-undocumented", "breaking", "body:getImportRun:/status", True) in found
    assert report.fails("breaking")
    # Consumed changes come first, and the JSON summary counts them.
    flags = [c.consumed for c in report.changes]
    assert flags == sorted(flags, key=lambda f: f is False)
    summary = report.to_json()["summary"]
    assert summary["consumed"] == {"breaking": 2, "warning": 0, "info": 0}


def test_nothing_consumed_changed_passes(report_parts):
    report = mark_consumed(drift(*report_parts), ("/count",))
    assert not report.fails("breaking")
    assert all(c.consumed is False for c in report.changes)


@pytest.mark.parametrize(
    ("consumed", "pointer", "expected"),
    [
        ("/results/*/status", "/results/*/status", True),
        ("/results/*/status", "/results/3/status", True),
        ("/results/*/creator/guid", "/results/*/creator", True),  # holds it
        ("/results/*/creator", "/results/*/creator/guid", True),  # inside it
        ("/results/*/creator", "", True),  # the body itself
        ("/results/*/status", "/results/*/statusText", False),
        ("/results/*/status", "/count", False),
        ("/results/*/*DateTime", "/results/*/completionDateTime", True),
        ("/**/code", "/errors/0/code", True),
        ("/results/*/status", "Content-Type", False),  # a header is no body field
    ],
)
def test_touching_a_consumed_field(consumed, pointer, expected):
    assert touches(consumed, pointer) is expected


def test_only_body_changes_are_fields():
    assert field_path("body:listImportRuns:/results/*/status") == "/results/*/status"
    assert field_path("body:getImportRun:/status") == "/results/*/status"
    assert field_path("body:error:/") == ""
    assert field_path("header:Server") is None
    assert field_path("status:listImportRuns/unknown-guid") is None


def test_text_and_markdown_lead_with_the_consumer(report_parts):
    import io

    report = mark_consumed(drift(*report_parts), ("/results/*/status",))
    for fmt, first in (("text", "Touching consumed fields"), ("markdown", "**Arena API drift")):
        out = io.StringIO()
        render_report(report, fmt, out)
        text = out.getvalue()
        assert text.startswith(first)
        touching, elsewhere = text.index("enum-value-undocumented"), text.index("submitFileType")
        assert touching < text.index("Elsewhere") < elsewhere
    assert "touching consumed fields: 2 breaking" in text


def test_the_drift_command_reads_consumes_from_the_file_and_the_flag(tmp_path, monkeypatch, capsys):
    from tests.test_config import write_traffic

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARENA_CONSUMES", raising=False)
    before = write_traffic(tmp_path / "b" / "mock.jsonl")
    after = write_traffic(tmp_path / "a" / "mock.jsonl", drifts=("renamed-field",))
    assert main(["drift", before, after]) == 1  # submitFileType removed: breaking
    (tmp_path / "pyproject.toml").write_text(
        '[tool.arena-contract]\nconsumes = ["/results/*/status"]\n', "utf-8"
    )
    assert main(["drift", before, after]) == 0  # not a field this integration reads
    assert main(["drift", before, after, "--consumes", "/results/*/submitFileType"]) == 1
    capsys.readouterr()
    assert main(["drift", before, after, "--consumes", "results"]) == 2
    assert "consumes 'results' is not a JSON pointer" in capsys.readouterr().err
