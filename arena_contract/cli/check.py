"""`arena-contract check PATH...`: validate captured responses against the contract."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate captured responses (JSON bodies, captures, HAR, cassettes)",
        description=(
            "Validate responses of GET /imports/<GUID>/runs against the contract. PATH is a file, "
            "a directory (searched recursively for .json, .jsonl, .ndjson, .har, .yaml, .yml, "
            "hidden files and directories left out), or - for standard input. The format is told "
            "from the content: a raw response body, a capture {request, response}, JSON Lines of "
            "captures, HAR 1.2, a VCR.py / Schemathesis cassette, or Schemathesis' NDJSON report."
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
        type=_jobs,
        default=AUTO,
        metavar="N",
        help=(
            "check files in N processes; 0: one per CPU; auto (the default): one per 4 MiB "
            "of input up to one per CPU, one under pre-commit (which splits the files itself) "
            "or with a file over 64 MiB"
        ),
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    from arena_contract.config.cli import add_config_options

    add_config_options(parser)
    parser.set_defaults(func=run)


AUTO = "auto"  # checker.AUTO, without importing the checker to build the parser


def _jobs(text: str) -> int | str:
    """``--jobs``: ``auto`` or a count of processes (0: one per CPU), in ASCII digits."""
    from arena_contract.numbers import parse_count

    if text.strip().lower() == AUTO:
        return AUTO
    count = parse_count(text)
    if count is None:
        raise argparse.ArgumentTypeError(f"expected auto or a number of processes; got {text!r}")
    return count


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
    jobs = args.jobs
    if jobs == 0:
        from arena_contract.parallel import usable_cpus

        jobs = usable_cpus()
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
