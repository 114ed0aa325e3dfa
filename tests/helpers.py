"""Shared test helpers (imported by tests; conftest.py holds the fixtures)."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
RUNS_URL = "https://api.arenasolutions.com/v1/imports/L3N6KHLNYFY8RAQ8SWYT/runs"


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def arena_headers(body: bytes, **overrides: str) -> dict[str, str]:
    """The six headers Arena documents, with correct values for ``body``."""
    headers = {
        "Content-Length": str(len(body)),
        "Content-Type": "application/json;charset=UTF-8",
        "Date": "Sat, 28 Nov 2026 13:43:54 GMT",
        "Server": "ArenaSolutions",
        "X-Arena-Next-Request-Limit-Reset": "2026-11-29T00:00:00Z",
        "X-Arena-Requests-Remaining": "997",
    }
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v is not None}
