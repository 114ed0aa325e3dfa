"""The probe kinds, one definition each (see base.py), registered on import: one module
per subject, as ``arena_contract.rules``."""

from arena_contract.suite.kinds import (  # noqa: F401
    explore,
    guids,
    lists,
    pages,
    quota,
    read,
    runs,
    walk,
)
from arena_contract.suite.kinds.base import PROBE_KINDS, ProbeKind, Request, Seen, Sight, Skip

__all__ = ["PROBE_KINDS", "ProbeKind", "Request", "Seen", "Sight", "Skip"]
