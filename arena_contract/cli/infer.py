"""`arena-contract infer CAPTURES...`: the shape summary of captured responses (a baseline)."""

from __future__ import annotations

import argparse
import sys

#: The formats of the one list (reporters.FORMATS) a shape summary is written in.
FORMATS = ("json", "text")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "infer",
        help="summarise the shape of captured responses (a baseline for drift)",
        description=(
            "Summarise captured responses (the formats `check` reads: raw bodies, captures, "
            "HAR, cassettes; directories are searched) per kind of request: statuses, error "
            "codes, headers and every body field's types, presence, nullability, formats and "
            "enum values (no names, titles or messages). The JSON form is stable and sorted: "
            "commit it as the baseline that `arena-contract drift` compares a later recording "
            "with. An input that cannot be read is named in the report; the others are "
            "still summarised."
        ),
        epilog="Exit codes: 0 written, 2 an input could not be read (or holds no response).",
    )
    parser.add_argument("paths", nargs="+", metavar="CAPTURES")
    from arena_contract.reporters import add_format_option

    add_format_option(
        parser,
        FORMATS,
        default="json",
        purposes={"json": "the shape summary to commit as a baseline"},
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the summary to FILE instead of standard output",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no notes on standard error (skipped files)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import dump_json, say_unreadable, write_output
    from arena_contract.drift import read_side, to_json
    from arena_contract.drift.render import render_shape_text

    side = read_side(args.paths, allow_summary=False, keep_going=True)
    if not args.quiet:
        for note in side.notes:
            print(f"arena-contract: note: {note}", file=sys.stderr)
    summary = {
        "files": side.files,
        "unreadable": len(side.errors),
        "exchanges": side.exchanges,
        "groups": len(side.shape.groups),
    }
    if args.format == "json":
        # The envelope's keys sort after the marker, which stays first (how drift knows it).
        document = {
            **to_json(side.shape),
            "ok": not side.errors,
            "summary": summary,
            "unreadable": side.errors,
        }

        def produce(out):
            dump_json(document, out, sort_keys=True)

    else:

        def produce(out):
            render_shape_text(side.shape, out)
            for error in side.errors:
                out.write(f"error: {error}\n")
            out.write(
                f"{summary['files']} file(s), {summary['exchanges']} response(s), "
                f"{summary['groups']} kind(s) of request, {summary['unreadable']} unreadable\n"
            )

    error = write_output(args.output, produce)
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    say_unreadable(args.output, side.errors)
    return 2 if side.errors else 0
