"""Every rule, registered on import. One module per subject; see registry.py for the mechanism."""

from arena_contract.rules import body, errors, headers, lists, runs, schema  # noqa: F401
from arena_contract.rules.registry import RULES, Hit, Rule, catalogue, rule

__all__ = ["RULES", "Hit", "Rule", "catalogue", "rule"]
