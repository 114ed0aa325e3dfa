"""`arena-contract drift BASELINE CURRENT` / `drift --spec CURRENT...`: what changed, and how
much it can break a client."""

from __future__ import annotations

import argparse
import sys

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
            "error code), info (new field or header, enum value no longer seen). An input "
            "that cannot be read is named in the report; the others are still read."
        ),
        epilog=(
            "Exit codes: 0 no change at or above --fail-on, 1 such a change, "
            "2 an input could not be read (or holds no response)."
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
    from arena_contract.reporters import add_format_option

    add_format_option(parser)
    threshold = parser.add_mutually_exclusive_group()
    threshold.add_argument(
        "--strict",
        action="store_const",
        const="warning",
        dest="fail_on",
        default="breaking",
        help="exit 1 on a warning change too (new enum value, status or error code); "
        "the same as --fail-on warning",
    )
    threshold.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="breaking",
        help="exit 1 when a change is at least this severe (default breaking)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text and markdown: show only the changes at or above the threshold "
        "(nothing when there are none)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    from arena_contract.config.cli import add_config_options

    add_config_options(parser, DRIFT_OPTIONS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.cli.output import say_unreadable, write_output
    from arena_contract.config.cli import policy_for_args
    from arena_contract.drift import DriftReport, drift, drift_from_contract, read_side
    from arena_contract.drift.accept import acceptance
    from arena_contract.drift.consumer import mark_consumed
    from arena_contract.drift.locate import change_files
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
    # Every input is read, the unreadable ones named in the report (as check does).
    if args.spec:
        sides = [read_side(args.paths, keep_going=True)]
    else:
        sides = [
            read_side(args.paths[:1], keep_going=True),
            read_side(args.paths[1:], keep_going=True),
        ]
    unreadable = [error for side in sides for error in side.errors]
    compared = all(side.files for side in sides)
    if not compared:
        report = DriftReport()  # a side with nothing read: nothing to compare
    elif args.spec:
        report = drift_from_contract(sides[0].shape)
    else:
        report = drift(sides[0].shape, sides[1].shape)
    report.notes[:0] = [note for side in sides for note in side.notes]
    mark_consumed(report, consumes)  # with consumes: what touches the integration, first
    fails = report.fails(args.fail_on)
    if args.quiet and args.format != "json":
        report.changes = [c for c in report.changes if DriftReport([c]).fails(args.fail_on)]
        report.notes = []
    ok = not fails and not unreadable
    if args.quiet and ok and args.format != "json":
        return 0
    current = args.paths[0] if args.spec else args.paths[1]
    accept = acceptance(
        report,
        current=current,
        baseline=None if args.spec else args.paths[0],
        baseline_is_summary=not args.spec and sides[0].summary,
    )
    files: list[str] = []
    if args.format == "github":  # annotations point at the file a change was seen in
        baseline = None if args.spec else sides[0].shape
        files = change_files(report.changes, sides[-1].paths, baseline=baseline)

    def produce(out):
        render_report(
            report,
            args.format,
            out,
            unreadable=unreadable,
            ok=ok,
            compared=compared,
            current=current,
            files=files,
            accept=accept,
            fail_on=args.fail_on,
        )

    error = write_output(args.output, produce)
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
        return 2
    say_unreadable(args.output, unreadable)
    return 2 if unreadable else 1 if fails else 0
