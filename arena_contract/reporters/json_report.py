"""Machine-readable JSON.

{"ok", "summary", "files": [{"path", "format", "ok", "error", "exchanges"}]}
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from arena_contract.findings import Report
from arena_contract.redact import redact_text
from arena_contract.results import FileResult, Summary


def _file(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "format": result.format,
        "ok": result.ok,
        "error": result.error,
        "exchanges": [
            {
                "index": ex.index,
                "origin": ex.origin,
                "request": ex.request,
                "status": ex.status,
                "ok": ex.report.ok,
                "findings": [f.to_dict() for f in ex.report.findings],
                **_omitted(ex.report),
            }
            for ex in result.exchanges
        ],
    }


def _omitted(report: Report) -> dict[str, Any]:
    """Past checker.KEPT_PER_GROUP of a group in a file, findings are counted, not listed."""
    if not (report.omitted_errors or report.omitted_warnings):
        return {}
    return {"omitted": {"errors": report.omitted_errors, "warnings": report.omitted_warnings}}


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    document = {"ok": summary.ok, "summary": asdict(summary), "files": [_file(r) for r in results]}
    stream.write(redact_text(json.dumps(document, ensure_ascii=False, indent=2, default=str)))
    stream.write("\n")
