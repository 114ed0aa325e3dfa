"""Shared test helpers (imported by tests; conftest.py holds the fixtures)."""

import base64
import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from unittest import mock
from urllib.parse import quote, quote_plus

DATA = Path(__file__).parent / "data"
RUNS_URL = "https://api.arenasolutions.com/v1/imports/L3N6KHLNYFY8RAQ8SWYT/runs"


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def arena_headers(body: bytes = b"{}", **overrides: str) -> dict[str, str]:
    """The six headers Arena documents, with correct values for ``body``."""
    headers = {
        "Content-Length": str(len(body)),
        "Content-Type": "application/json;charset=UTF-8",
        "Date": "Sat, 28 Nov 2026 13:43:54 GMT",
        "Server": "ArenaSolutions",
        "X-Arena-Next-Request-Limit-Reset": "2026-11-29T00:00:00Z",
        "X-Arena-Requests-Remaining": "997",
    }
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v is not None}


# --- secrets: canaries, and the forms in which a leak would show --------------------------

CANARY_PASSWORD = "Canary-Pw-5b7e1d9c/+="
CANARY_SESSION = "CANARY-SID-0f3a9e77c2d1|"
#: The shape of the mock's session ids (mock/sessions.py): a leaked live one would match.
MOCK_SESSION = re.compile(r"MOCK-[A-Za-z0-9]{32}")


def har_entry(
    url: str,
    text: str,
    headers: dict[str, str],
    *,
    request_headers: dict[str, str] | None = None,
    comment: str | None = None,
) -> dict:
    """One HAR 1.2 entry: a GET of ``url`` answered 200 with ``text`` and ``headers``.
    ``comment`` comes first, so its line follows the entry's opening brace."""
    head = {"comment": comment} if comment is not None else {}
    return {
        **head,
        "startedDateTime": "2026-11-28T13:43:54.000Z",
        "time": 1,
        "request": {
            "method": "GET",
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in (request_headers or {}).items()],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in headers.items()],
            "cookies": [],
            "content": {
                "size": len(text.encode()),
                "mimeType": "application/json",
                "text": text,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0},
    }


def secret_forms(secret: str) -> set[str]:
    """A secret as it would appear leaked: plain, URL-encoded, base64 (either alphabet)."""
    raw = secret.encode()
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }


def assert_clean(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in secret_forms(secret):
            assert form not in text, f"{form!r} leaked"
    assert not MOCK_SESSION.search(text), "a live session id leaked"


# --- running the command line ---------------------------------------------------------------


class Ran(NamedTuple):
    """One run of ``arena-contract``: its exit code and what it printed (unpacks as
    ``code, out, err``)."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        """Everything it printed, standard output first."""
        return self.out + self.err

    def json(self) -> Any:
        """Standard output read as JSON (the ``--format json`` report)."""
        return json.loads(self.out)


def run_cli(
    *args: str | os.PathLike[str],
    stdin: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    fresh: bool = False,
    timeout: float = 120,
) -> Ran:
    """``arena-contract ARGS``: through the real entry point in this process (no interpreter
    start-up), or with ``fresh`` as ``python -m arena_contract`` in a process of its own, where
    a test needs one: the process's real exit and streams, nothing registered or imported by
    this one (a secret it masks, a module it loaded), a hang bounded by ``timeout``.

    ``env`` is laid over this process's environment for the run (``None`` unsets a variable);
    ``cwd`` is where it runs; ``stdin`` its standard input (text is sent as UTF-8); ``timeout``
    bounds a fresh process only. Either way a traceback in what it printed fails the test: a
    user never sees one."""
    argv = [os.fspath(arg) for arg in args]
    run = _fresh if fresh else _in_process
    ran = run(argv, stdin=stdin, env=env or {}, cwd=cwd, timeout=timeout)
    assert "Traceback" not in ran.text, ran.text[-2000:]
    return ran


def start_cli(
    *args: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.Popen[str]:
    """``python -m arena_contract ARGS`` started in a process of its own, its standard output
    and error piped as text: a command that runs until it is stopped (``serve``), or that a
    test interrupts. ``env`` and ``cwd`` as for `run_cli`; the caller stops it and waits."""
    return subprocess.Popen(
        _command(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environ(env or {}),
        cwd=cwd,
    )


def _command(args: Sequence[str | os.PathLike[str]]) -> list[str]:
    return [sys.executable, "-m", "arena_contract", *map(os.fspath, args)]


def _environ(env: Mapping[str, str | None]) -> dict[str, str]:
    """This process's environment with ``env`` laid over it (``None`` unsets a variable)."""
    environ = {**os.environ, **env}
    return {name: value for name, value in environ.items() if value is not None}


def _fresh(argv, *, stdin, env, cwd, timeout) -> Ran:
    done = subprocess.run(
        _command(argv),
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        env=_environ(env),
        cwd=cwd,
        timeout=timeout,
    )
    return Ran(done.returncode, _decoded(done.stdout), _decoded(done.stderr))


def _decoded(data: bytes) -> str:
    """As ``text=True`` decodes a child's output (the locale's encoding, universal newlines)."""
    return io.TextIOWrapper(io.BytesIO(data)).read()


def _in_process(argv, *, stdin, env, cwd, timeout) -> Ran:
    from arena_contract.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if env:
            stack.enter_context(_environment(env))
        if cwd is not None:
            stack.enter_context(_working_directory(cwd))
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            stdin_stream = io.TextIOWrapper(io.BytesIO(data))
            stack.enter_context(mock.patch.object(sys, "stdin", stdin_stream))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's usage errors, --help: as the process ends
            code = _exit_code(exit_, err)
    return Ran(code, out.getvalue(), err.getvalue())


def _exit_code(exit_: SystemExit, err: io.StringIO) -> int:
    """The status a process ending with ``exit_`` has (a message is printed and is 1)."""
    if exit_.code is None or isinstance(exit_.code, int):
        return exit_.code or 0
    print(exit_.code, file=err)
    return 1


@contextlib.contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    with mock.patch.dict(os.environ):
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield


@contextlib.contextmanager
def _working_directory(cwd: str | os.PathLike[str]) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
