"""junit: JUnit XML for CI dashboards: the outcome's tests (a suite per file for ``check``,
one suite for the probe and for drift). Secrets are redacted in every value before it is
escaped for XML (an escaped secret would not be found any more), and in the document after."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters import report_format
from arena_contract.reporters.outcome import Case, Outcome

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


@report_format("junit", "JUnit XML for CI dashboards")
def write(outcome: Outcome, out: TextIO) -> None:
    from xml.etree import ElementTree as ET  # not on every command's start-up

    root = ET.Element("testsuites", outcome.totals)
    for suite in outcome.suites():
        element = ET.SubElement(root, "testsuite", suite.attributes)
        if suite.properties is not None:
            properties = ET.SubElement(element, "properties")
            for name, value in suite.properties:
                ET.SubElement(properties, "property", name=name, value=_safe(value))
        for case in suite.cases:
            _case(element, case)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(redact_text(ET.tostring(root, encoding="unicode")) + "\n")


def _case(suite: Element, case: Case) -> None:
    from xml.etree import ElementTree as ET

    element = ET.SubElement(suite, "testcase", classname=case.group, name=case.name)
    if case.error is not None:
        ET.SubElement(element, "error", message=_safe(case.error))
    elif case.skipped is not None:
        ET.SubElement(element, "skipped", message=_safe(case.skipped))
    elif case.failure is not None:
        failure = ET.SubElement(element, "failure", message=_safe(case.failure))
        failure.text = _safe(case.text) if case.text is not None else None
    if case.out:
        ET.SubElement(element, "system-out").text = _safe(case.out)


def _safe(text: str) -> str:
    return redact_text(text)
