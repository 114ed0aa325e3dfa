"""One-line descriptions of findings, shared by the human-readable reporters."""

from __future__ import annotations

import json
from typing import Any

from arena_contract.findings import Finding
from arena_contract.redact import mask_value, redact_text


def value(v: Any) -> str:
    # Masked before it is encoded and cut: a cut secret could not be found any more.
    text = json.dumps(mask_value(v), ensure_ascii=False, default=str)
    return redact_text(text if len(text) <= 120 else text[:117] + "...")


def describe(finding: Finding) -> str:
    """'schema.enum at /results/0/status: "DONE" is not one of ... (expected [...], got "DONE")'."""
    where = f" at {finding.pointer}" if finding.pointer else ""
    detail = []
    if finding.has_expected:
        detail.append(f"expected {value(finding.expected)}")
    if finding.has_actual:
        detail.append(f"got {value(finding.actual)}")
    extra = f" ({', '.join(detail)})" if detail else ""
    return f"{finding.rule}{where}: {redact_text(finding.message)}{extra}"
