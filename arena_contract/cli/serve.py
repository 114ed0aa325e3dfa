"""``arena-contract serve``: run the mock Arena on HTTP until Ctrl-C.

Prints only the base URL on stdout (so scripts can read it); everything else,
including the request log, goes to stderr. Passwords and session ids are never
printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
from typing import Any

from arena_contract.cli import EXIT_OK, EXIT_USAGE
from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD, DEFAULT_QUOTA

#: Where `serve --user EMAIL` finds the password (a flag would show it in ps).
PASSWORD_ENV = "ARENA_MOCK_PASSWORD"


def _user(value: str) -> tuple[str, str | None]:
    email, sep, password = value.partition(":")
    if "@" not in email or (sep and not password):
        # The value is not echoed: it may hold a password.
        raise argparse.ArgumentTypeError(
            f"expected EMAIL (password in ${PASSWORD_ENV}) or EMAIL:PASSWORD"
        )
    return email, password or None


def _users(given: list[tuple[str, str | None]] | None) -> dict[str, str] | None:
    """The users from --user, passwords from the flag (warned) or the environment; each
    password registered as a secret, so the request log masks it. ValueError when one has
    no password."""
    from arena_contract.redact import register_secret

    if not given:
        return None
    users = {}
    for email, password in given:
        if password is not None:
            print(
                "arena-contract serve: warning: --user EMAIL:PASSWORD puts a password on the "
                f"command line, where ps and shell history show it; use --user EMAIL and "
                f"{PASSWORD_ENV}",
                file=sys.stderr,
            )
        password = password or os.environ.get(PASSWORD_ENV) or None
        if password is None:
            raise ValueError(f"--user {email} needs a password: set {PASSWORD_ENV}")
        register_secret(password)
        users[email] = password
    return users


def _port(value: str) -> int:
    from arena_contract.numbers import parse_count

    port = parse_count(value)
    if port is None or port > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number, 0 to 65535; got {value!r}")
    return port


def _run_timing(value: str) -> tuple[float, float]:
    """'1,2' as (1.0, 2.0): seconds a new run is CREATED, then RUNNING."""
    parts = value.replace(",", " ").split()
    try:
        numbers = tuple(float(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 2 or any(not (0 <= n < 1e7) for n in numbers):  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"expected two numbers of seconds like 1,2 (CREATED, then RUNNING); got {value!r}"
        )
    return numbers  # type: ignore[return-value]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the mock Arena on HTTP",
        description=(
            "Serve a mock Arena (POST /login, PUT /logout, the Import Engine: definitions, "
            "runs started from CSV or XLSX files, their content files, commits) until Ctrl-C. "
            "Prints the base URL (http://HOST:PORT/v1) on stdout. "
            f"Default login: {DEFAULT_EMAIL} / {DEFAULT_PASSWORD}."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=_port, default=0, help="port, 0 to 65535 (default 0: any free port)"
    )
    parser.add_argument("--seed", type=int, default=0, help="dataset seed (default 0)")
    parser.add_argument(
        "--runs",
        metavar="COUNTS",
        help="one import definition per count, with that many runs (e.g. 45,7,0); "
        "default: the dataset's five",
    )
    parser.add_argument(
        "--quota",
        type=int,
        default=DEFAULT_QUOTA,
        help=f"requests per 24 h (default {DEFAULT_QUOTA})",
    )
    parser.add_argument(
        "--user",
        action="append",
        type=_user,
        metavar="EMAIL",
        help=f"a user who may log in, with the password in ${PASSWORD_ENV} (repeatable; "
        f"replaces the default {DEFAULT_EMAIL}); EMAIL:PASSWORD also works, but ps shows it",
    )
    parser.add_argument(
        "--count-reading",
        choices=("total", "page"),
        default="total",
        help="what a list's count means: all matches (default) or results on the page",
    )
    parser.add_argument(
        "--limit-over-max",
        choices=("error", "clamp"),
        default="error",
        help="limit over 400: error 3220 (default) or a page of 400",
    )
    parser.add_argument(
        "--reset-format",
        choices=("arena", "iso", "http"),
        default="arena",
        help="X-Arena-Next-Request-Limit-Reset as Arena's documented "
        "'Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)' (default), ISO-8601 UTC or an HTTP-date",
    )
    parser.add_argument(
        "--purged",
        action="store_true",
        help="let runs older than 60 days be PURGED (a status only a third-party connector "
        "declares; off: the four statuses Arena documents)",
    )
    parser.add_argument(
        "--drift",
        action="append",
        default=[],
        metavar="NAME",
        help="turn on a drift switch (repeatable; see --list-drifts)",
    )
    parser.add_argument(
        "--run-timing",
        type=_run_timing,
        default=(1.0, 2.0),
        metavar="CREATED,RUNNING",
        help="seconds a run started through the mock stays CREATED, then RUNNING, on the "
        "wall clock (default 1,2; 0,0 finishes it at once)",
    )
    parser.add_argument("--list-drifts", action="store_true", help="list drift switches and exit")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the base URL: no start-up lines, no import definitions, no request log",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from arena_contract.mock import DRIFTS, MockEngine
    from arena_contract.mock.wsgi import base_url, build_server

    if args.list_drifts:
        width = max(map(len, DRIFTS))
        for drift in DRIFTS.values():
            print(f"{drift.name:<{width}}  {drift.summary}")
        return EXIT_OK
    if args.quota < 0:
        print("arena-contract serve: --quota cannot be negative", file=sys.stderr)
        return EXIT_USAGE
    try:
        from arena_contract.mock.dataset import parse_run_counts

        run_counts = parse_run_counts(args.runs) if args.runs is not None else None
        arena = MockEngine(
            run_counts=run_counts,
            seed=args.seed,
            quota=args.quota,
            users=_users(args.user),
            count_reading=args.count_reading,
            limit_over_max=args.limit_over_max,
            reset_format=args.reset_format,
            purged=args.purged,
            drifts=args.drift,
            run_timing=args.run_timing,
        )
    except ValueError as exc:
        print(f"arena-contract serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            server = build_server(arena, args.host, args.port, quiet=args.quiet)
    except SystemExit:  # werkzeug's way to say it could not listen: its first line says why
        reason = (said.getvalue().strip().splitlines() or ["cannot listen"])[0]
        print(
            f"arena-contract serve: cannot listen on {args.host} port {args.port}: {reason}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _interrupt)
    try:  # a stop that comes while the start is being told ends as cleanly as a later one
        print(base_url(server), flush=True)
        if not args.quiet:  # -q: the base URL is all there is to read
            users = ", ".join(arena.sessions.emails)
            drifts = ", ".join(arena.drifts.names) or "none"
            print(
                f"arena-contract serve: seed {args.seed}, quota {args.quota}, users {users}, "
                f"drifts {drifts}. Ctrl-C to stop.",
                file=sys.stderr,
                flush=True,
            )
            print(_definitions(arena), file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _definitions(arena: Any) -> str:
    """The import definitions served, with their GUIDs: what a client's configuration names."""
    lines = ["import definitions (GUID, runs, name):"]
    for definition in arena.dataset.definitions:
        name = definition.wire.get("name", "")
        lines.append(f"  {definition.guid}  {len(definition.runs):>4} runs  {name}")
    return "\n".join(lines)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
