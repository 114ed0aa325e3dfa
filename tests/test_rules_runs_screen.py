"""The per-run rules' shared screen (rules/runs.py ``_screen``) loses no finding.

The screen reads each run once and lets a per-run rule loop over the runs only when it has
something to report there (speed: issue 22). These tests check every finding with the screen
and without it (every rule told it has work) on generated run lists, conforming and broken
in the ways those rules look at, and that the screen does spare the rules on clean lists.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import validate_body
from arena_contract.exchange import Exchange
from arena_contract.rules import runs as run_rules
from arena_contract.rules.context import Context
from arena_contract.strategies import run_lists

SCREENED = (
    "run.counts",
    "run.chronology",
    "run.completion-date",
    "run.status-dates",
    "warnings.count",
)

#: Values a broken run may carry in a field the rules read: other types, odd dates.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 600_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "2019-01-01T00:00:00Z",
            "2099-12-31T23:59:59Z",
            "2021-09-15T00:00:00+02:00",
            "2021-09-15T00:00:00",
            "2021-09-15 00:00:00Z",
            "not a date",
            "COMPLETE",
            "RUNNING",
            "CREATED",
            "ERROR",
            "PURGED",
            "",
        ]
    ),
    st.just({"count": 2, "results": []}),
    st.just([{"creationDateTime": "2030-01-01T00:00:00Z"}]),
)
FIELDS = (
    "status",
    "creationDateTime",
    "completionDateTime",
    "totalCount",
    "successCount",
    "errorCount",
    "warnings",
    "changes",
)
CHANGE_FIELDS = ("creationDateTime", "lifecycleDateTime", "submissionDateTime", "effectiveDateTime")


@st.composite
def broken_run_lists(draw: st.DrawFn) -> dict:
    """A run list, with some of its runs' (and their changes') fields replaced."""
    body = draw(run_lists(max_size=6))
    for run in body["results"]:
        for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
            run[name] = draw(ODD_VALUES)
        if isinstance(run.get("warnings"), dict) and draw(st.booleans()):
            run["warnings"]["count"] = draw(st.integers(0, 5))
        changes = run.get("changes")
        for change in changes if isinstance(changes, list) else []:
            if isinstance(change, dict) and draw(st.booleans()):
                change[draw(st.sampled_from(CHANGE_FIELDS))] = draw(ODD_VALUES)
    return body


def _findings(body: dict) -> list[tuple]:
    return [(f.rule, f.pointer, f.message) for f in validate_body(body).findings]


@given(st.one_of(run_lists(max_size=6), broken_run_lists()))
def test_the_screen_loses_no_finding(body: dict) -> None:
    screened = _findings(body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_rules, "_screen", lambda items: frozenset(SCREENED))
        unscreened = _findings(body)
    assert screened == unscreened


@given(run_lists(max_size=6))
def test_a_conforming_list_gives_the_rules_no_work(body: dict) -> None:
    # Conforming runs (strategies.runs): counts add up once finished, dates in order,
    # warnings counted. A running run's counts may fall short of its total: run.counts
    # then looks (and finds nothing, as it should).
    ctx = Context.of(Exchange(None, None, None, None, body, None))
    work = run_rules._screen(ctx.run_items)
    assert work <= {"run.counts"}
    short = any(r["successCount"] + r["errorCount"] != r["totalCount"] for r in body["results"])
    assert ("run.counts" in work) == short


CHANGE = {
    "category": {"guid": "L3N6PX663K3K3HOBOOT2", "name": "ECO", "path": "Change\\ECO"},
    "creationDateTime": "2024-01-01T00:00:00Z",
    "creator": {"email": "a@example.com", "fullName": "A", "guid": "L3N6PX663K3K3HOBOOT1"},
    "effectiveDateTime": None,
    "guid": "L3N6PX663K3K3HOBOOT3",
    "lifecycleDateTime": "2024-01-01T00:00:00Z",
    "lifecycleStatus": {"type": "OPEN_AND_UNLOCKED"},
    "number": "ECO-000001",
    "submissionDateTime": None,
    "title": "t",
}
#: For each screened rule, ways of breaking a clean finished run that it reports.
BREAKS = [
    ("run.counts", {"errorCount": 1}),
    ("run.counts", {"successCount": 2}),
    ("run.counts", {"status": "RUNNING", "completionDateTime": None, "errorCount": 1}),
    ("run.chronology", {"completionDateTime": "2024-01-01T00:00:00Z"}),
    ("run.chronology", {"completionDateTime": "2024-01-02T00:00:00+01:00"}),
    ("run.chronology", {"changes": [{**CHANGE, "lifecycleDateTime": "2023-12-31T00:00:00Z"}]}),
    (
        "run.chronology",
        {"changes": [CHANGE, {**CHANGE, "submissionDateTime": "2023-01-01T00:00:00Z"}]},
    ),
    ("run.completion-date", {"completionDateTime": None}),
    ("run.completion-date", {"status": "ERROR", "completionDateTime": None}),
    ("run.status-dates", {"status": "RUNNING"}),
    ("run.status-dates", {"status": "CREATED", "successCount": 0, "errorCount": 0}),
    ("warnings.count", {"warnings": {"count": 2, "results": []}}),
    ("warnings.count", {"warnings": {"count": 0, "results": [{"code": 331, "message": "m"}]}}),
]


@pytest.mark.parametrize(("rule_id", "broken"), BREAKS)
def test_each_screened_rule_still_reports(rule_id: str, broken: dict) -> None:
    run = {
        "guid": "L3N6PX663K3K3HOBOOT0",
        "number": 1,
        "creator": {"email": "a@example.com", "fullName": "A", "guid": "L3N6PX663K3K3HOBOOT1"},
        "submitFileType": "CSV",
        "status": "COMPLETE",
        "commit": True,
        "creationDateTime": "2024-01-02T00:00:00Z",
        "completionDateTime": "2024-01-02T00:05:00Z",
        "totalCount": 3,
        "successCount": 3,
        "errorCount": 0,
        "warnings": {"count": 0, "results": []},
    }
    clean = validate_body({"count": 1, "results": [{**run, "changes": [CHANGE]}]})
    assert [f.rule for f in clean.findings] == []
    report = validate_body({"count": 1, "results": [{**run, **broken}]})
    assert rule_id in [f.rule for f in report.findings]
