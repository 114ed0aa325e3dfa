"""Turning the paths a user gave into capture files to read, and reading their bytes.

A file named explicitly is read whatever its name; in a directory (searched recursively,
in sorted order) only capture-looking names are picked, so READMEs and scripts next to
captures are not reported as broken captures, and hidden files and directories (``.git``,
``.venv``, a tool's cache or configuration) are not searched. Symbolic links to directories
are followed but each real directory is visited once, so a link loop ends. A file reached
twice (named and inside a named directory, or through a link) is read once. ``-`` is
standard input.
Problems are returned as one-line messages, never raised.

An input is read whole (and refused over ``MAX_DOCUMENT_BYTES``), except that a caller may
ask for a large one to be streamed instead (``read_or_stream``): the capture reader does so
for a HAR over ``STREAM_BYTES``, which is then read entry by entry (captures/stream.py).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from arena_contract.jsonload import MAX_DOCUMENT_BYTES
from arena_contract.sizes import over_limit

#: Extensions picked when searching a directory (compared case-insensitively).
CAPTURE_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".har", ".yaml", ".yml")
STDIN = "-"
#: Inputs larger than this may be streamed (``read_or_stream``): below it, reading the whole
#: file costs little memory and the strict whole-document checks apply (duplicate keys
#: anywhere, exact big integers); above it, a HAR is read entry by entry.
STREAM_BYTES = 32 * 1024 * 1024
#: How much of a large input ``read_or_stream`` shows its ``stream_if`` to decide.
SNIFF_BYTES = 1024


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, None)`` for each file to read, or ``(path, message)`` for a bad path."""
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield path, None
        elif os.path.isdir(path):
            root = os.path.realpath(path)
            if root in seen:
                continue  # the same directory named twice
            seen.add(root)
            found = False
            for item in _walk(path, seen):
                found = True
                yield item
            if not found:
                # An empty directory is more likely a wrong path or a failed export than a
                # success: say so (exit 2) rather than report "0 files, all conform".
                yield path, f"{path}: no capture files ({', '.join(CAPTURE_EXTENSIONS)}) in it"
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
        # Hidden directories and files (.git, .venv, Schemathesis' .schemathesis cache, a
        # .spectral.yaml) hold a tool's or an editor's files, not recordings: passed over as
        # names that do not look like captures are. Named on the command line, one is read.
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(CAPTURE_EXTENSIONS):
                continue
            path = os.path.join(dirpath, name)
            try:  # one lstat: a plain file's real path is its real directory's and its name
                plain = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                plain = False
            real = os.path.join(real_dir, name) if plain else os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            if plain:
                yield path, None
            elif os.path.islink(path) and not os.path.exists(path):
                yield path, f"{path}: broken symbolic link (its target does not exist)"
            elif os.path.isfile(path):  # not a FIFO, socket or device: reading may block
                yield path, None
    yield from ((_where(e, root), _message(e, _where(e, root))) for e in errors)


def read_or_stream(
    path: str, *, stdin: BinaryIO | None = None, stream_if: Callable[[bytes], bool]
) -> bytes | StreamSource:
    """The bytes of a file (or stdin for ``-``), except that an input over ``STREAM_BYTES``
    whose first ``SNIFF_BYTES`` ``stream_if`` accepts is not read but returned as a
    :class:`StreamSource`, whatever its size (``MAX_DOCUMENT_BYTES`` does not apply to it).
    Raises OSError, or ValueError for an input too large to read whole."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(STREAM_BYTES + 1)
        if len(data) > STREAM_BYTES:
            if stream_if(data[:SNIFF_BYTES]):
                return StreamSource(path, head=data, rest=stream)
            data += stream.read(MAX_DOCUMENT_BYTES + 1 - len(data))
    else:
        data = _read_small(path)
        if data is None:  # not a small regular file
            return _read_opened(path, stream_if)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(_too_large(len(data)))
    return data


def _read_small(path: str) -> bytes | None:
    """A regular file of at most ``STREAM_BYTES``, whole, in one ``os.read`` sized by
    ``fstat``: half the time of a file object (6 µs of 12 for 32 KB: no ``fcntl``, ``ioctl``
    or ``lseek``). None for anything else (a pipe, a device, a directory, an empty or a
    large file) and when that read does not end at the size ``fstat`` told (a file that
    grew, a short read): ``_read_opened`` reads those, and says what is wrong."""
    fd = _open_nonblocking(path, os.O_RDONLY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= STREAM_BYTES:
            return None
        data = os.read(fd, info.st_size + 1)
        return data if len(data) == info.st_size else None
    finally:
        os.close(fd)


def _read_opened(path: str, stream_if: Callable[[bytes], bool]) -> bytes | StreamSource:
    """Any file through a file object: a pipe or a device (no size), a large file."""
    with open(path, "rb", opener=_open_nonblocking) as handle:
        os.set_blocking(handle.fileno(), True)
        size = os.fstat(handle.fileno()).st_size
        if size > STREAM_BYTES:
            if stream_if(handle.read(SNIFF_BYTES)):
                return StreamSource(path)
            handle.seek(0)
        if size > MAX_DOCUMENT_BYTES:
            raise ValueError(_too_large(size))
        # Sized by fstat: read(n) first sets aside n bytes, and 512 MiB for a file of
        # 30 KB is an mmap and a munmap each time (a third of reading 1,000 such files).
        # A pipe or a device tells no size: read up to the limit.
        data = handle.read(size + 1 if size else MAX_DOCUMENT_BYTES + 1)
        if size and len(data) > size:  # it grew meanwhile: the rest, up to the limit
            data += handle.read(MAX_DOCUMENT_BYTES + 1 - len(data))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(_too_large(len(data)))
    return data


class StreamSource:
    """A large input to be read as a stream, from its first byte.

    For a file, each ``open()`` opens it again (so nothing is left open until it is read);
    standard input, of which ``STREAM_BYTES`` were read already to decide, can be opened once.
    """

    def __init__(self, path: str, *, head: bytes = b"", rest: BinaryIO | None = None) -> None:
        self.path = path
        self._head = head
        self._rest = rest
        self._opened = False

    def head(self, size: int) -> bytes:
        """The input's first ``size`` bytes (at most), without consuming standard input;
        raises OSError."""
        if self._rest is not None:
            return self._head[:size]
        with open(self.path, "rb") as handle:
            return handle.read(size)

    def open(self) -> BinaryIO:
        """A binary stream of the whole input; raises OSError, or RuntimeError for standard
        input opened a second time."""
        if self._rest is None:
            return open(self.path, "rb")  # the caller closes it
        if self._opened:
            raise RuntimeError(f"{self.path}: standard input can be read only once")
        self._opened = True
        head, self._head = self._head, b""
        return io.BufferedReader(_Prefixed(head, self._rest))


class _Prefixed(io.RawIOBase):
    """``head`` then the rest of ``rest``; closing it does not close ``rest`` (stdin)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        if len(self._head):
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


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
    return f"file is {over_limit(size, MAX_DOCUMENT_BYTES)}"
