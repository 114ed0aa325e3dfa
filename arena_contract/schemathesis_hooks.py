"""Schemathesis hooks: arena-contract's rules as a check, and real GUIDs, in `schemathesis run`.

    arena-contract contract export arena-spec && cd arena-spec
    SCHEMATHESIS_HOOKS=arena_contract.schemathesis_hooks \\
        schemathesis run openapi.yaml --url https://api.arenasolutions.com/v1 \\
        -H "arena_session_id: $ARENA_SESSION_ID"

Importing this module registers:

- the ``arena_contract_rules`` check (see arena_contract.suite.st_checks), which applies the
  project's validator to every answer of this contract's operations, and does nothing for
  other APIs' operations;
- an ``after_load_schema`` hook that makes the ``guid`` and ``runGuid`` path parameters
  enumerate real import and run GUIDs (``ARENA_IMPORT_GUIDS``, else discovered with the
  session given; see arena_contract.suite.st_targets), so that run lists and runs are
  answered and their bodies checked;
- a ``before_call`` hook that sends a run GUID with the import it belongs to (in every
  phase: Schemathesis's coverage phase draws the two parameters independently).
"""

from __future__ import annotations

from typing import Any

import schemathesis

from arena_contract.suite import st_targets
from arena_contract.suite.st_checks import arena_contract_rules

__all__ = ["after_load_schema", "arena_contract_rules", "before_call"]


@schemathesis.hook
def after_load_schema(context: Any, schema: Any) -> None:
    st_targets.aim(schema)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    st_targets.pair(case.path_parameters)
