"""How to accept a drift: the command that makes what Arena does now the baseline, and,
when no ``consumes`` is configured, the configuration that keeps changes to fields the
integration does not read from failing the job."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from arena_contract.drift.consumer import field_path
from arena_contract.drift.report import DriftReport

#: The baseline file docs/drift.md names, for a comparison whose baseline is a recording.
DEFAULT_BASELINE = "arena-baseline.json"


@dataclass(frozen=True)
class Acceptance:
    #: The command that records the current side as the baseline.
    command: str
    #: What to do about it, in words: "re-baseline", "make ... the baseline".
    action: str
    #: Whether to say that ``consumes`` scopes the changes to fields the integration reads.
    consumes_hint: bool = False

    def short(self) -> str:
        """One clause for an annotation: 'to accept: re-baseline (arena-contract infer ...)'."""
        return f"to accept: {self.action} ({self.command})"

    def lines(self) -> list[str]:
        found = [f"To accept, once the integration handles it: {self.action}: {self.command}"]
        if self.consumes_hint:
            found.append(
                "A change to a field the integration does not read: name the fields it reads "
                "in consumes ([tool.arena-contract] consumes = [...], or --consumes POINTER; "
                "docs/configuration.md), and changes elsewhere are at most warnings."
            )
        return found


def acceptance(
    report: DriftReport, *, current: str, baseline: str | None, baseline_is_summary: bool
) -> Acceptance | None:
    """How to accept ``report``'s changes (None when there are none). ``baseline`` is None
    when the contract was the baseline (``drift --spec``)."""
    if not report.changes:
        return None
    if baseline is not None and baseline_is_summary:
        target, action = baseline, "re-baseline"
    elif baseline is not None:
        target, action = DEFAULT_BASELINE, "make the current recording the baseline"
    else:
        target, action = DEFAULT_BASELINE, "make what Arena does now the baseline"
    command = f"arena-contract infer {shlex.quote(current)} -o {shlex.quote(target)}"
    body_breaking = any(
        c.severity == "breaking" and field_path(c.location) is not None for c in report.changes
    )
    return Acceptance(command, action, consumes_hint=body_breaking and not report.consumes)
