"""check --jobs: the shares, the order of the results, and a worker that fails or dies."""

import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import parallel
from arena_contract.checker import check_item, check_paths
from arena_contract.parallel import (
    _PER_FILE,
    CHUNKS_PER_JOB,
    MAX_CHUNKS,
    check_in_chunks,
    chunks,
)
from arena_contract.results import FileResult
from tests.helpers import run_cli

SECRET = "Sess10n-1d-that-must-not-leak"


@given(st.lists(st.integers(0, 10**6), max_size=600), st.integers(1, 12))
def test_chunks_hold_each_file_once_in_order_and_about_equal_work(sizes, jobs):
    items = [(f"f{index}.json", None) for index in range(len(sizes))]
    parts = chunks(items, jobs, sizes)
    assert [p for part in parts for p in part] == list(range(len(items)))
    assert all(len(part) for part in parts)
    wanted = min(len(items), MAX_CHUNKS, jobs * CHUNKS_PER_JOB)
    assert len(parts) <= wanted
    if len(set(sizes)) == 1:  # files alike: as many chunks as wanted
        assert len(parts) == wanted
    # No chunk holds more than its share of the work and one file more.
    work = [_PER_FILE + size for size in sizes]
    if len(parts) > 1:
        share = sum(work) / len(parts)
        assert all(sum(work[p] for p in part) <= share + max(work) for part in parts)


def test_chunks_read_the_sizes_when_not_given(tmp_path):
    items = []
    for index, size in enumerate([10, 10**6, 10]):
        path = tmp_path / f"f{index}.json"
        with open(path, "wb") as out:
            out.truncate(size)  # sparse: only its size is read
        items.append((str(path), None))
    assert chunks(items, 1) == chunks(items, 1, [10, 10**6, 10])


PARENT = [os.getpid()]


def _files(folder, count):
    items = [(str(folder / f"{i}.json"), None) for i in range(count)]
    for path, _ in items:
        open(path, "w").close()
    return items


def _pid(item) -> FileResult:
    # This process is the slowest: the workers surely take chunks too, all of them.
    time.sleep(0.002 if os.getpid() == PARENT[0] else 0.001)
    return FileResult(item[0], None, None, ledger=os.getpid())


def test_every_process_takes_chunks_and_the_order_holds(tmp_path):
    PARENT[0] = os.getpid()
    items = _files(tmp_path, 120)
    results = list(check_in_chunks(items, _pid, 3))
    assert [r.path for r in results] == [path for path, _ in items]
    pids = [r.ledger for r in results]
    assert os.getpid() in pids and len(set(pids)) == 3
    for part in chunks(items, 3):  # a chunk is checked by one process
        assert len({pids[p] for p in part}) == 1


def test_no_process_is_started_without_a_chunk_to_take(tmp_path, monkeypatch):
    import multiprocessing

    started = []
    real = multiprocessing.get_context

    def counting(method=None):
        context = real(method)

        class Counted(context.Process):
            def start(self):
                started.append(self)
                super().start()

        return type(
            "Counting",
            (),
            {
                "Process": Counted,
                "get_start_method": context.get_start_method,
                "Pipe": context.Pipe,
            },
        )()

    monkeypatch.setattr(multiprocessing, "get_context", counting)
    PARENT[0] = os.getpid()
    items = _files(tmp_path, 3)
    results = list(check_in_chunks(items, _pid, 8))
    assert [r.path for r in results] == [path for path, _ in items]
    assert len(started) == 2  # three files, three chunks: this process and two workers


def test_a_slow_process_takes_fewer_chunks(tmp_path):
    # This process sleeps 2 ms a file, the worker 1 ms: the worker takes most of the chunks.
    PARENT[0] = os.getpid()
    items = _files(tmp_path, 200)
    pids = [r.ledger for r in check_in_chunks(items, _pid, 2)]
    assert pids.count(os.getpid()) < len(items) / 2


def _fail_in_a_worker(item) -> FileResult:
    if os.getpid() != PARENT[0]:
        raise RuntimeError(f"boom with {SECRET}")
    time.sleep(0.002)
    return FileResult(item[0], None, None)


def _die_in_a_worker(item) -> FileResult:
    if os.getpid() != PARENT[0]:
        os._exit(3)
    time.sleep(0.002)
    return FileResult(item[0], None, None)


def _killed_in_a_worker(item) -> FileResult:
    import signal

    if os.getpid() != PARENT[0]:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or a user would
    time.sleep(0.002)
    return FileResult(item[0], None, None)


@pytest.mark.parametrize(
    ("check", "said"),
    [
        (_fail_in_a_worker, "(RuntimeError)"),
        (_die_in_a_worker, "(the worker process ended (exit code 3))"),
        (_killed_in_a_worker, "(the worker process was killed by SIGKILL)"),
    ],
)
def test_a_worker_that_fails_or_dies_gives_the_files_of_its_chunk_one_clear_error(
    tmp_path, check, said
):
    # The worker stops at its first file; this process takes every other chunk.
    PARENT[0] = os.getpid()
    items = _files(tmp_path, 60)
    results = list(check_in_chunks(items, check, 2))
    assert [r.path for r in results] == [path for path, _ in items]
    failed = [i for i, r in enumerate(results) if r.error]
    assert failed in [list(part) for part in chunks(items, 2)]  # one chunk, whole
    for i in failed:
        error = results[i].error
        assert error.startswith("not checked: a --jobs worker failed") and said in error
        assert SECRET not in error


def _cut_short(message, end, protocol):
    """pickle.dump in a worker that dies halfway through writing its results."""
    import pickle

    whole = pickle.dumps(message, protocol)
    end.write(whole[: len(whole) // 2])
    end.flush()
    os._exit(4)


def test_a_worker_that_dies_sending_its_results_gives_its_files_one_clear_error(
    tmp_path, monkeypatch
):
    PARENT[0] = os.getpid()
    import pickle

    monkeypatch.setattr(pickle, "dump", _cut_short)  # inherited by the fork
    items = _files(tmp_path, 60)
    results = list(check_in_chunks(items, _pid, 2))
    theirs = [i for i, r in enumerate(results) if r.ledger != os.getpid()]
    assert theirs  # every file the worker took, as it sent none of them
    for i in theirs:
        assert results[i].error == (
            "not checked: a --jobs worker failed (the worker process ended (exit code 4)); "
            "please report it"
        )


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_started_either_way_send_their_results(tmp_path, page_sample, monkeypatch, method):
    # Forked workers share the pipe of chunks and get a bare OS pipe for their results;
    # spawned ones (Windows, macOS) take every N-th chunk and send through multiprocessing.
    import functools
    import json
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: [method])
    for i in range(4):
        page_sample["results"][0]["totalCount"] = i
        (tmp_path / f"c{i}.json").write_text(json.dumps(page_sample), "utf-8")
    items = [(str(path), None) for path in sorted(tmp_path.iterdir())]
    check = functools.partial(check_item, strict=False, policy=None)
    alone = [check(item) for item in items]
    together = list(check_in_chunks(items, check, 2))
    assert _seen(together) == _seen(alone)
    assert any(findings for _, _, [findings] in _seen(together))


def _seen(results):
    return [
        (r.path, r.error, [[f.to_dict() for f in e.report.findings] for e in r.exchanges])
        for r in results
    ]


def test_jobs_find_what_one_process_finds(tmp_path, page_sample):
    import json

    for i in range(10):
        page_sample["results"][0]["totalCount"] = i  # a counts finding in most
        (tmp_path / f"c{i}.json").write_text(json.dumps(page_sample), "utf-8")
    (tmp_path / "c4.json").write_bytes(b'{"count": 1, "count": 2}')

    def seen(jobs):
        return [
            (r.path, r.error, [[f.to_dict() for f in e.report.findings] for e in r.exchanges])
            for r in check_paths([str(tmp_path)], jobs=jobs)
        ]

    assert seen(3) == seen(1)
    assert any("duplicate" in (error or "") for _, error, _ in seen(3))


def test_check_item_is_what_a_worker_runs(tmp_path):
    # The partial the checker hands the workers pickles (a spawn start method needs it).
    import functools
    import pickle

    check = functools.partial(check_item, strict=True, policy=None)
    assert pickle.loads(pickle.dumps(check)).keywords == {"strict": True, "policy": None}


@pytest.mark.parametrize(
    ("sizes", "cpus", "env", "expected"),
    [
        ([1024] * 3, 8, {}, 1),  # a few KB: one process
        ([3 * 2**20] * 3, 8, {}, 2),  # 9 MiB: two of 4 MiB
        ([60 * 2**20] * 3, 8, {}, 3),  # plenty: no more processes than files
        ([100 * 2**20] * 3, 8, {}, 1),  # a file over 64 MiB: one at a time, for memory
        ([2**20] * 400, 4, {}, 4),  # plenty: no more than the CPUs
        ([60 * 2**20], 8, {}, 1),  # one file: one process
        ([60 * 2**20] * 3, 1, {}, 1),  # one CPU
        ([60 * 2**20] * 3, 8, {"PRE_COMMIT": "1"}, 1),  # pre-commit splits the files itself
    ],
)
def test_auto_jobs_asks_for_what_the_input_pays_for(monkeypatch, sizes, cpus, env, expected):
    monkeypatch.setattr(parallel, "usable_cpus", lambda: cpus)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    items = [(f"f{i}.json", None) for i in range(len(sizes))]
    assert parallel.auto_jobs(items, sizes) == expected


def test_auto_jobs_stays_in_one_process_where_workers_cannot_be_forked(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 8)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert parallel.auto_jobs([("a", None), ("b", None)], [2**25, 2**25]) == 1


@pytest.mark.parametrize(
    ("env", "processes"), [({"PRE_COMMIT": None}, 2), ({"PRE_COMMIT": "1"}, 1)]
)
def test_check_uses_auto_jobs_by_default(monkeypatch, tmp_path, page_sample, env, processes):
    import json

    for i in range(6):
        page_sample["results"][0]["totalCount"] = i
        (tmp_path / f"c{i}.json").write_text(json.dumps(page_sample), "utf-8")
    monkeypatch.setattr(parallel, "AUTO_BYTES_PER_JOB", 1024)  # these few KB: "many"
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    used = []
    real = parallel.check_in_chunks
    monkeypatch.setattr(parallel, "check_in_chunks", lambda *a: used.append(a[2]) or real(*a))
    auto = run_cli("check", "--format", "json", tmp_path, env=env)
    assert used == ([processes] if processes > 1 else [])
    assert auto == run_cli("check", "--format", "json", "--jobs", "1", tmp_path, env=env)
    assert auto.code == 1


@pytest.mark.parametrize("value", ["-1", "two", "٣", "1.5", ""])
def test_a_jobs_value_that_is_no_count_is_a_usage_error(value, tmp_path):
    ran = run_cli("check", "--jobs", value, tmp_path)
    assert ran.code == 2 and "expected auto or a number of processes" in ran.err
