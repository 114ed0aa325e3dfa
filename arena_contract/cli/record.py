"""`arena-contract record`: save a representative sample of Arena's answers as HAR 1.2.

Every import definition's run list, each status filter, an unknown and a malformed GUID,
a request without a session and the page boundaries, within the same budget and floor as
the probe, secrets redacted by name and value. The file is ready for `arena-contract check`
(and for drift comparisons): record judges nothing, `check` does. Without --url it records
the bundled mock; --drift NAME turns on one of the mock's drift switches, to record a
drifted Arena. It takes the probe's options, except --examples and --strict (it neither
explores nor judges);
--max-imports records only the first N discovered definitions (default: all of them).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING

from arena_contract.cli.probe import (
    EXIT_ERROR,
    EXIT_FAILURES,
    EXIT_OK,
    add_probe_options,
    probe_settings,
)

if TYPE_CHECKING:
    from arena_contract.suite.runtime import ProbeRun


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "record",
        help="save a representative sample of Arena's answers as HAR (secrets redacted)",
        description=__doc__.split("\n\n", 1)[1].replace("`", ""),
        epilog=(
            "Exit codes: 0 recorded, 1 the sample is incomplete (the budget, or an answer it "
            "needed could not be read), 2 usage or "
            "connection error, the HAR file could not be written, or nothing recorded."
        ),
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the HAR file's path, warnings and errors (no summary)",
    )
    add_probe_options(
        parser,
        command="record",
        skip=("examples", "strict", "plan"),
        helps={
            "record": "directory for the HAR file, created if missing (env ARENA_RECORD)",
            "max-imports": "record only the first N discovered import definitions "
            "(env ARENA_MAX_IMPORTS; default: all of them)",
        },
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.live.client import ArenaUnreachable
    from arena_contract.live.settings import SettingsError
    from arena_contract.suite.runtime import ProbeRun
    from arena_contract.suite.sample import record_sample

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    output = args.arena_record or os.environ.get("ARENA_RECORD") or None
    if output is None:
        say("arena-contract: record needs -o/--output DIR (or ARENA_RECORD): where to write")
        return EXIT_ERROR
    from arena_contract.safe_files import UnusableFile, check_directory, user_path

    try:
        directory = user_path(output)
        check_directory(directory)  # before a request is spent on a recording lost
    except UnusableFile as exc:
        say(f"arena-contract: cannot write the HAR file in {output}: {exc}")
        return EXIT_ERROR
    try:
        # It judges nothing, so a configured baseline not written yet is no obstacle.
        settings = probe_settings(args, read_baseline=False, record=directory)
    except SettingsError as exc:
        say(f"arena-contract: {exc}")
        return EXIT_ERROR
    for note in settings.warnings():
        say(f"arena-contract: warning: {note}")
    # Every definition unless a number is asked for (the probe's default of 2 is the suite's).
    given = args.arena_max_imports is not None or os.environ.get("ARENA_MAX_IMPORTS", "") != ""
    probe = ProbeRun(settings, record=True)
    shortfalls: list[str] = []
    try:
        sample = record_sample(probe, max_imports=settings.max_imports if given else None)
        shortfalls = sample.shortfalls
    except ArenaUnreachable as exc:
        probe.fatal = str(exc)
    except OSError as exc:  # the bundled mock could not start
        probe.fatal = f"cannot start the bundled mock: {exc.strerror or exc}"
    finally:
        probe.close()
    for line in summary(probe):
        if not args.quiet or line.startswith(("error:", "stopped:")):
            say(line)
    if probe.har_path is None:
        if not probe.fatal and not probe.har_error:
            say("arena-contract: nothing was recorded")
        return EXIT_ERROR
    if probe.fatal:
        print(probe.har_path)
        return EXIT_ERROR
    empty = _unreadable(str(probe.har_path))
    if empty:  # only a login, a refusal: as unreadable to check, infer and drift as to here
        say(f"arena-contract: {empty}")
        return EXIT_ERROR
    print(probe.har_path)
    if not args.quiet:
        har = probe.har_path
        say(
            f"not judged here: `arena-contract check {har}` checks it against the contract; "
            f"`arena-contract drift BASELINE.json {har}` compares it with an earlier sample"
        )
    if probe.budget.stop_reason or shortfalls:
        # A partial sample is no baseline (the summary said why the budget stopped it; the
        # shortfalls say what else kept it from its plan): let CI notice.
        say("arena-contract: the sample is incomplete")
        for reason in shortfalls:
            say(f"arena-contract: incomplete: {reason}")
        return EXIT_FAILURES
    return EXIT_OK


#: The lines of the run's summary that say what record did (target, session, requests, the
#: quota, why it stopped, errors, a baseline written); the probe's verdict, coverage and
#: findings are no business of a command that judges nothing (`check` does).
_REPORTED = (
    "target:",
    "session:",
    "requests:",
    "X-Arena-Requests-Remaining:",
    "stopped:",
    "error:",
    "baseline written:",
)


def summary(probe: ProbeRun) -> list[str]:
    """What record says: where it went, what it sent, what it recorded where."""
    lines = [line for line in probe.summary() if line.startswith(_REPORTED)]
    recorder = probe.transport.recorder
    if probe.har_path is not None and recorder is not None:
        entries = recorder.entries
        kinds = Counter(_kind(e.get("comment", "")) for e in entries if e.get("_part") == "record")
        sample = ", ".join(f"{kind} ×{n}" if n > 1 else kind for kind, n in kinds.items())
        lines.append(f"recorded: {len(entries)} exchanges in {probe.har_path}")
        if kinds:
            lines.append(f"  the sample ({sum(kinds.values())}): {sample}")
    return lines


def _kind(label: str) -> str:
    """A step's kind: ``status=COMPLETE`` and ``status=ERROR`` are both status filters."""
    name, equals, _ = label.partition("=")
    return f"{name} filter" if equals and " " not in name else label


def _unreadable(har: str) -> str | None:
    """Why the HAR just written is no recording to compare (read as infer and drift read it:
    no response of the contract's endpoints in it), or None."""
    from arena_contract.drift import InputError, read_side

    try:
        read_side([har], allow_summary=False)
    except InputError as exc:
        return str(exc)
    return None
