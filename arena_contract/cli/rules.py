"""`arena-contract rules`: the rule catalogue, one line per rule ID."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list every rule with its ID and a one-line explanation",
        description="List the rules `check` applies, then the checks the probe suite "
        "adds across requests (probe.*).",
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.rules import catalogue
    from arena_contract.suite.checks import PROBE_RULES

    # The validator's rules, then the probe suite's own checks across requests.
    rows = catalogue() + sorted((rule, "error", doc) for rule, doc in PROBE_RULES.items())
    if args.format == "json":
        json.dump(
            [{"id": i, "severity": s, "summary": t} for i, s, t in rows], sys.stdout, indent=2
        )
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write("| Rule | Default severity | What it checks |\n|---|---|---|\n")
        for rule_id, severity, summary in rows:
            cell = summary.replace("|", "\\|")
            sys.stdout.write(f"| `{rule_id}` | {severity} | {cell} |\n")
    else:
        width = max(len(i) for i, _, _ in rows)
        for rule_id, severity, summary in rows:
            sys.stdout.write(f"{rule_id:<{width}}  {severity:<7}  {summary}\n")
    return 0
