"""The result of a comparison: changes, each of a kind with its severity, and notes.

Every change kind is one entry of :data:`KINDS`: its severity and what it means for a
client. The checks that find them are in ``compare`` (statuses, error codes, bodies) and
``headers``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["breaking", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "warning", "info")


@dataclass(frozen=True)
class Kind:
    severity: Severity
    meaning: str


#: Every change kind, its severity and what it means for a client.
KINDS: dict[str, Kind] = {
    "field-removed": Kind("breaking", "a field the baseline had is never there now"),
    "became-optional": Kind(
        "breaking", "a field or header that was always there is sometimes absent"
    ),
    "type-changed": Kind("breaking", "a field has a JSON type it did not have"),
    "became-nullable": Kind("breaking", "a field that was never null is null"),
    "format-changed": Kind("breaking", "a string field's values have a format they did not have"),
    "header-removed": Kind("breaking", "a response header is gone"),
    "header-format-changed": Kind("breaking", "a header's values have a format they did not have"),
    "status-changed": Kind("breaking", "the same kind of request gets other HTTP statuses"),
    "error-code-changed": Kind("breaking", "the same kind of request gets other Arena error codes"),
    "enum-value-undocumented": Kind(
        "breaking",
        "a value outside the enum the contract documents (check's schema.enum error): a client "
        "that handles only the documented values (an exhaustive switch, a mapping) breaks",
    ),
    "enum-value-added": Kind(
        "warning",
        "an enum-like field the contract does not enumerate has a value the baseline never "
        "had (exhaustive switches break)",
    ),
    "status-added": Kind("warning", "a kind of request also gets a status it did not get"),
    "error-code-added": Kind("warning", "a kind of request also gets an error code it did not get"),
    "header-value-changed": Kind("warning", "a constant header has another constant value"),
    "field-added": Kind("info", "a new field (clients ignoring unknown fields are unaffected)"),
    "header-added": Kind("info", "a new response header"),
    "enum-value-removed": Kind(
        "info",
        "an enum value the baseline saw often enough is no longer seen"
        " (clients still handle it; often a renamed value, shown with its enum-value-added)",
    ),
}


@dataclass(frozen=True)
class Change:
    kind: str
    location: str
    before: Any
    after: Any
    #: With ``consumes`` (drift/consumer.py): whether the change touches a field the
    #: integration reads; None without it, and for changes that are not a field's.
    consumed: bool | None = None

    @property
    def severity(self) -> Severity:
        severity = KINDS[self.kind].severity
        # A field the integration never reads cannot break it: at most a warning.
        return "warning" if self.consumed is False and severity == "breaking" else severity

    def to_json(self) -> dict[str, Any]:
        found = {
            "kind": self.kind,
            "severity": self.severity,
            "location": self.location,
            "before": self.before,
            "after": self.after,
        }
        if self.consumed is not None:
            found["consumed"] = self.consumed
        return found


@dataclass
class DriftReport:
    """The changes (sorted: severity, location, kind) and notes on what was not compared."""

    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The consumed fields the changes were judged against (drift/consumer.py), if any.
    consumes: tuple[str, ...] = ()

    def summary(self) -> dict[str, int]:
        counts = Counter(change.severity for change in self.changes)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}

    def consumed_summary(self) -> dict[str, int]:
        """The summary of the changes that touch a consumed field (or are no field's)."""
        counts = Counter(c.severity for c in self.changes if c.consumed is not False)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}

    def fails(self, threshold: Severity = "breaking") -> bool:
        """True when a change is at least as severe as ``threshold``."""
        worst = SEVERITIES[: SEVERITIES.index(threshold) + 1]
        return any(change.severity in worst for change in self.changes)

    def to_json(self) -> dict[str, Any]:
        summary: dict[str, Any] = self.summary()
        if self.consumes:
            summary = {**summary, "consumed": self.consumed_summary()}
        return {"changes": [c.to_json() for c in self.changes], "summary": summary}


def presence(present: int, of: int) -> str:
    """How a change shows presence: ``present 3/4`` (3 of the 4 places it could be)."""
    return f"present {present}/{of}"
