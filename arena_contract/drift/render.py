"""Output: a drift report as text, JSON, a Markdown table or GitHub annotations; a shape
summary as text.

The JSON report is the command line's envelope (docs/cli.md): ``{"ok", "summary":
{"breaking", "warning", "info", "unreadable"}, "changes": [{kind, severity, location,
before, after}], "notes": [...], "unreadable": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from arena_contract.drift.accept import Acceptance
from arena_contract.drift.causes import Cause, causes
from arena_contract.drift.report import SEVERITIES, Change, DriftReport, Severity
from arena_contract.drift.shape import FieldShape, Shape
from arena_contract.reporters.markdown import cell, code, severity


@dataclass
class DriftReporter:
    """A drift report as a :class:`arena_contract.reporters.Reporter`.

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

    def json(self, out: TextIO) -> None:
        _report_json(self.report, out, self.unreadable, self.verdict)

    def github(self, out: TextIO) -> None:
        file_of = {id(c): f for c, f in zip(self.report.changes, self.files, strict=False)}
        _report_github(
            self.report,
            out,
            self.unreadable,
            self.compared,
            self.accept,
            lambda c: file_of.get(id(c), self.current),
        )

    def text(self, out: TextIO) -> None:
        if not self.compared:
            out.write("Not compared: a side has nothing that could be read.\n")
            for note in self.report.notes:
                out.write(f"note: {note}\n")
        else:
            _report_text(self.report, out, self.accept)
        for line in self.unreadable:
            out.write(f"error: {line}\n")

    def markdown(self, out: TextIO) -> None:
        if not self.compared:
            out.write("Not compared: a side has nothing that could be read.\n")
            for note in self.report.notes:
                out.write(f"- {cell(note)}\n")
        else:
            _report_markdown(self.report, out, self.accept)
        for line in self.unreadable:
            out.write(f"\n**Unreadable:** {cell(line)}\n")

    def junit(self, out: TextIO) -> None:
        _report_junit(self, out)


def render_report(report: DriftReport, fmt: str, out: TextIO, **options: Any) -> None:
    """``report`` in ``fmt`` (one of reporters.FORMATS); ``options`` as :class:`DriftReporter`'s."""
    from arena_contract.reporters import write

    write(DriftReporter(report, **options), fmt, out)


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


def _report_json(report: DriftReport, out: TextIO, unreadable: Sequence[str], ok: bool) -> None:
    document = {
        "ok": ok,
        "summary": {**report.summary(), "unreadable": len(unreadable)},
        **({"consumed": report.consumed_summary()} if report.consumes else {}),
        "changes": [change.to_json() for change in report.changes],
        "notes": report.notes,
        "unreadable": list(unreadable),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


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


def _report_markdown(report: DriftReport, out: TextIO, accept: Acceptance | None) -> None:
    if report.consumes:
        out.write(
            f"**Arena API drift {consumed_line(report)}**; in all: {summary_line(report)}\n\n"
        )
    else:
        out.write(f"**Arena API drift:** {summary_line(report)}\n\n")
    if report.changes:
        for heading, changes in _sections(report):
            if heading:
                out.write(f"{cell(heading)}{'' if changes else ' none'}\n\n")
            if not changes:
                continue
            out.write("| Severity | Change | Where | Before | After |\n")
            out.write("| --- | --- | --- | --- | --- |\n")
            for cause in changes:
                c = cause.first
                before, after = cell(_value(c.before, "—")), cell(_value(c.after, "—"))
                shown = cause.example()
                if shown:
                    before += f" (e.g. {code(shown[0])})"
                    after += f" (e.g. {code(shown[1])})"
                where = ", ".join(code(location) for location in cause.locations)
                out.write(f"| {severity(c.severity)} | {c.kind} | {where} | {before} | {after} |\n")
            out.write("\n" if heading else "")
        for line in accept.lines() if accept else ():
            out.write(f"\n{cell(line)}\n")
    else:
        out.write("No changes.\n")
    if report.notes:
        out.write("\nNot compared:\n\n")
        for note in report.notes:
            out.write(f"- {cell(note)}\n")


#: A change's severity as a GitHub workflow command.
_ANNOTATION = {"breaking": "error", "warning": "warning", "info": "notice"}


def _report_github(
    report: DriftReport,
    out: TextIO,
    unreadable: Sequence[str],
    compared: bool,
    accept: Acceptance | None,
    file_of: Callable[[Change], str],
) -> None:
    """One workflow annotation per cause (breaking: error, warning, info: notice), on the
    recording file its first change was seen in, the consumer's changes first, with how
    many places it touches; then the summary line."""
    from arena_contract.reporters.github_report import annotation

    for _, found in _sections(report):
        for cause in found:
            c = cause.first
            count = f" ({cause.count} places)" if cause.count > 1 else ""
            title = f"drift {c.kind}{count}"
            touches = " (touches a consumed field)" if c.consumed else ""
            text = f"{cause.where()}: {_transition(cause)}{touches}"
            if accept:
                text += f"; {accept.short()}"
            out.write(annotation(_ANNOTATION[c.severity], title, text, file=file_of(c) or None))
    for line in unreadable:
        out.write(annotation("error", "unreadable", line))
    for note in report.notes:
        out.write(annotation("notice", "not compared", note))
    if not compared:
        out.write("Not compared: a side has nothing that could be read.\n")
    elif report.consumes:
        out.write(f"Drift {consumed_line(report)}; in all: {summary_line(report)}.\n")
    else:
        out.write(f"Drift: {summary_line(report)}.\n")


def _report_junit(view: DriftReporter, out: TextIO) -> None:
    """A test case per cause, failed when it is at least as severe as ``fail_on``; an
    error per unreadable input."""
    from xml.etree import ElementTree as ET

    report = view.report
    found = [cause for _, group in _sections(report) for cause in group]
    failing = SEVERITIES[: SEVERITIES.index(view.fail_on) + 1]
    failed = [cause for cause in found if cause.severity in failing]
    totals = {
        "name": "arena-contract drift",
        "tests": str(len(found) + len(view.unreadable)),
        "failures": str(len(failed)),
        "errors": str(len(view.unreadable)),
    }
    root = ET.Element("testsuites", totals)
    suite = ET.SubElement(root, "testsuite", totals)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="summary", value=summary_line(report))
    for note in report.notes:
        ET.SubElement(properties, "property", name="note", value=note)
    for cause in found:
        case = ET.SubElement(suite, "testcase", classname=cause.kind, name=cause.where())
        text = f"{cause.severity}: {_transition(cause)}"
        if cause in failed:
            failure = ET.SubElement(case, "failure", message=text)
            failure.text = "\n".join(
                [*cause.locations, *(view.accept.lines() if view.accept else [])]
            )
        else:
            ET.SubElement(case, "system-out").text = text
    for line in view.unreadable:
        case = ET.SubElement(suite, "testcase", classname="input", name="read")
        ET.SubElement(case, "error", message=line)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")


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
            out.write(
                f"  header {header}: {h.present}/{group.responses}  {_counts(h.formats)}{value}\n"
            )
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
