"""The rule registry: each rule is a small function with a stable ID and a one-line doc.

Three shapes, one catalogue of IDs: a :func:`rule` judges one exchange, a
:func:`sequence_rule` the exchanges of one capture in order (pages of one list), and a
:func:`run_rule` what a probe run saw across its requests (Schemathesis' run-level checks:
the probe hands it the evidence, a filter value and the page it came from). The engines
(arena_contract.validate, the probe) know only this registry, never the rules themselves:
adding a rule is writing one decorated function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, NamedTuple

from arena_contract.findings import _UNSET, Finding, Severity, Target

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


#: What a rule may need of an exchange to have anything to say (``rule(..., needs=...)``):
#: captured headers, an HTTP status, the request, an operation of the contract it answered.
NEEDS = ("headers", "status", "request", "operation")


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    severity: Severity
    check: Check
    #: (id, severity, summary) of the IDs a rule family reports under (schema.<keyword>).
    family: tuple[tuple[str, Severity, str], ...] = ()
    #: Of NEEDS, what the exchange must have for this rule to be run at all.
    needs: frozenset[str] = frozenset()


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    summary: str,
    severity: Severity = "error",
    family: tuple[tuple[str, Severity, str], ...] = (),
    needs: tuple[str, ...] = (),
) -> Callable[[Check], Check]:
    """Register ``check`` under ``rule_id``: ``@rule("header.date", "Date is an HTTP-date")``.

    ``needs`` (of NEEDS) says what an exchange must have for the rule to have anything to
    say: the engine does not call it on others (a raw body has no headers: the header rules
    are not called for it). The rule's own first test says the same; ``needs`` spares the
    call, a tenth of a small file's rules.
    """
    unknown = set(needs) - set(NEEDS)
    if unknown:
        raise ValueError(f"rule {rule_id}: unknown needs {sorted(unknown)} (known: {NEEDS})")

    def register(check: Check) -> Check:
        _claim(rule_id)
        RULES[rule_id] = Rule(rule_id, summary, severity, check, family, frozenset(needs))
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
        _claim(rule_id)
        SEQUENCE_RULES[rule_id] = SequenceRule(rule_id, summary, severity, start)
        return start

    return register


@dataclass(frozen=True)
class RunRule:
    """A rule over what one probe run saw across requests (a filter value and the page it
    was taken from, the pages of a walk, the quota header over the run).

    The probe calls it with its evidence (the decorated function, called, returns the
    findings stamped with the rule's ID and severity); ``check`` and the validator never run
    it, as a capture holds no such evidence.
    """

    id: str
    summary: str
    severity: Severity
    check: Callable[..., Iterable[Hit]]


RUN_RULES: dict[str, RunRule] = {}

#: Old rule IDs a configuration may still name, and the rule that owns the property now
#: (probe.page-repeat checked what list.pages-overlap checks, for the probe's walk only).
ALIASES: dict[str, str] = {"probe.page-repeat": "list.pages-overlap"}


def run_rule(
    rule_id: str, summary: str, severity: Severity = "error"
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., list[Finding]]]:
    """Register a rule over a probe run's evidence (see RunRule); the function returned
    takes the same arguments and returns the findings."""

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., list[Finding]]:
        _claim(rule_id)
        RUN_RULES[rule_id] = RunRule(rule_id, summary, severity, check)

        @wraps(check)
        def findings(*args: Any, **kwargs: Any) -> list[Finding]:
            return [stamp(rule_id, severity, hit) for hit in check(*args, **kwargs)]

        return findings

    return register


def stamp(rule_id: str, severity: Severity, hit: Hit) -> Finding:
    """The finding a rule's hit makes (the hit may name a family member or a severity)."""
    return Finding(
        hit.rule or rule_id,
        hit.severity or severity,
        hit.target,
        hit.pointer,
        hit.message,
        hit.expected,
        hit.actual,
    )


def _claim(rule_id: str) -> None:
    if rule_id in RULES or rule_id in SEQUENCE_RULES or rule_id in RUN_RULES:
        raise ValueError(f"rule {rule_id} registered twice")
    if rule_id in ALIASES:
        raise ValueError(f"rule {rule_id} is an alias of {ALIASES[rule_id]}")


def rows() -> list[tuple[str, str, str]]:
    """(id, default severity, summary) for every rule ID registered so far, families
    expanded, sorted by ID (``arena_contract.rules.catalogue`` registers them all first)."""
    found = []
    for r in RULES.values():
        if r.family:
            found.extend(r.family)
        else:
            found.append((r.id, r.severity, r.summary))
    found.extend((r.id, r.severity, r.summary) for r in SEQUENCE_RULES.values())
    found.extend((r.id, r.severity, r.summary) for r in RUN_RULES.values())
    return sorted(found)
