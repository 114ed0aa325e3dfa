"""Turning the paths a user gave into capture files to read, and reading their bytes.

A file named explicitly is read whatever its name; in a directory (searched recursively,
in sorted order) only capture-looking names are picked, so READMEs and scripts next to
captures are not reported as broken captures. Symbolic links to directories are followed
but each real directory is visited once, so a link loop ends. A file reached twice (named
and inside a named directory, or through a link) is read once. ``-`` is standard input.
Problems are returned as one-line messages, never raised.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from arena_contract.jsonload import MAX_DOCUMENT_BYTES

#: Extensions picked when searching a directory (compared case-insensitively).
CAPTURE_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".har", ".yaml", ".yml")
STDIN = "-"


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, None)`` for each file to read, or ``(path, message)`` for a bad path."""
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield path, None
        elif os.path.isdir(path):
            yield from _walk(path, seen)
        elif os.path.exists(path):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield path, None
        elif os.path.islink(path):
            yield path, f"{path}: broken symbolic link (its target does not exist)"
        else:
            yield path, f"{path}: no such file or directory"


def _walk(root: str, seen: set[str]) -> Iterator[tuple[str, str | None]]:
    errors: list[OSError] = []
    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=True):
        yield from ((_where(e, root), _message(e, _where(e, root))) for e in errors)
        errors.clear()
        real_dir = os.path.realpath(dirpath)
        if real_dir in visited:
            dirnames[:] = []  # a link back to a directory already walked: a loop
            continue
        visited.add(real_dir)
        dirnames.sort()
        for name in sorted(filenames):
            if not name.lower().endswith(CAPTURE_EXTENSIONS):
                continue
            path = os.path.join(dirpath, name)
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            if os.path.islink(path) and not os.path.exists(path):
                yield path, f"{path}: broken symbolic link (its target does not exist)"
            elif os.path.isfile(path):  # not a FIFO, socket or device: reading may block
                yield path, None
    yield from ((_where(e, root), _message(e, _where(e, root))) for e in errors)


def read_source(path: str, *, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file (or stdin for ``-``); raises OSError or ValueError (too large)."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    else:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            os.set_blocking(handle.fileno(), True)
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise ValueError(_too_large(size))
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(_too_large(len(data)))
    return data


def _open_nonblocking(path: str, flags: int) -> int:
    """Open without waiting: a named pipe (FIFO) with no writer then reads as empty."""
    return os.open(path, flags | os.O_NONBLOCK)


def describe_os_error(path: str, error: OSError) -> str:
    """One line for a file that could not be read, without a traceback."""
    return _message(error, path)


def _message(error: OSError, path: str) -> str:
    if isinstance(error, IsADirectoryError):
        return f"{path}: is a directory"
    reason = error.strerror or type(error).__name__
    return f"{path}: cannot read: {reason[:1].lower()}{reason[1:]}"


def _where(error: OSError, default: str) -> str:
    return error.filename if isinstance(error.filename, str) else default


def _too_large(size: int) -> str:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return f"file is {size / (1024 * 1024):.1f} MiB, over the {limit} MiB limit"
