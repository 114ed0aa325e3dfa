"""`arena-contract rules`: the rule catalogue, one line per rule ID."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

#: The configuration options that bear on severities.
SEVERITY_OPTIONS = ("config", "ignore", "warn", "error")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list every rule with its ID and a one-line explanation",
        description="List the rules `check` applies, then the checks the probe suite "
        "adds across requests (probe.*). Under a configuration ([tool.arena-contract] in "
        "pyproject.toml, or the flags), each rule's effective severity and where it was set.",
        epilog="Exit codes: 0 listed, 2 the list could not be written or the configuration "
        "cannot be used.",
    )
    from arena_contract.reporters import add_format_option

    add_format_option(
        parser,
        ("text", "json", "markdown"),
        purposes={"markdown": "the catalogue's table (docs/rules.md)"},
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the list to FILE instead of standard output"
    )
    from arena_contract.config.cli import add_config_options

    add_config_options(parser, SEVERITY_OPTIONS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import write_output
    from arena_contract.config.cli import policy_for_args
    from arena_contract.config.effective import effective_rows, narrowed_lines
    from arena_contract.ledger import standing_of
    from arena_contract.rules import catalogue

    try:
        policy = policy_for_args(args, names=SEVERITY_OPTIONS)
    except ValueError as exc:  # the configuration: one line naming the file or flag
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    rows = catalogue()
    try:  # each rule's standing in the assumptions ledger (docs/assumptions.md)
        standings = {rule: standing_of(rule) for rule, _, _ in rows}
    except FileNotFoundError as exc:
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    if policy.selectors:
        configured = effective_rows(policy, rows)
        narrowed = narrowed_lines(policy)
        render = {"json": _json_configured, "markdown": _markdown_configured}.get(
            args.format, _text_configured
        )
        for row in configured:
            row["standing"] = standings[row["id"]]
        error = write_output(args.output, lambda out: render(configured, narrowed, out))
    else:
        render = {"json": _json, "markdown": _markdown, "text": _text}[args.format]
        error = write_output(args.output, lambda out: render(rows, standings, out))
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    return 0


Standings = dict[str, str]


def _json(rows: list[tuple[str, str, str]], standings: Standings, out: TextIO) -> None:
    """The command line's envelope; each rule keyed as findings key it ("rule")."""
    from arena_contract.cli.output import dump_json

    severities = [severity for _, severity, _ in rows]
    summary = {"rules": len(rows), **{s: severities.count(s) for s in ("error", "warning")}}
    items = [
        {"rule": rule, "severity": s, "standing": standings[rule], "doc": doc}
        for rule, s, doc in rows
    ]
    dump_json({"ok": True, "summary": summary, "rules": items}, out)


def _markdown(rows: list[tuple[str, str, str]], standings: Standings, out: TextIO) -> None:
    out.write("| Rule | Default severity | Standing | What it checks |\n|---|---|---|---|\n")
    for rule_id, severity, summary in rows:
        cell = summary.replace("|", "\\|")
        out.write(f"| `{rule_id}` | {severity} | {standings[rule_id]} | {cell} |\n")


def _text(rows: list[tuple[str, str, str]], standings: Standings, out: TextIO) -> None:
    width = max(len(i) for i, _, _ in rows)
    standing_width = max(len(s) for s in standings.values())
    for rule_id, severity, summary in rows:
        standing = standings[rule_id]
        out.write(f"{rule_id:<{width}}  {severity:<7}  {standing:<{standing_width}}  {summary}\n")


# -- under a configuration: the effective severity and where it was set ----------------------


def _json_configured(rows: list[dict[str, str]], narrowed: list[str], out: TextIO) -> None:
    """The envelope, each rule with its ``default`` severity and ``set_by`` too."""
    from arena_contract.cli.output import dump_json

    severities = [row["severity"] for row in rows]
    summary = {
        "rules": len(rows),
        **{s: severities.count(s) for s in ("error", "warning", "ignored")},
    }
    items = [
        {
            "rule": row["id"],
            "severity": row["severity"],
            "default": row["default"],
            "set_by": row["set_by"],
            "standing": row["standing"],
            "doc": row["summary"],
        }
        for row in rows
    ]
    dump_json({"ok": True, "summary": summary, "rules": items, "narrowed": narrowed}, out)


def _markdown_configured(rows: list[dict[str, str]], narrowed: list[str], out: TextIO) -> None:
    out.write("| Rule | Severity | Set by | Standing | What it checks |\n|---|---|---|---|---|\n")
    for row in rows:
        cell = row["summary"].replace("|", "\\|")
        out.write(
            f"| `{row['id']}` | {row['severity']} | {row['set_by']} | {row['standing']} "
            f"| {cell} |\n"
        )
    if narrowed:
        out.write("\n" + "".join(f"- `{line}`\n" for line in narrowed))


def _text_configured(rows: list[dict[str, str]], narrowed: list[str], out: TextIO) -> None:
    keys = ("id", "severity", "set_by", "standing")
    widths = [max(len(row[key]) for row in rows) for key in keys]
    for row in rows:
        cells = tuple(row[key] for key in keys)
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        out.write(f"{line}  {row['summary']}\n")
    for line in narrowed:
        out.write(f"{line}\n")
