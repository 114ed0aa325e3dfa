"""Output: a drift report as an :class:`Outcome` for every format of ``reporters.FORMATS``
(its text for people drawn here: aligned columns by cause); a shape summary as text.

Each cause (drift/causes.py: the changes one release made alike) is one item of the one
finding shape, as a rule at one place is for ``check`` and the probe: its kind as the rule,
its transition as what was found, its places as where. The JSON report is the command
line's envelope (docs/cli.md): ``{"ok", "summary": {"breaking", "warning", "info",
"unreadable"}, "changes": [{kind, severity, location, before, after}], "notes": [...],
"unreadable": [...]}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from arena_contract.drift.accept import Acceptance
from arena_contract.drift.causes import Cause, causes
from arena_contract.drift.report import SEVERITIES, DriftReport, Severity
from arena_contract.drift.shape import FieldShape, Shape
from arena_contract.reporters.outcome import Case, Item, Outcome, Suite

#: What a drift report says when a side had nothing that could be read.
NOT_COMPARED = "Not compared: a side has nothing that could be read"


@dataclass
class DriftReporter:
    """A drift report, ready to be told in every format (:meth:`outcome`).

    ``unreadable``: inputs that could not be read (each named in the report); ``ok``: the
    verdict for JSON (default: no breaking change, all read); ``compared``: False when a
    side had nothing readable (no "No drift" to mislead); ``current``: the recording the
    changes were seen in; ``files``: the file of each change (drift/locate.py), in the order
    of ``report.changes`` (GitHub annotations point at it, else at ``current``); ``accept``:
    how to accept the changes (drift/accept.py); ``fail_on``: the severity that fails (JUnit
    failures)."""

    report: DriftReport
    unreadable: Sequence[str] = ()
    ok: bool | None = None
    compared: bool = True
    current: str = ""
    files: Sequence[str] = ()
    accept: Acceptance | None = None
    fail_on: Severity = "breaking"

    @property
    def verdict(self) -> bool:
        if self.ok is not None:
            return self.ok
        return not self.report.fails(self.fail_on) and not self.unreadable

    def text(self, out: TextIO) -> None:
        if not self.compared:
            out.write(f"{NOT_COMPARED}.\n")
            for note in self.report.notes:
                out.write(f"note: {note}\n")
        else:
            _report_text(self.report, out, self.accept)
        for line in self.unreadable:
            out.write(f"error: {line}\n")

    def outcome(self) -> Outcome:
        """The report for every format of reporters.FORMATS (text: :meth:`text`)."""
        report = self.report
        if not self.compared:
            headline, closing = NOT_COMPARED, f"{NOT_COMPARED}."
        elif report.consumes:
            headline = f"{consumed_line(report)}; in all: {summary_line(report)}"
            closing = f"Drift {headline}."
        else:
            headline = summary_line(report)
            closing = f"Drift: {headline}."
        accept = self.accept.lines() if self.accept and report.changes else []
        return Outcome(
            title="Arena API drift",
            headline=headline,
            exit_code=0 if self.verdict else 2 if self.unreadable else 1,
            document=self._document,
            items=self._items,
            closing=[closing],
            notes=accept,
            empty="No changes.",
            totals=self._totals(),
            suites=lambda: [self._suite()],
            text=self.text,
        )

    def _document(self) -> dict[str, Any]:
        report = self.report
        return {
            "ok": self.verdict,
            "summary": {**report.summary(), "unreadable": len(self.unreadable)},
            **({"consumed": report.consumed_summary()} if report.consumes else {}),
            "changes": [change.to_json() for change in report.changes],
            "notes": report.notes,
            "unreadable": list(self.unreadable),
        }

    def _items(self) -> list[Item]:
        """A cause per item, on the recording file its first change was seen in, the
        consumer's first, with how many places it touches; then the unreadable inputs and
        what was not compared."""
        file_of = {id(c): f for c, f in zip(self.report.changes, self.files, strict=False)}
        items = []
        for heading, found in _sections(self.report):
            for cause in found:
                first = cause.first
                count = f" ({cause.count} places)" if cause.count > 1 else ""
                touches = " (touches a consumed field)" if first.consumed else ""
                items.append(
                    Item(
                        cause.severity,
                        cause.kind,
                        _transition(cause) + touches,
                        where=cause.where(),
                        file=file_of.get(id(first), self.current) or None,
                        title=f"drift {cause.kind}{count}",
                        hint=self.accept.short() if self.accept else "",
                        section=heading or "",
                    )
                )
        items += [Item("error", "unreadable", line) for line in self.unreadable]
        items += [Item("notice", "not compared", note) for note in self.report.notes]
        return items

    def _totals(self) -> dict[str, str]:
        found = [cause for _, group in _sections(self.report) for cause in group]
        return {
            "name": "arena-contract drift",
            "tests": str(len(found) + len(self.unreadable)),
            "failures": str(sum(cause.severity in self._failing for cause in found)),
            "errors": str(len(self.unreadable)),
        }

    @property
    def _failing(self) -> tuple[Severity, ...]:
        return SEVERITIES[: SEVERITIES.index(self.fail_on) + 1]

    def _suite(self) -> Suite:
        """A test per cause, failed when it is at least as severe as ``fail_on``; an error
        per unreadable input."""
        report = self.report
        properties = [("summary", summary_line(report))]
        properties += [("note", note) for note in report.notes]
        accept = self.accept.lines() if self.accept else []
        cases = []
        for _, group in _sections(report):
            for cause in group:
                text = f"{cause.severity}: {_transition(cause)}"
                if cause.severity in self._failing:
                    lines = "\n".join([*cause.locations, *accept])
                    cases.append(Case(cause.kind, cause.where(), failure=text, text=lines))
                else:
                    cases.append(Case(cause.kind, cause.where(), out=text))
        cases += [Case("input", "read", error=line) for line in self.unreadable]
        return Suite(self._totals(), cases, properties)


def render_report(report: DriftReport, fmt: str, out: TextIO, **options: Any) -> None:
    """``report`` in ``fmt`` (one of reporters.FORMATS); ``options`` as :class:`DriftReporter`'s."""
    from arena_contract.reporters import write

    write(DriftReporter(report, **options).outcome(), fmt, out)


def summary_line(report: DriftReport) -> str:
    counts = report.summary()
    return ", ".join(f"{n} {severity}" for severity, n in counts.items())


def consumed_line(report: DriftReport) -> str:
    """'touching consumed fields: 1 breaking, 0 warning, 0 info', with ``consumes``."""
    counts = report.consumed_summary()
    return "touching consumed fields: " + ", ".join(f"{n} {s}" for s, n in counts.items())


def _sections(report: DriftReport) -> list[tuple[str | None, list[Cause]]]:
    """The changes by cause, those touching the consumer first under their own heading."""
    if not report.consumes:
        return [(None, causes(report.changes))]
    touching = causes([c for c in report.changes if c.consumed is not False])
    elsewhere = causes([c for c in report.changes if c.consumed is False])
    return [
        (f"Touching consumed fields ({', '.join(report.consumes)}):", touching),
        (
            "Elsewhere (fields the integration does not read: at most a warning):",
            elsewhere,
        ),
    ]


def _value(value: Any, empty: str = "-") -> str:
    if value is None:
        return empty
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) if value else empty
    return str(value)


def _transition(cause: Cause, empty: str = "-") -> str:
    """'date-time-utc -> date-time-no-zone (e.g. 2026-03-02T09:30:00Z -> 2026-03-02T09:30:00)'."""
    first = cause.first
    text = f"{_value(first.before, empty)} -> {_value(first.after, empty)}"
    shown = cause.example()
    return f"{text} (e.g. {shown[0]} -> {shown[1]})" if shown else text


def _row(cause: Cause) -> tuple[str, str, str, str]:
    return (cause.severity.upper(), cause.kind, cause.where(), _transition(cause))


def _report_text(report: DriftReport, out: TextIO, accept: Acceptance | None) -> None:
    if not report.changes:
        out.write(f"No drift ({summary_line(report)}).\n")
    else:
        rows = [_row(cause) for _, found in _sections(report) for cause in found]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for heading, changes in _sections(report):
            if heading:
                out.write(f"{heading}{'' if changes else ' none'}\n")
            for row in map(_row, changes):
                out.write(
                    "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
                    + f"  {row[3]}\n"
                )
        if report.consumes:
            out.write(f"\nDrift {consumed_line(report)}; in all: {summary_line(report)}.\n")
        else:
            out.write(f"\nDrift: {summary_line(report)}.\n")
        for line in accept.lines() if accept else ():
            out.write(f"{line}\n")
    for note in report.notes:
        out.write(f"note: {note}\n")


# -- shape summaries as text -----------------------------------------------------------------


def render_shape_text(shape: Shape, out: TextIO) -> None:
    """A readable listing of a summary (the JSON form is the one to commit)."""
    for name, group in shape.groups.items():
        out.write(f"{name}  ({group.exchanges} exchanges)\n")
        if group.statuses:
            out.write(f"  statuses: {_counts(group.statuses)}\n")
        if group.error_codes:
            out.write(f"  error codes: {_counts(group.error_codes)}\n")
        for header, h in group.headers.items():
            value = f" = {h.value!r}" if h.value is not None else ""
            recorded = group.responses - group.unrecorded[header]
            out.write(f"  header {header}: {h.present}/{recorded}  {_counts(h.formats)}{value}\n")
        for header, count in sorted(group.unrecorded.items()):
            out.write(f"  header {header}: not recorded in {count} of {group.responses}\n")
        for part, body in group.bodies.items():
            out.write(f"  {part} bodies: {body.count}\n")
            for path, f in body.fields.items():
                out.write(f"    {path or '/'}  {_field_text(f)}\n")
        out.write("\n")


def _field_text(f: FieldShape) -> str:
    parts = [f"{f.present}/{f.parent}", _counts(f.types) or "-"]
    if f.nulls:
        parts.append(f"null×{f.nulls}")
    if f.formats:
        parts.append(f"formats: {_counts(f.formats)}")
    if f.values:
        parts.append(f"values: {_counts(f.values)}")
    return "  ".join(parts)


def _counts(counter: Any) -> str:
    return ", ".join(f"{key}×{n}" for key, n in sorted(counter.items(), key=lambda kv: str(kv[0])))
