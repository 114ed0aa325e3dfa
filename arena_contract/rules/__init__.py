"""Every rule, registered on import. One module per subject; see registry.py for the mechanism."""

from arena_contract.rules import (  # noqa: F401
    body,
    content,
    errors,
    headers,
    lists,
    paging,
    runs,
    schema,
)
from arena_contract.rules.registry import (
    RULES,
    SEQUENCE_RULES,
    Hit,
    Rule,
    SequenceRule,
    catalogue,
    rule,
    sequence_rule,
)

__all__ = [
    "RULES",
    "SEQUENCE_RULES",
    "Hit",
    "Rule",
    "SequenceRule",
    "catalogue",
    "rule",
    "sequence_rule",
]
