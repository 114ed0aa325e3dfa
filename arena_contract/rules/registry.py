"""The rule registry: each rule is a small function with a stable ID and a one-line doc.

The engine (arena_contract.validate) knows only this registry, never the rules
themselves: adding a rule is writing one decorated function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from arena_contract.findings import _UNSET, Severity, Target

if TYPE_CHECKING:
    from arena_contract.rules.context import Context


class Hit(NamedTuple):
    """What a rule yields; the engine stamps it with the rule's ID and severity.

    ``rule`` overrides the ID for rule families (``schema.<keyword>``), ``severity``
    the default severity (a rule that is a warning in some cases only).
    """

    target: Target
    pointer: str
    message: str
    expected: Any = _UNSET
    actual: Any = _UNSET
    rule: str | None = None
    severity: Severity | None = None


Check = Callable[["Context"], Iterable[Hit]]


def shown(value: Any) -> Any:
    """A body value as a finding quotes it: a scalar as it is, an object or an array by its
    JSON type. A finding is no place for a subtree, which may be nested deeper than Python
    can print (a rule that put one in a message or ``actual`` would crash, not report)."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return value


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    severity: Severity
    check: Check
    #: (id, severity, summary) of the IDs a rule family reports under (schema.<keyword>).
    family: tuple[tuple[str, Severity, str], ...] = ()


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    summary: str,
    severity: Severity = "error",
    family: tuple[tuple[str, Severity, str], ...] = (),
) -> Callable[[Check], Check]:
    """Register ``check`` under ``rule_id``: ``@rule("header.date", "Date is an HTTP-date")``."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, summary, severity, check, family)
        return check

    return register


Feed = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class SequenceRule:
    """A rule over the responses of one capture, in order (e.g. pages of one list).

    ``start()`` returns a fresh ``feed``; the engine calls it with each exchange's context
    and attaches what it yields to that exchange. It keeps only what it needs, so a large
    HAR file is still checked in bounded memory.
    """

    id: str
    summary: str
    severity: Severity
    start: Callable[[], Feed]


SEQUENCE_RULES: dict[str, SequenceRule] = {}


def sequence_rule(
    rule_id: str, summary: str, severity: Severity = "error"
) -> Callable[[Callable[[], Feed]], Callable[[], Feed]]:
    """Register a rule over a sequence of exchanges (see SequenceRule)."""

    def register(start: Callable[[], Feed]) -> Callable[[], Feed]:
        if rule_id in RULES or rule_id in SEQUENCE_RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        SEQUENCE_RULES[rule_id] = SequenceRule(rule_id, summary, severity, start)
        return start

    return register


def catalogue() -> list[tuple[str, str, str]]:
    """(id, default severity, summary) for every rule ID, families expanded, sorted by ID."""
    from arena_contract import rules  # noqa: F401 - importing registers every rule

    rows = []
    for r in RULES.values():
        if r.family:
            rows.extend(r.family)
        else:
            rows.append((r.id, r.severity, r.summary))
    rows.extend((r.id, r.severity, r.summary) for r in SEQUENCE_RULES.values())
    return sorted(rows)
