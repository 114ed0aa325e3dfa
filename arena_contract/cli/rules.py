"""`arena-contract rules`: the rule catalogue, one line per rule ID."""

from __future__ import annotations

import argparse
import json
import sys

#: The configuration options that bear on severities.
SEVERITY_OPTIONS = ("config", "ignore", "warn", "error")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list every rule with its ID and a one-line explanation",
        description="List the rules `check` applies, then the checks the probe suite "
        "adds across requests (probe.*). Under a configuration ([tool.arena-contract] in "
        "pyproject.toml, or the flags), each rule's effective severity and where it was set.",
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    from arena_contract.config.cli import add_config_options

    add_config_options(parser, SEVERITY_OPTIONS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.config.cli import policy_for_args
    from arena_contract.config.effective import effective_rows, narrowed_lines
    from arena_contract.rules import catalogue
    from arena_contract.suite.checks import PROBE_RULES

    try:
        policy = policy_for_args(args, names=SEVERITY_OPTIONS)
    except ValueError as exc:
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    # The validator's rules, then the probe suite's own checks across requests.
    rows = catalogue() + sorted((rule, "error", doc) for rule, doc in PROBE_RULES.items())
    if policy.selectors:
        _configured(args.format, effective_rows(policy, rows), narrowed_lines(policy))
    elif args.format == "json":
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


def _configured(fmt: str, rows: list[dict[str, str]], narrowed: list[str]) -> None:
    """The catalogue under a configuration: effective severity and where it was set."""
    if fmt == "json":
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if fmt == "markdown":
        sys.stdout.write("| Rule | Severity | Set by | What it checks |\n|---|---|---|---|\n")
        for row in rows:
            cell = row["summary"].replace("|", "\\|")
            sys.stdout.write(f"| `{row['id']}` | {row['severity']} | {row['set_by']} | {cell} |\n")
    else:
        widths = [max(len(row[key]) for row in rows) for key in ("id", "severity", "set_by")]
        for row in rows:
            cells = (row["id"], row["severity"], row["set_by"])
            line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            sys.stdout.write(f"{line}  {row['summary']}\n")
    for line in narrowed:
        sys.stdout.write(f"{line}\n")
