"""Redaction throughput: redact.redact_text (and mask_value) now, beside the version before the
compiled search (commit BEFORE, read from git), in one run on the same texts.

    python benchmarks/redaction.py          # a table (about 30 s, most of it the old version)
    python benchmarks/redaction.py --json   # the figures as JSON

Two secrets are registered, as in a `record` run that logged in: a password and a session
id. The texts are generated, the same every run, about 1 MB each:
- plain: an indented JSON report with no escape at all;
- escape-dense: a HAR file as `record` writes it (each body a JSON string inside JSON, so a
  backslash every few characters; percent-encoded URLs; HTML references), with the password
  JSON-escaped once in the middle, which must come out masked;
- values: every key and string of parsed run-list pages, one by one (mask_value), as `record`
  masks a body before writing it.
Each figure is the best of 3, in MB of input per second, the compiled search rebuilt (its
remembered answers dropped) before each.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arena_contract import redact  # noqa: E402

#: The last commit with the redaction before the compiled search (issue 20, item 9).
BEFORE = "fa3fcdb"
PASSWORD = "Hunter2-Secret/Pa+ss&word"
SESSION = "MOCK-" + "".join(random.Random(1).choices(string.ascii_letters + string.digits, k=32))


def before() -> ModuleType | None:
    """redact.py as it was at BEFORE, loaded as its own module (None: no git history)."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{BEFORE}:arena_contract/redact.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp(prefix="arena-redact-before-")) / "redact_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("redact_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def runs(rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [
        {
            "guid": "".join(rng.choices(string.ascii_uppercase + string.digits, k=20)),
            "status": rng.choice(["COMPLETE", "ERROR", "RUNNING", "CREATED"]),
            "creator": {"fullName": "Ada Lovelace", "email": "ada@example.com"},
            "warnings": [
                {"code": 332, "message": f'Row {i}: value "n/a" ignored'} for i in range(3)
            ],
        }
        for _ in range(count)
    ]


def plain_text(size: int) -> str:
    rng, parts, total = random.Random(2), [], 0
    while total < size:
        parts.append(json.dumps({"results": runs(rng, 20)}, indent=1).replace("\\", ""))
        total += len(parts[-1])
    return "\n".join(parts)


def escape_dense_text(size: int) -> str:
    rng, entries, total = random.Random(3), [], 0
    while total < size:
        body = json.dumps({"results": runs(rng, 10), "next": "/v1/imports?offset=10&amp;limit=10"})
        url = "https://api.example.com/v1/imports/X%2FY/runs?status=COMPLETE&limit=10"
        entries.append({"request": {"url": url}, "response": {"content": {"text": body}}})
        total += len(body) + 200
    half = len(entries) // 2
    entries[half]["response"]["content"]["text"] += json.dumps(PASSWORD)
    return json.dumps({"log": {"entries": entries}}, indent=1)


def values(size: int) -> list[Any]:
    rng, pages, total = random.Random(4), [], 0
    while total < size:
        pages.append({"results": runs(rng, 20)})
        total += len(json.dumps(pages[-1]))
    return pages


def throughput(module: ModuleType, work: Callable[[ModuleType], Any], megabytes: float) -> float:
    best = float("inf")
    for _ in range(3):
        module._secrets.clear(), module._needles.clear()  # the compiled search and its answers
        module.register_secret(PASSWORD)
        module.register_secret(SESSION)
        started = time.perf_counter()
        work(module)
        best = min(best, time.perf_counter() - started)
    return megabytes / best


def run(size: int = 1_000_000) -> dict[str, Any]:
    plain, dense, pages = plain_text(size), escape_dense_text(size), values(size)
    cases = {
        "plain": (lambda m: m.redact_text(plain), len(plain) / 1e6),
        "escape_dense": (lambda m: m.redact_text(dense), len(dense) / 1e6),
        "values": (
            lambda m: [m.mask_value(page) for page in pages],
            sum(len(json.dumps(p)) for p in pages) / 1e6,
        ),
    }
    old = before()
    figures: dict[str, Any] = {"before_commit": BEFORE if old else None}
    for name, (work, megabytes) in cases.items():
        figures[name] = {
            "mb": round(megabytes, 2),
            "now_mb_s": throughput(redact, work, megabytes),
            "before_mb_s": throughput(old, work, megabytes) if old else None,
        }
    redact.register_secret(PASSWORD)
    figures["escape_dense"]["password_masked"] = json.dumps(PASSWORD) not in redact.redact_text(
        dense
    )
    return figures


def table(figures: dict[str, Any]) -> str:
    head = f"redaction (MB/s, best of 3; before: {figures['before_commit'] or 'no git history'})"
    lines = [head, f"{'text':<58} {'before':>8} {'now':>8}  {'speed-up':>8}"]
    labels = {
        "plain": "plain JSON report, no escape",
        "escape_dense": "HAR file, escape-dense",
        "values": "run-list pages, key by key (mask_value)",
    }
    for name, label in labels.items():
        row = figures[name]
        old = row["before_mb_s"]
        before_text = f"{old:8.2f}" if old else f"{'-':>8}"
        ratio = f"{row['now_mb_s'] / old:7.1f}x" if old else ""
        what = f"{label} ({row['mb']} MB)"
        lines.append(f"{what:<58} {before_text} {row['now_mb_s']:8.2f}  {ratio:>8}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run()
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
