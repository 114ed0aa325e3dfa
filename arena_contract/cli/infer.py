"""`arena-contract infer CAPTURES...`: the shape summary of captured responses (a baseline)."""

from __future__ import annotations

import argparse
import sys

FORMATS = ("json", "text")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "infer",
        help="summarise the shape of captured responses (a baseline for drift)",
        description=(
            "Summarise captured responses (the formats `check` reads: raw bodies, captures, "
            "HAR, cassettes; directories are searched) per kind of request: statuses, error "
            "codes, headers and every body field's types, presence, nullability, formats and "
            "enum values. The JSON form is stable and sorted: commit it as the baseline that "
            "`arena-contract drift` compares a later recording with."
        ),
        epilog="Exit codes: 0 written, 2 an input could not be read.",
    )
    parser.add_argument("paths", nargs="+", metavar="CAPTURES")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (the baseline form, default) or text (to read)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the summary to FILE instead of standard output",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import write_output
    from arena_contract.drift import InputError, dumps, read_side
    from arena_contract.drift.render import render_shape_text

    try:
        side = read_side(args.paths, allow_summary=False)
    except InputError as exc:
        for line in exc.lines:
            print(f"arena-contract: {line}", file=sys.stderr)
        return 2
    for note in side.notes:
        print(f"arena-contract: note: {note}", file=sys.stderr)
    if args.format == "json":
        error = write_output(args.output, lambda out: out.write(dumps(side.shape)))
    else:
        error = write_output(args.output, lambda out: render_shape_text(side.shape, out))
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    return 0
