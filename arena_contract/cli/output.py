"""Writing a command's report: to standard output, or to ``-o FILE``, never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO


def write_output(path: str | None, produce: Callable[[TextIO], None]) -> str | None:
    """Write to ``path`` (standard output when None); returns an error line, or None."""
    if path is None:
        produce(sys.stdout)
        return None
    try:
        with open(path, "w", encoding="utf-8") as stream:
            produce(stream)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None


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
