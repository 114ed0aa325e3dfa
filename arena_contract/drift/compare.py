"""Diffing two shapes into changes, each classified by how much it can break a client.

Every change kind is one entry of ``report.KINDS`` (its severity and meaning) and one small
check function, here (statuses, error codes), in ``fields`` (body fields) or in
``headers``. Three levels are compared:

- per group (kind of request) present on both sides: statuses and error codes;
- per *body pool*: every success body of one operation (all its request classes together:
  a run list has the same shape filtered or not), and all error bodies (Arena has one error
  form). Pooling gives the sample sizes the presence and nullability tests need;
- all response headers of a side together.

A group, pool or header seen on one side only is a note, not a change: a kind of request not
exercised is not drift. Differences data can explain (an optional field absent this time,
a null in a nullable field) must pass the test in ``evidence``; the contract's claims
(``prior``: required, not nullable, enum values) make a difference decisive or expected.
When the baseline is the contract itself (``drift --spec``) every claim is certain, and
nothing is inferred from a value never observed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from arena_contract.drift.fields import FIELD_CHECKS, FieldPair, Level
from arena_contract.drift.headers import compare_headers
from arena_contract.drift.report import SEVERITIES, Change, DriftReport
from arena_contract.drift.shape import (
    ERROR,
    RAW_GROUP,
    BodyShape,
    FieldShape,
    Shape,
    group_operation_name,
    is_item_path,
    parent_path,
    recount_parents,
)
from arena_contract.numbers import parse_count

#: Raw bodies borrow a contract body's claims when at least this share of their paths is its.
MIN_RAW_SIMILARITY = 0.5


def compare(before: Shape, after: Shape, *, prior: Shape | None = None) -> DriftReport:
    """The changes from ``before`` to ``after``.

    ``prior`` is what is known regardless of the recordings (the contract's shape); it is
    ignored when ``before`` is itself the contract.
    """
    certain = before.from_contract
    prior = None if certain else prior
    report = DriftReport()
    _compare_groups(before, after, certain, report)
    report.changes.extend(_compare_bodies(before, after, certain, prior, report))
    _pool_notes(body_pools(before), body_pools(after), certain, report)
    report.changes.extend(compare_headers(before, after, certain, prior))
    report.changes.sort(
        key=lambda c: (SEVERITIES.index(c.severity), c.location, c.kind, repr(c.after))
    )
    return report


# -- groups: statuses and error codes --------------------------------------------------------


def _compare_groups(before: Shape, after: Shape, certain: bool, report: DriftReport) -> None:
    for name in sorted(before.groups.keys() & after.groups.keys()):
        b, a = before.groups[name], after.groups[name]
        report.changes.extend(status_changes(name, set(b.statuses), set(a.statuses)))
        report.changes.extend(error_code_changes(name, set(b.error_codes), set(a.error_codes)))
    only_before = sorted(before.groups.keys() - after.groups.keys())
    only_after = sorted(after.groups.keys() - before.groups.keys())
    if certain:
        if only_before:
            report.notes.append(
                "not exercised by the recording, so not compared: " + ", ".join(only_before)
            )
        for name in only_after:
            if name == RAW_GROUP:
                report.notes.append("raw bodies: no request recorded, so no status to compare")
            else:
                report.notes.append(
                    f"{name}: not a kind of request the contract describes; not compared"
                )
        return
    for name in only_before:
        report.notes.append(f"{name}: in the baseline only (not exercised now); not compared")
    for name in only_after:
        report.notes.append(
            f"{name}: in the current recording only (not in the baseline); not compared"
        )


def status_changes(group: str, before: set[int], after: set[int]) -> Iterator[Change]:
    """status-changed when no status is shared; status-added for each new one otherwise.

    A status no longer seen is not drift (a 429 or a 500 seen once is not behaviour).
    """
    return _set_changes("status", group, before, after, sorted)


def error_code_changes(group: str, before: set[str], after: set[str]) -> Iterator[Change]:
    """Like statuses, for errors[].code. Skipped when a side has no codes at all: then the
    status change (200 -> 4xx) or the error body's field changes already say it."""
    return _set_changes("error-code", group, before, after, _codes)


def _set_changes(
    kind: str, group: str, before: set[Any], after: set[Any], shown: Callable[[set[Any]], list]
) -> Iterator[Change]:
    """``kind``-changed when the sides share no value, else ``kind``-added for each new
    one; nothing when a side has none. ``shown`` orders the values as a report shows them."""
    if not before or not after:
        return
    where = f"{kind}:{group}"
    if not before & after:
        yield Change(f"{kind}-changed", where, shown(before), shown(after))
        return
    for value in shown(after - before):
        yield Change(f"{kind}-added", where, shown(before), value)


def _codes(codes: set[str]) -> list[int | str]:
    """Codes as Arena sends them (integers), numerically sorted; odd string codes last."""
    numbers = {c: _code_number(c) for c in codes}
    others = sorted(c for c, n in numbers.items() if n is None)
    return [*sorted(n for n in numbers.values() if n is not None), *others]


def _code_number(code: str) -> int | None:
    """A code written as an integer (``numbers.parse_count``, with an optional minus)."""
    count = parse_count(code.removeprefix("-"))
    return None if count is None else -count if code.startswith("-") else count


# -- bodies ----------------------------------------------------------------------------------


def body_pools(shape: Shape) -> dict[str, BodyShape]:
    """Bodies merged per pool: the operation for success bodies, ``error`` for error bodies."""
    pools: dict[str, BodyShape] = {}
    for name, group in shape.groups.items():
        for part, body in group.bodies.items():
            pool = pools.setdefault(pool_name(name, part), BodyShape())
            pool.count += body.count
            for path, shape_ in body.fields.items():
                pool.fields.setdefault(path, FieldShape()).merge(shape_)
    if not shape.from_contract:  # a contract's parent counts are claims, not counts
        for pool in pools.values():
            recount_parents(pool)
    return pools


def pool_name(group: str, part: str) -> str:
    return ERROR if part == ERROR else group_operation_name(group)


def _pool_notes(
    before: dict[str, BodyShape], after: dict[str, BodyShape], certain: bool, report: DriftReport
) -> None:
    if certain:
        return  # the group notes already say what was not exercised
    for name in sorted(before.keys() - after.keys()):
        report.notes.append(f"{name} bodies: in the baseline only; not compared")
    for name in sorted(after.keys() - before.keys()):
        report.notes.append(f"{name} bodies: in the current recording only; not compared")


def _compare_bodies(
    before: Shape, after: Shape, certain: bool, prior: Shape | None, report: DriftReport
) -> Iterator[Change]:
    prior_pools = body_pools(before if certain else prior) if (certain or prior) else {}
    before_pools, after_pools = body_pools(before), body_pools(after)
    matched = _match_raw_bodies(after_pools, prior_pools, report)
    if certain:  # raw bodies are compared with the contract body they resemble most
        after_pools = {matched.get(name, name): body for name, body in after_pools.items()}
    seen: set[tuple[str, str]] = set()
    for name in sorted(before_pools.keys() & after_pools.keys()):
        prior_body = prior_pools.get(matched.get(name, name))
        yield from _compare_fields(
            before_pools[name], after_pools[name], name, certain, prior_body, "pool"
        )
    if certain:
        return
    # The same change found in several groups is reported once (its first group's counts).
    for group in sorted(before.groups.keys() & after.groups.keys()):
        b_bodies, a_bodies = before.groups[group].bodies, after.groups[group].bodies
        for part in sorted(b_bodies.keys() & a_bodies.keys()):
            pool = pool_name(group, part)
            for change in _compare_fields(
                b_bodies[part],
                a_bodies[part],
                pool,
                certain,
                prior_pools.get(matched.get(pool, pool)),
                "group",
                group.endswith("/filtered"),
            ):
                if (change.kind, change.location) not in seen:
                    seen.add((change.kind, change.location))
                    yield change


def _match_raw_bodies(
    pools: dict[str, BodyShape], contract_pools: dict[str, BodyShape], report: DriftReport
) -> dict[str, str]:
    """``{"body": operation}`` when raw success bodies (recorded without their request)
    resemble one contract body: most of their field paths are that body's."""
    raw = pools.get(RAW_GROUP)
    if raw is None or not contract_pools:
        return {}
    paths = set(raw.fields)

    def similarity(name: str) -> float:
        return len(paths & set(contract_pools[name].fields)) / len(paths)

    best = max(sorted(set(contract_pools) - {ERROR}), key=similarity, default=None)
    if best is None or similarity(best) < MIN_RAW_SIMILARITY:
        return {}
    report.notes.append(f"raw bodies (no request recorded) read as {best} bodies")
    return {RAW_GROUP: best}


def _compare_fields(
    before: BodyShape,
    after: BodyShape,
    pool: str,
    certain: bool,
    prior: BodyShape | None,
    level: Level,
    filtered: bool = False,
) -> Iterator[Change]:
    for path in sorted(before.fields.keys() | after.fields.keys()):
        pair = FieldPair(
            location=f"body:{pool}:{path or '/'}",
            path=path,
            before=before.fields.get(path) or _absent(before, path),
            after=after.fields.get(path) or _absent(after, path),
            prior=prior.fields.get(path) if prior else None,
            certain=certain,
            level=level,
            filtered=filtered,
            prior_open=_open_parent(before if certain else prior, path),
        )
        for check in FIELD_CHECKS:
            yield from check(pair)


def _absent(body: BodyShape, path: str) -> FieldShape:
    """A path one side never saw: present in none of the objects at its parent path."""
    parent = body.fields.get(parent_path(path)) if path else None
    kind = "array" if is_item_path(path) else "object"
    return FieldShape(parent=parent.types.get(kind, 0) if parent else 0)


def _open_parent(contract_body: BodyShape | None, path: str) -> bool:
    if contract_body is None or not path:
        return False
    parent = contract_body.fields.get(parent_path(path))
    return parent is not None and parent.free_form
