"""`arena-contract rules`: the rule catalogue, one line per rule ID."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

FORMATS = ("text", "json", "markdown")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list every rule with its ID and a one-line explanation",
        description="List the rules `check` applies, then the checks the probe suite "
        "adds across requests (probe.*).",
        epilog="Exit codes: 0 listed, 2 the list could not be written.",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, or markdown (the README's table)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the list to FILE instead of standard output"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import write_output
    from arena_contract.rules import catalogue
    from arena_contract.suite.checks import PROBE_RULES

    # The validator's rules, then the probe suite's own checks across requests.
    rows = catalogue() + sorted((rule, "error", doc) for rule, doc in PROBE_RULES.items())
    render = {"json": _json, "markdown": _markdown, "text": _text}[args.format]
    error = write_output(args.output, lambda out: render(rows, out))
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    return 0


def _json(rows: list[tuple[str, str, str]], out: TextIO) -> None:
    """The command line's envelope; each rule keyed as findings key it ("rule")."""
    from arena_contract.cli.output import dump_json

    severities = [severity for _, severity, _ in rows]
    summary = {"rules": len(rows), **{s: severities.count(s) for s in ("error", "warning")}}
    items = [{"rule": rule, "severity": s, "doc": doc} for rule, s, doc in rows]
    dump_json({"ok": True, "summary": summary, "rules": items}, out)


def _markdown(rows: list[tuple[str, str, str]], out: TextIO) -> None:
    out.write("| Rule | Default severity | What it checks |\n|---|---|---|\n")
    for rule_id, severity, summary in rows:
        cell = summary.replace("|", "\\|")
        out.write(f"| `{rule_id}` | {severity} | {cell} |\n")


def _text(rows: list[tuple[str, str, str]], out: TextIO) -> None:
    width = max(len(i) for i, _, _ in rows)
    for rule_id, severity, summary in rows:
        out.write(f"{rule_id:<{width}}  {severity:<7}  {summary}\n")
