"""``check --jobs N``: the files checked in N processes at once, reported in order.

The files are cut into chunks of neighbouring files of about equal work (a file's work is
estimated from its size), before any is read. This process and N - 1 forked workers then
take the chunks one at a time until none is left, from one pipe that holds one byte per
chunk: a byte read from a pipe goes to one reader only, so no lock is needed, and a process
the machine slows down (a busy neighbour, its copy-on-write page faults) simply takes fewer.
Fixed shares, which this replaced, left one process waiting for the other: in one round of
six the worker ended 30 ms after this process, on a run of 200 ms (docs/speed.md).

Each worker sends its results once, in one message, when the chunks run out; then all are
given in the order of the paths. A worker that dies or fails gives each file of the chunk it
held (or of every chunk it took, when its message is lost) one clear error rather than a
traceback; the others' files are checked as usual. Spawned workers (``--jobs N`` where
processes cannot be forked) cannot share the pipe: each takes every N-th chunk instead.

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
import itertools
import os
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


#: At most this many chunks: a chunk's number is one byte of the pipe that hands them out.
MAX_CHUNKS = 255
#: Chunks per process wanted: the last chunk taken is as much as one process can end after
#: another, so small ones; each costs one read of the pipe (a microsecond).
CHUNKS_PER_JOB = 32


def chunks(items: Sequence[Item], jobs: int, sizes: Sequence[int] = ()) -> list[range]:
    """The positions of ``items``, in order, cut into neighbouring chunks of about equal work
    (see the module): ``jobs`` * CHUNKS_PER_JOB of them, fewer for fewer files."""
    sizes = sizes or sizes_of(items)
    wanted = min(len(items), MAX_CHUNKS, jobs * CHUNKS_PER_JOB)
    if wanted <= 1:
        return [range(len(items))] if items else []
    target = sum(_PER_FILE + size for size in sizes) / wanted
    bounds, done, next_cut = [0], 0, target
    for position, size in enumerate(sizes[:-1], 1):
        done += _PER_FILE + size
        if done >= next_cut:  # (a file larger than a chunk makes one of its own)
            bounds.append(position)
            next_cut = (done // target + 1) * target
    bounds.append(len(items))
    return [range(a, b) for a, b in itertools.pairwise(bounds)]


def _size(path: str) -> int:
    if path == STDIN:
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def check_in_chunks(
    items: Sequence[Item],
    check: Callable[[Item], FileResult],
    jobs: int,
    sizes: Sequence[int] = (),
) -> Iterator[FileResult]:
    """``check(item)`` for each item (``checker.check_item``), in ``jobs`` processes, in
    order."""
    import multiprocessing  # here: only --jobs pays for it (about 5 ms of start-up)

    parts = chunks(items, jobs, sizes)
    jobs = min(jobs, len(parts))  # no process without a chunk to take
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    forking = context.get_start_method() == "fork"
    # Forked processes share one pipe of chunk numbers; spawned ones get lists (below).
    taking: Any = _chunk_pipe(len(parts)) if forking else None
    if forking:
        # The workers start with everything imported and the objects made so far out of
        # the collector's sight, so that no worker's collection writes to the pages it
        # shares with this process (copy-on-write).
        gc.freeze()
    workers: list[tuple[Any, Any]] = []
    try:
        for number in range(1, jobs):
            if not forking:  # a spawned worker takes every jobs-th chunk (see the module)
                taking = list(range(number, len(parts), jobs))
            receiving, sending = _pipe(context, forking)
            worker = context.Process(
                target=_work, args=(items, parts, taking, check, sending), daemon=True
            )
            worker.start()
            # The worker's end, closed here: EOF on ours when the worker is gone.
            if forking:
                os.close(sending)
            else:
                sending.close()
            workers.append((receiving, worker))
        if not forking:
            taking = list(range(0, len(parts), jobs))
        done = _checked(items, parts, taking, check)  # this process's chunks
        failures: list[str] = []
        for receiving, worker in workers:
            theirs, failure = _received(receiving, worker)
            done.update(theirs)
            if failure:
                failures.append(failure)
        for number, part in enumerate(parts):
            results = done.pop(number, None) or _not_checked(items, part, failures)
            yield from results
    finally:
        if forking:
            os.close(taking)
        for receiving, worker in workers:
            receiving.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
        if forking:
            gc.unfreeze()


def _chunk_pipe(count: int) -> int:
    """The read end of a pipe holding one byte per chunk number, its write end closed: a
    process that reads nothing more knows the chunks are all taken."""
    reading, writing = os.pipe()
    try:
        os.write(writing, bytes(range(count)))  # under PIPE_BUF: one write, never blocks
    finally:
        os.close(writing)
    return reading


def _taken(taking: int | list[int]) -> Iterator[int]:
    """The numbers of the chunks this process takes: from the shared pipe, one at a time,
    until it is empty (forked), or its own list (spawned)."""
    if isinstance(taking, int):
        while taken := os.read(taking, 1):
            yield taken[0]
    else:
        yield from taking


#: Results by chunk number.
Done = dict[int, list[FileResult]]


def _checked(
    items: Sequence[Item],
    parts: list[range],
    taking: int | list[int],
    check: Callable[[Item], FileResult],
    done: Done | None = None,
) -> Done:
    """The chunks this process takes, checked (into ``done``, so that a worker that fails
    still has what it finished)."""
    done = {} if done is None else done
    for number in _taken(taking):
        done[number] = [check(items[position]) for position in parts[number]]
    return done


def _work(
    items: Sequence[Item],
    parts: list[range],
    taking: int | list[int],
    check: Callable[[Item], FileResult],
    sending: Any,
) -> None:
    """A worker: the chunks it took, checked, sent once; what stopped it, as text."""
    done: Done = {}
    try:
        _checked(items, parts, taking, check, done)
        message: tuple[Done, str | None] = (done, None)
    except BaseException as exc:  # any: the parent reports it, for each file
        # Its name only: an exception's text may quote a body, and a body may hold a secret.
        message = (done, type(exc).__name__)
    if isinstance(sending, int):  # a forked worker's end of an OS pipe (_pipe)
        import pickle  # here: a check in one process, --jobs auto's usual, has no use for it

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


def _received(receiving: Any, worker: Any) -> tuple[Done, str | None]:
    """A worker's results by chunk, and what stopped it when it failed or died."""
    try:
        if hasattr(receiving, "recv"):
            return receiving.recv()
        import pickle

        return pickle.load(receiving)
    except Exception:  # nothing, or a message cut short: the worker died sending it
        worker.join()
        return {}, f"the worker process {_ending(worker.exitcode)}"


def _ending(code: int | None) -> str:
    """How a worker process ended, as its exit code says: a negative one is a signal's."""
    if code is not None and code < 0:
        import signal

        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"ended (exit code {code})"


def _not_checked(items: Sequence[Item], part: range, failures: list[str]) -> list[FileResult]:
    """One error result per file of a chunk no process has results for: a worker took it,
    then failed or died."""
    why = "; ".join(failures) or "its worker sent no results"
    message = f"not checked: a --jobs worker failed ({why}); please report it"
    return [FileResult(items[position][0], None, message) for position in part]
