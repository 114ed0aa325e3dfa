"""``check --jobs N``: the files split into N shares, checked at once, reported in order.

This process checks the first share itself while N - 1 workers check the others, each
sending its results back once, in one message, when its share is done. Then the results
are given in the order of the paths. A pool handing out files one chunk at a time, which
this replaced, gained 1.08× to 1.10× over one process on 1,000 files of 32 KB on 2 cores,
its parent idle (docs/speed.md, "A third pass").

The shares are made before any file is read: each file goes to the share with the least
work so far, the work of a file estimated from its size. A worker that dies or fails gives
each of its files one clear error rather than a traceback.

``--jobs auto``, the command's default (``auto_jobs``), asks for one process per
:data:`AUTO_BYTES_PER_JOB` of input, up to one per CPU this process may run on: a second
process costs its fork and the sending of results, which a pre-commit batch of 50 run lists
(1.6 MB) does not pay back. It is one under pre-commit, which already splits the files over
the CPUs and runs one command per share (it sets ``PRE_COMMIT``); where workers cannot be
forked (Windows; macOS, where forking a process is unsafe); and when a file is over
:data:`AUTO_MAX_FILE_BYTES`: such a file is parsed whole, and two at once would double the
peak memory that one process keeps to one file.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from arena_contract.captures import STDIN
from arena_contract.results import FileResult

Item = tuple[str, "str | None"]
#: What checking a file costs besides its bytes, in bytes: reading, detecting, the rules'
#: start (measured on 32 KB run lists: about a quarter of a file's time).
_PER_FILE = 8 * 1024


#: Input per process that ``--jobs auto`` asks for before it starts another (see the module).
AUTO_BYTES_PER_JOB = 4 * 1024 * 1024
#: A file over this keeps ``--jobs auto`` to one process (see the module).
AUTO_MAX_FILE_BYTES = 64 * 1024 * 1024


def auto_jobs(items: Sequence[Item], sizes: Sequence[int]) -> int:
    """How many processes ``--jobs auto`` checks ``items`` (of ``sizes`` bytes) in."""
    if os.environ.get("PRE_COMMIT") or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    if max(sizes, default=0) > AUTO_MAX_FILE_BYTES:
        return 1
    wanted = sum(sizes) // AUTO_BYTES_PER_JOB
    return max(1, min(usable_cpus(), len(items), wanted))


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's or ``taskset``'s share), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def sizes_of(items: Sequence[Item]) -> list[int]:
    """Each item's size in bytes (0 for standard input, a listing error or an unreadable
    file: reading it will say what is wrong)."""
    return [_size(path) if error is None else 0 for path, error in items]


def shares(items: Sequence[Item], count: int, sizes: Sequence[int] = ()) -> list[list[int]]:
    """The positions of ``items`` in ``count`` shares of about equal work (see the module)."""
    sizes = sizes or sizes_of(items)
    loads = [0] * count
    out: list[list[int]] = [[] for _ in range(count)]
    for position, size in enumerate(sizes):
        share = loads.index(min(loads))
        out[share].append(position)
        loads[share] += _PER_FILE + size
    return out


def _size(path: str) -> int:
    if path == STDIN:
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def check_in_shares(
    items: Sequence[Item],
    check: Callable[[Item], FileResult],
    jobs: int,
    sizes: Sequence[int] = (),
) -> Iterator[FileResult]:
    """``check(item)`` for each item (``checker.check_item``), in ``jobs`` processes, in
    order."""
    import multiprocessing  # here: only --jobs pays for it (about 5 ms of start-up)

    parts = [part for part in shares(items, jobs, sizes) if part]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    forking = context.get_start_method() == "fork"
    if forking:
        # The workers start with everything imported and the objects made so far out of
        # the collector's sight, so that no worker's collection writes to the pages it
        # shares with this process (copy-on-write).
        gc.freeze()
    workers: list[tuple[list[int], Any, Any]] = []
    try:
        for part in parts[1:]:
            receiving, sending = _pipe(context, forking)
            worker = context.Process(
                target=_work, args=([items[i] for i in part], check, sending), daemon=True
            )
            worker.start()
            # The worker's end, closed here: EOF on ours when the worker is gone.
            if forking:
                os.close(sending)
            else:
                sending.close()
            workers.append((part, receiving, worker))
        results: dict[int, FileResult] = {}
        for position in parts[0]:
            results[position] = check(items[position])
        for part, receiving, worker in workers:
            shared = [items[i] for i in part]
            results.update(zip(part, _received(receiving, worker, shared), strict=True))
        for position in range(len(items)):
            yield results.pop(position)
    finally:
        for _, receiving, worker in workers:
            receiving.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
        if forking:
            gc.unfreeze()


def _work(items: list[Item], check: Callable[[Item], FileResult], sending: Any) -> None:
    """A worker: its share's results, sent once; or what stopped it, as text."""
    try:
        message: tuple[str, Any] = ("done", [check(item) for item in items])
    except BaseException as exc:  # any: the parent reports it, for each file
        # Its name only: an exception's text may quote a body, and a body may hold a secret.
        message = ("failed", type(exc).__name__)
    if isinstance(sending, int):  # a forked worker's end of an OS pipe (_pipe)
        with os.fdopen(sending, "wb") as end:
            pickle.dump(message, end, pickle.HIGHEST_PROTOCOL)
    else:
        sending.send(message)
        sending.close()


def _pipe(context: Any, forking: bool) -> tuple[Any, Any]:
    """(this process's end, the worker's end) of a one-way pipe. A forked worker inherits
    a bare OS pipe, its end a file descriptor: no ``multiprocessing.connection`` to import
    (about 5 ms of ``check``'s start-up, before any file is checked). A spawned worker is
    handed a ``multiprocessing`` pipe instead, which can travel to a new process."""
    if not forking:
        return context.Pipe(duplex=False)
    receiving, sending = os.pipe()
    return os.fdopen(receiving, "rb"), sending


def _received(receiving: Any, worker: Any, items: list[Item]) -> list[FileResult]:
    """A worker's results, or one error result per file of its share when it failed."""
    try:
        if hasattr(receiving, "recv"):
            kind, payload = receiving.recv()
        else:
            kind, payload = pickle.load(receiving)
    except Exception:  # nothing, or a message cut short: the worker died sending it
        worker.join()
        kind, payload = "failed", f"the worker process ended (exit code {worker.exitcode})"
    if kind == "done":
        return payload
    message = f"not checked: a --jobs worker failed ({payload}); please report it"
    return [FileResult(path, None, message) for path, _ in items]
