"""The check pipeline: paths -> capture files -> exchanges -> reports (reporters/ print them)."""

from __future__ import annotations

import functools
import gc
from collections import Counter
from collections.abc import Iterator, Sequence

from arena_contract.captures import STDIN, CaptureFile, expand_paths, read_item
from arena_contract.config import Policy
from arena_contract.findings import Report, generalised
from arena_contract.results import ExchangeResult, FileResult, Omitted, printable
from arena_contract.validate import Validator

#: Findings of one group (same rule, same pointer but for array indexes) kept in full per
#: file; the rest are counted (``FileResult.omitted``, ``Report.omitted_*``). A recording of
#: 48,000 failing responses kept every finding: 2 GB. The reports group them anyway.
KEPT_PER_GROUP = 100


def check_capture(
    capture: CaptureFile, *, strict: bool = False, policy: Policy | None = None
) -> FileResult:
    result = FileResult(printable(capture.path), capture.format, None)
    # One per file: sequence rules see its pages in order (one file: one walk, see paging.py).
    validator = Validator(strict=strict, policy=policy)
    result.ledger = validator.ledger
    kept: Counter[tuple[str, str]] | None = None  # made for the first finding
    for index, exchange in enumerate(capture.exchanges):
        report = validator.check(exchange)
        if report.findings:
            if kept is None:
                kept = Counter()
            _keep_first(report, kept, result.omitted)
        result.exchanges.append(ExchangeResult.of(index, exchange, report))
    # After the loop: a streamed HAR finds its problems as it is read.
    result.error = capture.error and printable(capture.error)
    return result


def _keep_first(
    report: Report, kept: Counter[tuple[str, str]], omitted: dict[tuple[str, str], Omitted]
) -> None:
    """Keep the first KEPT_PER_GROUP findings of each group in the file; count the rest."""
    findings = []
    here: set[tuple[str, str]] = set()  # groups with a finding kept in this response
    left_out: set[tuple[str, str]] = set()
    for finding in report.findings:
        key = (finding.rule, generalised(finding.pointer))
        if kept[key] < KEPT_PER_GROUP:
            kept[key] += 1
            here.add(key)
            findings.append(finding)
            continue
        omitted.setdefault(key, Omitted()).count += 1
        left_out.add(key)
        if finding.severity == "error":
            report.omitted_errors += 1
        else:
            report.omitted_warnings += 1
    for key in left_out - here:
        omitted[key].responses += 1
    report.findings = findings


#: The last capture of a ``check_paths(..., keep_last=True)`` run (see there).
KEPT: list[CaptureFile] = []


#: ``check_paths(jobs=AUTO)``: as many processes as the input pays for (parallel.auto_jobs).
AUTO = "auto"


def check_paths(
    paths: Sequence[str],
    *,
    strict: bool = False,
    jobs: int | str = 1,
    keep_last: bool = False,
    policy: Policy | None = None,
) -> Iterator[FileResult]:
    """One FileResult per input file, in order; unreadable inputs give results with an error.

    Each file's parsed capture is freed before the next file is read, so memory holds one
    at a time. ``keep_last`` keeps the last one (in ``KEPT``, until the next run) instead:
    for a caller that ends the process right after, without tearing it down (the command
    line), as freeing a large response's million objects one by one takes a fifth of the
    time it took to parse them.

    ``jobs`` > 1 checks files in that many processes (results still in order), ``AUTO`` in
    as many as the input pays for (``parallel.auto_jobs``); standard input is read in this
    process, so ``-`` among the paths means one job.
    """
    _release_kept()
    if jobs == 1 or STDIN in paths:
        items: Iterator[tuple[str, str | None]] = expand_paths(paths)
    else:
        from arena_contract import parallel

        listed = list(expand_paths(paths))  # names only: cheap, and the order of the report
        sizes = parallel.sizes_of(listed)
        count = parallel.auto_jobs(listed, sizes) if jobs == AUTO else int(jobs)
        if count > 1:
            yield from _check_in_parallel(listed, sizes, strict=strict, jobs=count, policy=policy)
            return
        items = iter(listed)
    item = next(items, None)
    while item is not None:
        following = next(items, None)  # only a name: whether this file is the last
        keep = keep_last and following is None
        yield check_item(item, strict=strict, policy=policy, keep=keep)
        item = following


def check_item(
    item: tuple[str, str | None], *, strict: bool, policy: Policy | None, keep: bool = False
) -> FileResult:
    """One listed path (``expand_paths``) read and checked, in this process or a ``--jobs``
    worker. ``keep`` keeps its capture in ``KEPT`` (``check_paths``' ``keep_last``)."""
    # Parsing a body makes up to millions of objects, none in a cycle: the cyclic
    # collector would scan them again and again for nothing (half the parse time of a
    # large response). Paused for one file at a time; what little the rules leave is
    # collected after. (Written out: a context manager is a few microseconds a file.)
    collecting = gc.isenabled()
    gc.disable()
    try:
        capture = read_item(item)
        result = check_capture(capture, strict=strict, policy=policy)
        if keep:
            KEPT.append(capture)
            # Out of the collector's sight too, or every later collection scans it all.
            gc.freeze()
        del capture  # otherwise the parsed body goes after the collector is back
    finally:
        if collecting:
            gc.enable()
    return result


def _release_kept() -> None:
    if KEPT:
        KEPT.clear()
        gc.unfreeze()


def _check_in_parallel(
    items: list[tuple[str, str | None]],
    sizes: list[int],
    *,
    strict: bool,
    jobs: int,
    policy: Policy | None,
) -> Iterator[FileResult]:
    from arena_contract import contract
    from arena_contract.parallel import check_in_chunks

    # Once here rather than once per process: jsonschema-rs's import (about 10 ms) and the
    # run list's compiled validator, which forked workers then share.
    contract.validator(contract.SCHEMA_BASE + "run-list.json")
    check = functools.partial(check_item, strict=strict, policy=policy)
    yield from check_in_chunks(items, check, jobs, sizes)
