"""Findings (what a rule says about an exchange) and the Report that collects them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Literal

Severity = Literal["error", "warning"]
Target = Literal["body", "headers", "status", "request"]


class _Unset:
    """Marks "no expected/actual value" (None is a real value: a null in the body)."""

    def __repr__(self) -> str:
        return "<unset>"

    def __reduce__(self) -> str:
        # Unpickled (a --jobs worker's findings), it is the same object again: `is` holds.
        return "_UNSET"


_UNSET: Any = _Unset()


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a response.

    ``pointer`` is an RFC 6901 JSON Pointer into the body for body findings,
    the header's name for header findings, and "" for status findings.
    """

    rule: str
    severity: Severity
    target: Target
    pointer: str
    message: str
    expected: Any = _UNSET
    actual: Any = _UNSET

    def to_dict(self) -> dict[str, Any]:
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in values if value is not _UNSET}

    @property
    def has_expected(self) -> bool:
        return self.expected is not _UNSET

    @property
    def has_actual(self) -> bool:
        return self.actual is not _UNSET


@dataclass
class Report:
    """All findings for one exchange. Errors make it not ``ok``; warnings do not.

    A report in a large file's results may keep only some of its findings
    (checker.KEPT_PER_GROUP): the others are counted in ``omitted_errors`` and
    ``omitted_warnings``, and ``ok`` counts them too.
    """

    findings: list[Finding] = field(default_factory=list)
    omitted_errors: int = 0
    omitted_warnings: int = 0

    @property
    def ok(self) -> bool:
        return not self.omitted_errors and not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "findings": [f.to_dict() for f in self.findings]}


_INDEX = re.compile(r"/\d+(?=/|$)")


def generalised(pointer: str) -> str:
    """``pointer`` with every array index as ``*``: /results/2/creator -> /results/*/creator."""
    return _INDEX.sub("/*", pointer)


@dataclass(frozen=True)
class FindingGroup:
    """The same rule at the same generalised place, told once: the first finding, the count,
    the first few pointers, and (when the findings came with places) the first few places."""

    first: Finding
    pattern: str
    count: int
    pointers: tuple[str, ...]
    #: The distinct places (e.g. the responses of a capture file) it was found in, first few.
    places: tuple[str, ...] = ()
    #: How many distinct places in all.
    place_count: int = 0

    def more(self) -> str:
        """' (and 19 more at /results/*/creator)' (' (and 19 more)' for the body or status
        as a whole), or '' for a group of one."""
        if self.count == 1:
            return ""
        return f" (and {self.count - 1} more{f' at {self.pattern}' if self.pattern else ''})"


def group_findings(
    findings: Iterable[Finding], *, keep: int = 3, places: Iterable[str] | None = None
) -> list[FindingGroup]:
    """Findings grouped by rule and generalised pointer, in order of first appearance.

    ``places``, when given, says where each finding was found (one per finding, in order):
    a group then keeps its first ``keep`` distinct places and counts them all.
    """
    groups: dict[tuple[str, str], list[Finding]] = {}
    where: dict[tuple[str, str], dict[str, None]] = {}
    place_of = iter(places) if places is not None else None
    for finding in findings:
        key = (finding.rule, generalised(finding.pointer))
        groups.setdefault(key, []).append(finding)
        if place_of is not None:
            where.setdefault(key, {})[next(place_of)] = None
    result = []
    for key, group in groups.items():
        seen = list(where.get(key, ()))
        pointers = tuple(f.pointer for f in group[:keep])
        result.append(
            FindingGroup(group[0], key[1], len(group), pointers, tuple(seen[:keep]), len(seen))
        )
    return result
