"""What a probe run produces, as plain values: each probe's :class:`Result` (the answers it
judged, as :class:`Verdict`\\ s), the :class:`Observation`\\ s where Arena's docs are silent,
and the :class:`Coverage` of the documented behaviours.

The reports (text, JSON, JUnit XML, GitHub), the pytest items and ``arena-contract probe``
read these and nothing else; nothing here knows pytest or sends a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding, group_findings
from arena_contract.live.client import ArenaUnreachable
from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe, exchange_line
from arena_contract.suite.probe import BEHAVIOURS, Probe

Outcome = Literal["passed", "failed", "skipped"]


@dataclass
class Verdict:
    """One answer, judged: the contract's findings and the probe's own, by severity."""

    exchange: Exchange
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        return failure_message(self.exchange, self.errors)


@dataclass
class Result:
    """What one probe did: its outcome, the answers it judged, what it sent."""

    probe: Probe
    outcome: Outcome = "passed"
    reason: str = ""
    checked: list[Verdict] = field(default_factory=list)
    #: Findings across answers, of no one answer (X-Arena-Requests-Remaining's countdown).
    loose: list[Finding] = field(default_factory=list)
    #: Failures that are not findings (Schemathesis's own checks, a timeout).
    failures: list[str] = field(default_factory=list)
    #: (name, value) for the reports: the request sent, what was observed.
    properties: list[tuple[str, str]] = field(default_factory=list)
    #: Requests this probe sent (an answer another probe already had costs nothing).
    sent: int = 0
    #: Arena could not be reached at all: the run ends.
    fatal: ArenaUnreachable | None = None

    def failure_text(self) -> str:
        lines = [failure_message(c.exchange, c.errors) for c in self.checked if c.errors]
        lines += [f"  - [error] {describe(f)}" for f in self.loose if f.severity == "error"]
        return "\n".join(lines + self.failures)

    def warning_texts(self) -> list[str]:
        return [failure_message(c.exchange, c.warnings) for c in self.checked if c.warnings]


@dataclass(frozen=True)
class Observation:
    """What the workspace did where Arena's docs are silent: a topic ("limit > 400"), a
    reading for people ("400/3220") and the same as a value (status, code, results...)."""

    topic: str
    what: str
    value: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "answer": self.value}


@dataclass
class Coverage:
    held: list[str]
    failed: list[str]
    not_probed: list[str]
    #: Why a behaviour was not probed, when its probe said (a skip reason).
    why: dict[str, str]
    stopped: str | None

    @classmethod
    def of(cls, results: list[Result], stopped: str | None) -> Coverage:
        """Which documented behaviours were probed (and held or failed), and which not."""
        held: list[str] = []
        failed: list[str] = []
        why: dict[str, str] = {}
        for behaviour in BEHAVIOURS:
            outcomes = [r for r in results if behaviour in r.probe.behaviours]
            if any(r.outcome == "failed" for r in outcomes):
                failed.append(behaviour)
            elif any(r.outcome == "passed" for r in outcomes):
                held.append(behaviour)
            elif outcomes:
                why[behaviour] = outcomes[0].reason
        not_probed = [b for b in BEHAVIOURS if b not in held and b not in failed]
        return cls(held, failed, not_probed, why, stopped)

    @property
    def probed(self) -> list[str]:
        return [b for b in BEHAVIOURS if b in self.held or b in self.failed]

    def sentence(self) -> str:
        """'contract holds for 14 of 25 behaviours; not probed within the budget: ...'"""
        total = len(BEHAVIOURS)
        if self.failed:
            head = (
                f"contract fails for {len(self.failed)} of {total} behaviours "
                f"({', '.join(self.failed)}); holds for {len(self.held)}"
            )
        else:
            head = f"contract holds for {len(self.held)} of {total} behaviours"
        if not self.not_probed:
            return head
        within = " within the budget" if self.stopped else ""
        return f"{head}; not probed{within}: {', '.join(self.not_probed)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": len(BEHAVIOURS),
            "held": self.held,
            "failed": self.failed,
            "not_probed": [
                {
                    "behaviour": b,
                    "what": BEHAVIOURS[b],
                    **({"why": self.why[b]} if b in self.why else {}),
                }
                for b in self.not_probed
            ],
        }


# -- how a result reads (the reports' one request line and finding list) --------------------


def failure_message(exchange: Exchange, findings: list[Finding]) -> str:
    """The request, then each finding; the same finding on many runs is told once."""
    lines = [exchange_line(exchange)]
    for group in group_findings(findings):
        lines.append(f"  - [{group.first.severity}] {describe(group.first)}{group.more()}")
    return redact_text("\n".join(lines))
