"""Schemathesis hooks: arena-contract's rules as a check in `schemathesis run`.

    SCHEMATHESIS_HOOKS=arena_contract.schemathesis_hooks \\
        schemathesis run openapi.yaml --url https://api.arenasolutions.com/v1 \\
        -H "arena_session_id: $ARENA_SESSION_ID"

Importing this module registers the ``arena_contract_rules`` check (see
arena_contract.suite.st_checks), which applies the project's validator to every answer of
this contract's operations, and does nothing for other APIs' operations.
"""

from arena_contract.suite.st_checks import arena_contract_rules

__all__ = ["arena_contract_rules"]
