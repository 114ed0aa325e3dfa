"""Consumer-aware drift: which changes touch the fields an integration reads (``consumes``).

A change to a body field is *consumed* when its path is a consumed field, inside one, or
holds one (``/results/*/creator`` changing type touches ``/results/*/creator/guid``). A
breaking change to a field the integration never reads cannot break it: it is reported as
a warning. Changes that are no field's (statuses, error codes, headers) keep their severity:
every integration sees the status, and consumes names body fields only. The report then
leads with what touches the consumer.
"""

from __future__ import annotations

from dataclasses import replace

from arena_contract.config.places import RUN_IN_LIST, SINGLE_RUN, touches
from arena_contract.drift.report import SEVERITIES, Change, DriftReport


def field_path(location: str) -> str | None:
    """The JSON pointer of a body change (``body:listImportRuns:/results/*/status``), or
    None for a status, error code or header change. A single run's field is named as in
    the list (``/status`` of getImportRun is ``/results/*/status``): one ``consumes`` entry
    covers a field however the integration fetches the run."""
    kind, _, rest = location.partition(":")
    if kind != "body":
        return None
    pool, _, path = rest.partition(":")
    path = "" if path == "/" else path
    return RUN_IN_LIST + path if pool == SINGLE_RUN else path


def mark_consumed(report: DriftReport, consumes: tuple[str, ...]) -> DriftReport:
    """``report`` with every body change marked consumed or not, consumed ones first."""
    if not consumes:
        return report
    marked = []
    for change in report.changes:
        path = field_path(change.location)
        if path is not None:
            change = replace(change, consumed=any(touches(glob, path) for glob in consumes))
        marked.append(change)
    marked.sort(key=_order)
    report.changes = marked
    report.consumes = consumes
    return report


def _order(change: Change) -> tuple[bool, int, str, str, str]:
    return (
        change.consumed is False,
        SEVERITIES.index(change.severity),
        change.location,
        change.kind,
        repr(change.after),
    )
