"""Writing a command's report: to standard output, or to ``-o FILE``, never a traceback."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

#: A write that failed for want of room, or on a broken device (`> /dev/full`).
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def is_write_error(error: OSError) -> bool:
    """True for an error writing an already open output (standard output), which is the
    user's to fix, not a bug: one line, exit 2."""
    return error.errno in _WRITE_ERRORS and error.filename is None


def discard_stdout() -> None:
    """Point standard output at the null device, so that what is still buffered for an
    output that failed (full, or a closed pipe) does not fail again as the process ends,
    with Python's "Exception ignored" lines on standard error."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def write_output(path: str | None, produce: Callable[[TextIO], None]) -> str | None:
    """Write to ``path`` (standard output when None); returns an error line, or None.

    A reader that stops early (`check ... | head -1`) is no error of the command: the report
    stops there and the command's own exit code stands (findings still exit 1).
    """
    if path is None:
        try:
            produce(sys.stdout)
            sys.stdout.flush()  # a closed pipe or a full device shows here, not at exit
        except BrokenPipeError:
            discard_stdout()
        except OSError as exc:  # `> /dev/full`
            discard_stdout()
            return f"cannot write standard output: {exc.strerror or exc}"
        return None
    from arena_contract.safe_files import UnusableFile, atomic_text

    try:
        with atomic_text(path) as stream:
            produce(stream)
    except UnusableFile as exc:
        return f"cannot write {path}: {exc}"
    return None


def writable_output(path: str | None, option: str = "-o") -> str | None:
    """An error line when a report could not be written to ``path`` (its directory is
    missing or read-only, or it is a directory), else None: checked before a command spends
    any request, so that a typo in ``-o`` does not cost a workspace's quota."""
    if path is None:
        return None

    from arena_contract.safe_files import UnusableFile, check_writable, user_path

    try:
        check_writable(user_path(path))
    except UnusableFile as exc:
        return f"{option} {path}: cannot write there: {exc}"
    return None


def dump_json(document: Any, out: TextIO, *, sort_keys: bool = False) -> None:
    """JSON as every subcommand writes it: two-space indent, UTF-8, a final newline."""
    import json

    json.dump(document, out, indent=2, ensure_ascii=False, sort_keys=sort_keys)
    out.write("\n")


def say_unreadable(output: str | None, errors: list[str]) -> None:
    """The report names unreadable inputs; when it went to a file (``-o``), standard error
    names them too, one line each, so the terminal does not show a bare exit 2."""
    if output is not None:
        for error in errors:
            print(f"arena-contract: error: {error}", file=sys.stderr)


def end_process(code: int) -> NoReturn:
    """End the process now, without tearing the interpreter down.

    After a check of a large response, teardown would free its million objects one by one
    (about a fifth of the time it took to parse them); the operating system takes the memory
    back at once. Only for the script (``main(ending=True)``), once every output is written:
    files are closed by then, and the standard streams are flushed here.
    """
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (`| head`) or an already closed stream: nothing more can be said.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
