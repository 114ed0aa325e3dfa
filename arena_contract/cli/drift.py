"""`arena-contract drift BASELINE CURRENT` / `drift --spec CURRENT...`: what changed, and how
much it can break a client."""

from __future__ import annotations

import argparse
import sys

FORMATS = ("text", "json", "markdown")
SEVERITIES = ("breaking", "warning", "info")
#: The configuration drift reads: the fields the integration consumes.
DRIFT_OPTIONS = ("config", "consumes")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="compare two recordings (or a recording with the contract) and classify changes",
        description=(
            "Compare the shape of responses in BASELINE with CURRENT. Each side is a capture "
            "file or a directory of them (any format `check` reads), or a shape summary saved "
            "by `arena-contract infer`. With --spec, the contract is the baseline and every "
            "PATH is the current recording. Every difference is one change with a severity: "
            "breaking (removed field, changed type/format/status/error code, new null, "
            "sometimes-absent field, removed header), warning (new enum value, new status or "
            "error code), info (new field or header, enum value no longer seen)."
        ),
        epilog=(
            "Exit codes: 0 no change at or above --fail-on, 1 such a change, "
            "2 an input could not be read."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="BASELINE CURRENT, or CURRENT... with --spec"
    )
    parser.add_argument(
        "--spec",
        action="store_true",
        help="use the contract (schemas, statuses, headers) as the baseline",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, or markdown (a table for a pull request)",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="breaking",
        help="exit 1 when a change is at least this severe (default breaking)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    from arena_contract.config.cli import add_config_options

    add_config_options(parser, DRIFT_OPTIONS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import write_output
    from arena_contract.config.cli import policy_for_args
    from arena_contract.drift import InputError, drift, drift_from_contract, read_side
    from arena_contract.drift.consumer import mark_consumed
    from arena_contract.drift.render import render_report

    try:
        consumes = policy_for_args(args, names=DRIFT_OPTIONS).consumes
    except ValueError as exc:  # the configuration: one line naming the file or flag
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    if not args.spec and len(args.paths) != 2:
        print(
            "arena-contract: drift needs BASELINE and CURRENT (or --spec CURRENT...); "
            f"got {len(args.paths)} paths",
            file=sys.stderr,
        )
        return 2
    try:
        if args.spec:
            current = read_side(args.paths)
            report = drift_from_contract(current.shape)
            notes = current.notes
        else:
            baseline, current = read_side(args.paths[:1]), read_side(args.paths[1:])
            report = drift(baseline.shape, current.shape)
            notes = baseline.notes + current.notes
    except InputError as exc:
        for line in exc.lines:
            print(f"arena-contract: {line}", file=sys.stderr)
        return 2
    report.notes[:0] = notes
    mark_consumed(report, consumes)
    if args.format == "json":  # the JSON report has a fixed form: notes go to stderr
        for note in report.notes:
            print(f"arena-contract: note: {note}", file=sys.stderr)
    error = write_output(args.output, lambda out: render_report(report, args.format, out))
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    return 1 if report.fails(args.fail_on) else 0
