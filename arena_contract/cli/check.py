"""`arena-contract check PATH...`: validate captured responses against the contract."""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate captured responses (JSON bodies, captures, HAR, cassettes)",
        description=(
            "Validate responses of GET /imports/<GUID>/runs against the contract. PATH is a file, "
            "a directory (searched recursively for .json, .jsonl, .ndjson, .har, .yaml, .yml), or "
            "- for standard input. The format is told from the content: a raw response body, a "
            "capture {request, response}, JSON Lines of captures, HAR 1.2, or a VCR.py / "
            "Schemathesis cassette."
        ),
        epilog="Exit codes: 0 everything conforms, 1 an error finding, 2 an unreadable input.",
    )
    from arena_contract.reporters import add_format_option

    parser.add_argument("paths", nargs="+", metavar="PATH")
    add_format_option(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat every warning (unknown fields included) as an error",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only errors (and nothing when everything conforms)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="check files in N processes (0: one per CPU); pays off over many files",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    from arena_contract.config.cli import add_config_options

    add_config_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract import reporters
    from arena_contract.checker import check_paths
    from arena_contract.cli.output import end_process, say_unreadable, write_output
    from arena_contract.config.cli import policy_for_args
    from arena_contract.config.report import finish_check
    from arena_contract.reporters.check import check_outcome
    from arena_contract.results import Summary

    try:
        policy = policy_for_args(args, strict=args.strict)
    except ValueError as exc:  # the configuration: one line naming the file or flag
        print(f"arena-contract: {exc}", file=sys.stderr)
        return 2
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    # When the process ends with this command, the last file's parsed body is left to it.
    checked = check_paths(
        args.paths, strict=args.strict, jobs=jobs, keep_last=args.ending, policy=policy
    )
    results = list(checked)
    summary = Summary.of(results)
    outcome = check_outcome(results, summary, quiet=args.quiet)
    error = write_output(args.output, lambda out: reporters.write(outcome, args.format, out))
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
    else:
        say_unreadable(args.output, [r.error for r in results if r.error])
    code = 2 if error else summary.exit_code
    code = finish_check(policy, results, args, code)
    if args.ending:
        end_process(code)
    return code
