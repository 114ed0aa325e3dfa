"""Files the tool reads for its own use and files it writes, handled so that no path a user
(or an attacker) can name makes it crash, hang or write where it should not.

Reading (configuration, baselines): ``read_regular`` opens without waiting (a FIFO with
no writer does not block), refuses anything that is not a regular file (a directory,
``/dev/zero``, a socket) and anything over a size cap, and turns every failure (a symlink
loop, a permission, ``~nosuchuser``) into ``UnusableFile``, one line.

Writing (baselines, HAR files, reports, the exported contract, shape summaries):
``write_atomic`` / ``atomic_text`` write a private temporary file made with
``tempfile.mkstemp`` (``O_EXCL``, an unpredictable name, never a planted link) in the
target's directory and rename it over the target, so a reader never sees half a file, two
writers never share a temporary file, and a symbolic link at the target is replaced, not
written through.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from arena_contract.sizes import over_limit, readable

#: The largest configuration or baseline file read (a baseline of 100,000 entries is ~15 MB).
MAX_CONFIG_BYTES = 32 * 1024 * 1024


class UnusableFile(ValueError):
    """A path that cannot be read or written as asked; the message is one line without
    the path (the caller names the file in its own words)."""


def user_path(text: str | os.PathLike[str]) -> Path:
    """``text`` as a Path with ``~`` and ``~user`` expanded; UnusableFile for a home that
    cannot be found (``~nosuchuser``)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise UnusableFile("no such user's home directory") from None


def resolved(path: Path) -> Path:
    """``path`` made absolute with links resolved; UnusableFile for a symbolic link loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        raise UnusableFile("a symbolic link loop") from None


def read_regular(path: str | os.PathLike[str], *, limit: int = MAX_CONFIG_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit``); UnusableFile when it
    is missing, not a regular file, too large or unreadable."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UnusableFile(_reason(exc)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnusableFile("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile("not a regular file (a pipe, a device or a socket)")
        if info.st_size > limit:
            raise UnusableFile(over_limit(info.st_size, limit))
        os.set_blocking(descriptor, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UnusableFile(_reason(exc)) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while read
        raise UnusableFile(f"over the {readable(limit)} limit")
    return data


def check_writable(path: Path) -> None:
    """Raise UnusableFile unless a file could be written at ``path`` now: its directory
    exists and takes a new file, and ``path`` is not a directory. For options like ``-o``
    and ``--write-baseline``, checked before any request is spent."""
    if str(path) == "":
        raise UnusableFile("an empty file name")
    if path.is_dir():
        raise UnusableFile("is a directory")
    directory = path.parent
    try:
        import tempfile  # here: it imports shutil and random, and `check` writes no file

        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise UnusableFile(_reason(exc, directory)) from None
    os.close(descriptor)
    os.unlink(temporary)


def check_directory(path: Path) -> None:
    """Raise UnusableFile unless files could be written in the directory ``path`` (made
    when missing: then its nearest existing ancestor must take a new directory)."""
    if str(path) == "":
        raise UnusableFile("an empty directory name")
    existing = path
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():
            raise UnusableFile(f"{existing} is a broken symbolic link")
        existing = existing.parent
    if not existing.is_dir():
        raise UnusableFile(f"{existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UnusableFile(f"{existing} is not writable")


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, replace: bool = True) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a private temporary file in its
    directory; raises UnusableFile with one line (``path`` untouched) on failure, and
    FileExistsError when ``replace`` is false and ``path`` exists (a link included)."""
    with atomic_binary(Path(path), replace=replace) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def atomic_text(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` when the block ends without an error
    (nothing is replaced when it raises). Raises UnusableFile for a file that cannot be
    written."""
    with atomic_binary(Path(path)) as binary:
        stream = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=False)
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()


@contextlib.contextmanager
def atomic_binary(path: Path, *, replace: bool = True) -> Iterator[io.BufferedWriter]:
    """A binary stream, as ``atomic_text``."""
    if str(path) == "" or path.name in ("", ".", ".."):
        raise UnusableFile("is a directory" if str(path) else "an empty file name")
    if path.is_dir():
        raise UnusableFile("is a directory")
    directory = path.parent
    try:
        import tempfile  # here: it imports shutil and random, and `check` writes no file

        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise UnusableFile(_reason(exc, directory)) from None
    try:
        with open(descriptor, "wb", closefd=True) as handle:
            yield handle
            handle.flush()
        os.chmod(temporary, _new_file_mode())
        if replace:
            os.replace(temporary, path)  # replaces a link at ``path``; never writes through it
        else:
            os.link(temporary, path)  # fails when anything (a link too) is there already
            _remove(temporary)
    except FileExistsError:
        _remove(temporary)
        raise
    except OSError as exc:
        _remove(temporary)
        raise UnusableFile(_reason(exc)) from None
    except BaseException:
        _remove(temporary)
        raise


_umask_lock = threading.Lock()


def _new_file_mode() -> int:
    """The mode an ordinary ``open(path, "w")`` would give (mkstemp's is 0600)."""
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _reason(error: OSError, directory: Path | None = None) -> str:
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, FileNotFoundError) and directory is not None:
        return f"no such directory {str(directory) or '.'}"
    reason = error.strerror or type(error).__name__
    if error.errno == errno.ELOOP:
        reason = "a symbolic link loop"
    return reason[:1].lower() + reason[1:]
