"""The severity policy: which rules are ignored, warnings or errors, here or everywhere.

Applied to a response's findings after the rules have run (``Validator`` hands them over),
so the rules and the engine know nothing of it. A selector is a rule ID or a glob over the
IDs (``header.*``), optionally narrowed to a place with ``@`` and a JSON-pointer glob
(``schema.pattern@/results/*/creator/guid``; a header's name for header rules).

Which selector decides a finding: the command line's (flags, environment, ini keys) before
the configuration file's; within one source the more specific (narrowed to a place, then an
exact ID, then the longer pattern); at a tie ``error`` before ``warn`` before ``ignore``.
``--strict`` makes every warning no selector decides an error.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

from arena_contract.config.baseline import Ledger, entry, status_class
from arena_contract.config.files import ConfigError
from arena_contract.config.places import (
    RUN_IN_LIST,
    SINGLE_RUN,
    check_place,
    place_matches,
    touches,
)
from arena_contract.findings import Finding, Severity
from arena_contract.rules.registry import ALIASES
from arena_contract.suggest import did_you_mean, nearest

Action = Literal["ignore", "warn", "error"]
ACTIONS: tuple[Action, ...] = ("ignore", "warn", "error")
#: What the configuration file is to the command line: overruled by it. (The command line's
#: own sources rank above COMMAND_LINE: an ini key, then the environment, then a flag.)
FILE, COMMAND_LINE = 0, 1


def known_rules() -> dict[str, Severity]:
    """Every rule ID a selector may name, with its default severity: the catalogue's (the
    rules on one answer, on a capture's sequence, and on a probe run's requests)."""
    from arena_contract.rules import catalogue

    return {rule: severity for rule, severity, _ in catalogue()}  # type: ignore[misc]


def nearest_rules(rule: str, known: Iterable[str]) -> list[str]:
    """The known rule IDs nearest ``rule``, the nearest first: a misspelt ID (header.serve)
    is answered with the one meant (header.server) before any other."""
    return nearest(rule, known)


@dataclass(frozen=True)
class Selector:
    text: str
    action: Action
    #: "pyproject.toml:4", "--warn", "ARENA_WARN", "ini arena_warn".
    source: str
    layer: int
    rule: str
    place: str | None = None

    @classmethod
    def parse(
        cls, text: str, action: Action, source: str, layer: int, known: Iterable[str]
    ) -> Selector:
        rule, _, place = text.strip().partition("@")
        rule = rule.strip()
        rule = ALIASES.get(rule, rule)  # an old ID names the rule that owns its property now
        if not rule:
            raise ConfigError(f"{source}: {action} {text!r}: no rule ID before the @")
        narrowed = "@" in text
        if narrowed:
            why = check_place(place.strip())
            if why:
                raise ConfigError(f"{source}: {action} {text!r}: {why}")
        known = list(known)
        if not any(fnmatch.fnmatchcase(rule_id, rule) for rule_id in known):
            hint = did_you_mean(rule, known)
            raise ConfigError(
                f"{source}: {action} {text!r} matches no rule{hint}; every rule: "
                "arena-contract rules"
            )
        place = place.strip()
        named = [k for k in known if fnmatch.fnmatchcase(k, rule)]
        if (
            narrowed
            and not place.startswith("/")
            and not all(k.startswith("header.") for k in named)
        ):
            raise ConfigError(
                f"{source}: {action} {text!r}: {place!r} is not a JSON pointer (start it with /; "
                "a header's name narrows header.* rules only)"
            )
        return cls(text.strip(), action, source, layer, rule, place if narrowed else None)

    def names(self, rule_id: str) -> bool:
        return fnmatch.fnmatchcase(rule_id, self.rule)

    @cached_property
    def strength(self) -> tuple[int, bool, int, int, int]:
        """The larger decides: the source's layer, then narrowed to a place (the longer the
        place the stronger), then an exact ID (then the longer pattern), then the action."""
        literal = len(re.sub(r"[*?\[\]]", "", self.rule))
        exact = not re.search(r"[*?\[]", self.rule)
        place = len(self.place.replace("*", "")) if self.place is not None else -1
        specific = exact * 1000 + literal
        return (self.layer, self.place is not None, place, specific, ACTIONS.index(self.action))


@dataclass(frozen=True)
class Policy:
    """Severities, strictness, the baseline of known findings and the consumed fields."""

    selectors: tuple[Selector, ...] = ()
    strict: bool = False
    #: The known findings' entries (see baseline.py) and where they were read from.
    baseline: frozenset[tuple[str, str, str, str]] | None = None
    baseline_path: Path | None = None
    write_baseline: Path | None = None
    consumes: tuple[str, ...] = ()
    #: The configuration file in effect, for messages ("" when none).
    origin: str = ""
    #: The hosts the baseline was written from: only a run that saw one calls entries stale.
    baseline_hosts: frozenset[str] = frozenset()
    _by_rule: dict[str, tuple[Selector, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def active(self) -> bool:
        """Anything to do with a response's findings."""
        return bool(self.selectors or self.strict or self.tallies)

    @property
    def tallies(self) -> bool:
        """Findings must be counted by their baseline entry (to filter, write or name)."""
        return self.baseline is not None or self.write_baseline is not None or bool(self.consumes)

    def _candidates(self, rule_id: str) -> tuple[Selector, ...]:
        found = self._by_rule.get(rule_id)
        if found is None:
            found = tuple(s for s in self.selectors if s.names(rule_id))
            self._by_rule[rule_id] = found
        return found

    def decide(self, rule_id: str, pointer: str) -> Selector | None:
        """The selector that decides a finding of ``rule_id`` at ``pointer``, if any."""
        best = None
        for selector in self._candidates(rule_id):
            if selector.place is not None and not place_matches(selector.place, pointer):
                continue
            if best is None or selector.strength > best.strength:
                best = selector
        return best

    def severity(self, finding: Finding) -> Severity | None:
        """The finding's severity under the policy; None when it is ignored."""
        selector = self.decide(finding.rule, finding.pointer) if self.selectors else None
        if selector is None:
            return "error" if self.strict else finding.severity
        return None if selector.action == "ignore" else _SEVERITY[selector.action]

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """``findings`` with the policy's severities, ignored ones left out."""
        kept = []
        for finding in findings:
            severity = self.severity(finding)
            if severity is None:
                continue
            kept.append(
                finding if severity == finding.severity else replace(finding, severity=severity)
            )
        return kept

    def effective(self, rule_id: str, default: Severity) -> tuple[str, str]:
        """(severity or "ignored", where it was set) for a rule everywhere (un-narrowed)."""
        selector = None
        for candidate in self._candidates(rule_id):
            if candidate.place is None and (
                selector is None or candidate.strength > selector.strength
            ):
                selector = candidate
        if selector is None:
            if self.strict and default == "warning":
                return "error", "--strict"
            return default, "default"
        label = "ignored" if selector.action == "ignore" else _SEVERITY[selector.action]
        return label, selector.source

    def narrowed(self, rule_id: str) -> list[Selector]:
        return [s for s in self._candidates(rule_id) if s.place is not None]

    def settle(
        self, operation: str, status: int | None, findings: Iterable[Finding], ledger: Ledger | None
    ) -> list[Finding]:
        """The findings of one response to report: severities applied, the ignored and
        (with a baseline) the known ones left out; each counted in ``ledger`` by its entry."""
        findings = self.apply(findings) if self.selectors or self.strict else list(findings)
        if ledger is None:
            return findings
        kept = []
        status_text = status_class(status)
        for finding in findings:
            known = entry(finding, operation, status_text)
            ledger.seen[known] += 1
            if self.baseline is not None and known in self.baseline:
                ledger.accepted[known] += 1
                continue
            pointer = RUN_IN_LIST + finding.pointer if operation == SINGLE_RUN else finding.pointer
            if self.consumes and finding.target == "body" and self.consumed(pointer):
                ledger.consumed[known] += 1
            kept.append(finding)
        return kept

    def consumed(self, pointer: str) -> bool:
        return any(touches(glob, pointer) for glob in self.consumes)


_SEVERITY: dict[str, Severity] = {"warn": "warning", "error": "error"}
