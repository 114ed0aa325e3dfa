"""What a run says about its configuration at the end: findings a baseline accepted, its
stale entries, findings that touch consumed fields; and the baseline it was asked to write.
The same lines for ``check``, the probe, the plugin and ``record``."""

from __future__ import annotations

import sys
from typing import Any

from arena_contract.config.baseline import Ledger, write
from arena_contract.config.files import shown
from arena_contract.config.policy import Policy

#: Entries named one per line, at most (the rest are counted).
SHOWN_ENTRIES = 10


def closing_lines(policy: Policy, ledger: Ledger | None) -> list[str]:
    if ledger is None:
        return []
    lines = []
    if policy.consumes:
        touching = ledger.consumed
        if touching:
            lines.append(
                f"touching consumed fields: {sum(touching.values())} finding(s) at "
                f"{len(touching)} place(s):"
            )
            lines += _entries(touching)
        else:
            lines.append("touching consumed fields: none")
    if policy.baseline is not None and policy.baseline_path is not None:
        name = shown(policy.baseline_path)
        accepted = sum(ledger.accepted.values())
        line = f"baseline {name}: {accepted} known finding(s) accepted"
        if not ledger.judges(policy.baseline_hosts):
            hosts = ", ".join(sorted(policy.baseline_hosts))
            line += f" (written from {hosts}: entries unseen here are reported only there)"
        lines.append(line)
        stale = ledger.stale(policy.baseline) if ledger.judges(policy.baseline_hosts) else []
        if stale:
            lines.append(
                f"baseline {name}: {len(stale)} stale entr{'y' if len(stale) == 1 else 'ies'} "
                "no longer seen (prune them, or rewrite it with --write-baseline):"
            )
            lines += [f"  {entry.text()}" for entry in stale[:SHOWN_ENTRIES]]
            if len(stale) > SHOWN_ENTRIES:
                lines.append(f"  … and {len(stale) - SHOWN_ENTRIES} more")
    return lines


def _entries(counts: dict) -> list[str]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"  {entry.text()} ×{n}" for entry, n in ordered[:SHOWN_ENTRIES]]
    if len(ordered) > SHOWN_ENTRIES:
        lines.append(f"  … and {len(ordered) - SHOWN_ENTRIES} more")
    return lines


def write_baseline(policy: Policy, ledger: Ledger | None) -> tuple[str | None, str | None]:
    """Write the asked-for baseline: (a line saying so, an error line), either None."""
    if policy.write_baseline is None or ledger is None:
        return None, None
    error = write(policy.write_baseline, ledger)
    if error:
        return None, error
    return (
        f"baseline written: {shown(policy.write_baseline)} ({len(ledger.seen)} entr"
        f"{'y' if len(ledger.seen) == 1 else 'ies'}, {sum(ledger.seen.values())} finding(s))",
        None,
    )


def finish_check(policy: Policy, results: list, args: Any, code: int) -> int:
    """``check``'s closing lines (after a text report on standard output, else on standard
    error), the baseline written if asked; the exit code. Writing a baseline records the
    findings rather than failing on them: 0, unless an input was unreadable or the baseline
    could not be written (2)."""
    if not policy.tallies:
        return code
    ledger = Ledger()
    for result in results:
        ledger.merge(result.ledger)
    written, error = write_baseline(policy, ledger)
    lines = closing_lines(policy, ledger) + ([written] if written else [])
    on_stdout = args.format == "text" and not args.output
    for line in lines if not args.quiet else [written] if written else []:
        if on_stdout:
            print(line)
        else:
            print(f"arena-contract: {line}", file=sys.stderr)
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    return 0 if written and code == 1 else code
