"""Each rule's effective severity under a Policy, and where it was set: for
``arena-contract rules``."""

from __future__ import annotations

from arena_contract.config.policy import Policy


def effective_rows(policy: Policy, rows: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """{id, default, severity, set_by, summary} per catalogue row; severity is ``ignored``
    for an ignored rule, ``set_by`` is ``default`` or "pyproject.toml:4", "command line"..."""
    found = []
    for rule_id, default, summary in rows:
        severity, source = policy.effective(rule_id, default)  # type: ignore[arg-type]
        narrowed = policy.narrowed(rule_id)
        if narrowed:
            source += f" (+{len(narrowed)} narrowed)"
        found.append(
            {
                "id": rule_id,
                "default": default,
                "severity": severity,
                "set_by": source,
                "summary": summary,
            }
        )
    return found


def narrowed_lines(policy: Policy) -> list[str]:
    """'schema.pattern@/results/*/creator/guid: ignored there (pyproject.toml:5)' per
    selector narrowed to a place."""
    label = {"ignore": "ignored", "warn": "a warning", "error": "an error"}
    return [
        f"{s.text}: {label[s.action]} there ({s.source})"
        for s in policy.selectors
        if s.place is not None
    ]
