"""Changes of one cause told once: a date format changed on every date field is one line.

A release that drops the zone from its date-times changes eight fields of two operations:
eight ``format-changed`` rows that say one thing. Changes of one kind with the same
transition (the same before and after, counts aside: ``present 573/573`` and
``present 4/4`` are both "always present") and the same standing toward the integration
(``consumes``) are one :class:`Cause`, in the order of their first change. Each cause
shows its first change's values, and, for a format change, an example value of each
format, since a format's name (``date-time-no-zone``) is less telling than a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from arena_contract.drift.formats import example
from arena_contract.drift.report import Change, Severity
from arena_contract.reporters.grouped import first_few

_FRACTION = re.compile(r"(\d+)/(\d+)")
#: The kinds whose before and after are lists of format names.
_FORMAT_KINDS = frozenset({"format-changed", "header-format-changed"})


@dataclass(frozen=True)
class Cause:
    """The changes of one cause: the first one stands for the others."""

    changes: tuple[Change, ...]

    @property
    def first(self) -> Change:
        return self.changes[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def severity(self) -> Severity:
        return self.first.severity

    @property
    def count(self) -> int:
        return len(self.changes)

    @property
    def locations(self) -> list[str]:
        return [change.location for change in self.changes]

    def where(self) -> str:
        """'body:listImportRuns:/results/*/status', or the first few places and how many
        more (reporters.grouped.first_few, as for findings): 'a, b, c and 5 more'."""
        return first_few(self.locations, self.count)

    def example(self) -> tuple[Any, Any] | None:
        """A value of the format before and one of the format after, for a format change
        whose formats have examples; None otherwise (the values shown are telling)."""
        if self.kind not in _FORMAT_KINDS:
            return None
        before, after = self.first.before, self.first.after
        old = [example(name) for name in before] if isinstance(before, list) else []
        new = [example(name) for name in after if name not in before] if after else []
        old, new = [v for v in old if v is not None], [v for v in new if v is not None]
        return (old[0], new[0]) if old and new else None


def causes(changes: list[Change]) -> list[Cause]:
    """``changes`` grouped by cause, in the order of each cause's first change."""
    found: dict[tuple[Any, ...], list[Change]] = {}
    for change in changes:
        key = (change.kind, change.consumed, _transition(change.before), _transition(change.after))
        found.setdefault(key, []).append(change)
    return [Cause(tuple(group)) for group in found.values()]


def _transition(value: Any) -> Any:
    """A change's before or after with its counts told as all, none or some: the same
    transition on a field seen 573 times and one seen 4 times."""
    if isinstance(value, list):
        return tuple(_transition(item) for item in value)
    if not isinstance(value, str):
        return value
    return _FRACTION.sub(_share, value)


def _share(match: re.Match[str]) -> str:
    part, whole = int(match[1]), int(match[2])
    return "none" if part == 0 else "all" if part == whole else "some"
