"""The probe's economy: documented behaviours covered per request budget, on the mock's log.

    python benchmarks/probe_coverage.py          # a table
    python benchmarks/probe_coverage.py --json   # the figures as JSON

The Arena is the issue's: three import definitions of 45, 7 and 0 runs (the bundled mock
seeded with ``run_counts``). Each budget is a fresh mock and a fresh ``arena-contract probe``
process with the default options but ``--max-requests``. What counts is the mock's side:
the requests its log holds (login, discovery and logout included) and the behaviours that
log shows (``arena_contract.mock.behaviours``), not the probe's own account (which is
reported beside, and must agree).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arena_contract.mock import serve_in_thread  # noqa: E402
from arena_contract.mock.behaviours import behaviours_seen  # noqa: E402
from arena_contract.suite.probe import BEHAVIOURS  # noqa: E402

ARENA_RUNS = (45, 7, 0)
BUDGETS = (12, 25, 27, 50, 100, 200)
#: The issue's targets: behaviours covered (of the BEHAVIOURS) at least, per budget.
TARGETS = {12: 12, 25: 20}
_EMAIL, _PASSWORD = "bench@example.com", "Bench-Probe-Password-1"


def command() -> list[str]:
    script = Path(sys.executable).parent / "arena-contract"
    return [str(script)] if script.exists() else [sys.executable, "-m", "arena_contract"]


def measure(budget: int) -> dict:
    env = dict(os.environ, ARENA_EMAIL=_EMAIL, ARENA_PASSWORD=_PASSWORD)
    with serve_in_thread(run_counts=ARENA_RUNS, users={_EMAIL: _PASSWORD}) as server:
        options = ["--url", server.url, "--max-requests", str(budget), "--format", "json"]
        done = subprocess.run(
            [*command(), "probe", *options],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        log = server.arena.exchanges()
        seen = behaviours_seen(server.arena.dataset, log)
    document = json.loads(done.stdout)
    return {
        "max_requests": budget,
        "sent": len(log),
        "behaviours": len(seen),
        "claimed": document["summary"]["behaviours_held"]
        + document["summary"]["behaviours_failed"],
        "not_seen": [b for b in BEHAVIOURS if b not in seen],
        "by_part": document["requests"]["by_part"],
        "exit": done.returncode,
    }


def run(budgets: tuple[int, ...] = BUDGETS) -> list[dict]:
    return [measure(budget) for budget in budgets]


def met(row: dict) -> bool | None:
    target = TARGETS.get(row["max_requests"])
    return None if target is None else row["behaviours"] >= target


def table(rows: list[dict]) -> str:
    lines = [
        f"probe against a mock of {len(ARENA_RUNS)} definitions "
        f"({', '.join(map(str, ARENA_RUNS))} runs), counted on the mock's log:",
        "",
        f"{'--max-requests':>14} {'sent':>5} {'behaviours':>11} {'target':>7}  not seen",
    ]
    for row in rows:
        target = TARGETS.get(row["max_requests"])
        verdict = "" if target is None else f">= {target} {'ok' if met(row) else 'MISSED'}"
        covered = f"{row['behaviours']} of {len(BEHAVIOURS)}"
        lines.append(
            f"{row['max_requests']:>14} {row['sent']:>5} {covered:>11} {verdict:>10}  "
            f"{', '.join(row['not_seen']) or '-'}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rows = run()
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0 if all(met(row) is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
