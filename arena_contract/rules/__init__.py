"""Every rule, registered on import. One module per subject; see registry.py for the mechanism."""

from arena_contract.rules import (  # noqa: F401
    across,
    body,
    content,
    errors,
    headers,
    lists,
    paging,
    request_body,
    runs,
    schema,
)
from arena_contract.rules.registry import (
    ALIASES,
    RULES,
    RUN_RULES,
    SEQUENCE_RULES,
    Hit,
    Rule,
    RunRule,
    SequenceRule,
    rule,
    run_rule,
    sequence_rule,
)
from arena_contract.rules.registry import rows as _rows


def catalogue() -> list[tuple[str, str, str]]:
    """(id, default severity, summary) for every rule ID, families expanded, sorted by ID."""
    return _rows()


__all__ = [
    "ALIASES",
    "RULES",
    "RUN_RULES",
    "SEQUENCE_RULES",
    "Hit",
    "Rule",
    "RunRule",
    "SequenceRule",
    "catalogue",
    "rule",
    "run_rule",
    "sequence_rule",
]
