"""JUnit XML for CI dashboards: a testsuite per file, a testcase per response."""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe
from arena_contract.results import FileResult, Summary


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    root = ET.Element(
        "testsuites",
        name="arena-contract",
        tests=str(summary.exchanges),
        failures=str(summary.failed),
        errors=str(summary.unreadable),
    )
    for result in results:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=result.path,
            tests=str(len(result.exchanges)),
            failures=str(sum(not e.report.ok for e in result.exchanges)),
            errors="1" if result.error else "0",
        )
        if result.error is not None:
            case = ET.SubElement(suite, "testcase", classname=result.path, name="read")
            ET.SubElement(case, "error", message=redact_text(result.error))
        for ex in result.exchanges:
            name = " ".join(p for p in (ex.origin or f"#{ex.index}", ex.request) if p)
            case = ET.SubElement(suite, "testcase", classname=result.path, name=name)
            if not ex.report.ok:
                lines = [describe(f) for f in ex.report.errors]
                failure = ET.SubElement(case, "failure", message=lines[0])
                failure.text = "\n".join(lines)
            if ex.report.warnings:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"warning: {describe(f)}" for f in ex.report.warnings)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
