"""Writing a command's report: to standard output, or to ``-o FILE``, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


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
