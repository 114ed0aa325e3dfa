"""`arena-contract record`: save a representative sample of Arena's answers as HAR 1.2.

Every import definition's run list, each status filter, an unknown and a malformed GUID,
a request without a session and the page boundaries, within the same budget and floor as
the probe, secrets redacted by name and value. The file is ready for `arena-contract check`
(and for drift comparisons). Without --url it records the bundled mock; --drift NAME
turns on one of the mock's drift switches, to record a drifted Arena.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from arena_contract.cli.probe import (
    EXIT_ERROR,
    EXIT_FAILURES,
    EXIT_OK,
    add_probe_options,
    probe_settings,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "record",
        help="save a representative sample of Arena's answers as HAR (secrets redacted)",
        description=__doc__.split("\n\n", 1)[1].replace("`", ""),
        epilog="Exit codes: 0 recorded, 2 usage or connection error, or nothing recorded.",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        type=Path,
        help="directory for the HAR file (created if missing)",
    )
    add_probe_options(parser, skip=("record", "examples", "strict", "max-imports", "plan"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.live.client import ArenaUnreachable
    from arena_contract.live.settings import SettingsError
    from arena_contract.suite.runtime import ProbeRun
    from arena_contract.suite.sample import record_sample

    try:
        settings = probe_settings(args, record=args.out)
    except SettingsError as exc:
        print(f"arena-contract: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for note in settings.warnings():
        print(f"arena-contract: warning: {note}", file=sys.stderr)
    probe = ProbeRun(settings, record=True)
    try:
        record_sample(probe)
    except ArenaUnreachable as exc:
        probe.fatal = str(exc)
    except OSError as exc:  # the bundled mock could not start
        probe.fatal = f"cannot start the bundled mock: {exc.strerror or exc}"
    finally:
        probe.close()
    for line in probe.summary():
        print(line, file=sys.stderr)
    if probe.har_path is None:
        if not probe.fatal and not probe.har_error:
            print("arena-contract: nothing was recorded", file=sys.stderr)
        return EXIT_ERROR
    print(probe.har_path)
    print(f"check it with: arena-contract check {probe.har_path}", file=sys.stderr)
    if probe.fatal:
        return EXIT_ERROR
    if probe.budget.stop_reason:
        # A partial sample is no baseline (the summary said why it stopped): let CI notice.
        print("arena-contract: the sample is incomplete", file=sys.stderr)
        return EXIT_FAILURES
    return EXIT_OK
