"""json: the command line's envelope (docs/cli.md), ``{"ok", "summary", ...the items}``,
secrets masked before the values are encoded and redacted in the text after."""

from __future__ import annotations

import json
from typing import TextIO

from arena_contract.redact import mask_value, redact_text
from arena_contract.reporters import report_format
from arena_contract.reporters.outcome import Outcome


@report_format("json", "the command line's JSON envelope: ok, summary, then the items")
def write(outcome: Outcome, out: TextIO) -> None:
    text = json.dumps(mask_value(outcome.document()), ensure_ascii=False, indent=2, default=str)
    out.write(redact_text(text) + "\n")
