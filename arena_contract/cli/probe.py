"""`arena-contract probe`: run the bundled contract suite against Arena (or the bundled mock).

There is one probe engine (``suite/engine.py``): this command runs it directly (no pytest
needed), with a progress bar and a table at the end; the plugin's pytest items run the same
probes, one item each. The options are the plugin's (one table, live/options.py: same
environment variables), spelt as the command line spells them (``--max-requests``); the
plugin's ``--arena-...`` spellings are plain aliases.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from arena_contract.live.options import OPTIONS, Option, spelt

EXIT_OK, EXIT_FAILURES, EXIT_ERROR = 0, 1, 2


def add_probe_options(
    parser: argparse.ArgumentParser,
    *,
    skip: tuple[str, ...] = (),
    helps: dict[str, str] | None = None,
    command: str = "probe",
) -> None:
    """The plugin's options (live/options.py) in ``command``'s spelling, the old ones as
    aliases; ``helps``: a command's own help line for an option that means more there."""
    group = parser.add_argument_group("target, session and budget (each also from its env var)")
    for option in OPTIONS:
        if option.name in skip:
            continue
        kwargs = option.argparse_kwargs("cli")
        if option.name in (helps or {}):
            kwargs["help"] = spelt((helps or {})[option.name], "cli")  # complete as it is
        group.add_argument(*option.cli_flags(command), **kwargs)


def probe_settings(
    args: argparse.Namespace, *, read_baseline: bool = True, **overrides: Any
) -> Any:
    """Settings from the parsed flags and the environment (no ini file here); SettingsError
    when they do not make sense. ``read_baseline`` False for a command that judges nothing."""
    from dataclasses import replace

    from arena_contract.live.settings import resolve

    def flag(option: Option) -> Any:
        return getattr(args, option.dest, None)

    settings = resolve(flag, lambda option: None, os.environ, "cli", read_baseline=read_baseline)
    return replace(settings, **overrides) if overrides else settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="run the contract suite against Arena (or the bundled mock)",
        description=(
            "Probe GET /imports/<GUID>/runs on a live Arena (or, without --url, the bundled "
            "mock): the unfiltered list, each filter, paging boundaries, malformed and unknown "
            "GUIDs, the session, single runs, then generated queries, all within a request "
            "budget: every documented behaviour once before any twice. --plan shows what "
            "the budget buys before spending it. The same suite as `pytest --arena-url=URL`."
        ),
        epilog=(
            "Exit codes: 0 the contract holds, 1 contract failures, 2 usage or connection error. "
            "Logging in as a user ends that user's other Arena session: use a dedicated "
            "integration user."
        ),
    )
    add_probe_options(parser)
    from arena_contract.reporters import add_format_option

    add_format_option(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text: no progress bar, table or summary; only the failures and the verdict "
        "when the contract does not hold (nothing when it holds)",
    )
    parser.add_argument(
        "--junit-xml",
        metavar="FILE",
        help="also write a JUnit XML report to FILE (whatever --format says)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.live.settings import SettingsError

    try:
        settings = probe_settings(args)
    except SettingsError as exc:
        print(f"arena-contract: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for note in settings.warnings():
        print(f"arena-contract: warning: {note}", file=sys.stderr)
    from arena_contract.suite.runner import run_suite

    return run_suite(
        settings,
        output=args.format,
        output_file=args.output,
        junit_xml=args.junit_xml,
        quiet=args.quiet,
    )
