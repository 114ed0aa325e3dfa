"""Diffing two shapes into changes, each classified by how much it can break a client.

Every change kind is one entry of ``report.KINDS`` (its severity and meaning) and one small
check function, here or in ``headers``. Three levels are compared:

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

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from arena_contract.drift.evidence import MIN_SAMPLES, significant
from arena_contract.drift.formats import OTHER, is_code_like
from arena_contract.drift.headers import compare_headers
from arena_contract.drift.infer import ENUM_NAMES
from arena_contract.drift.report import SEVERITIES, Change, DriftReport, presence
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
    if not before or not after:
        return
    where = f"status:{group}"
    if not before & after:
        yield Change("status-changed", where, sorted(before), sorted(after))
        return
    for status in sorted(after - before):
        yield Change("status-added", where, sorted(before), status)


def error_code_changes(group: str, before: set[str], after: set[str]) -> Iterator[Change]:
    """Like statuses, for errors[].code. Skipped when a side has no codes at all: then the
    status change (200 -> 4xx) or the error body's field changes already say it."""
    if not before or not after:
        return
    where = f"error-code:{group}"
    if not before & after:
        yield Change("error-code-changed", where, _codes(before), _codes(after))
        return
    for code in _codes(after - before):
        yield Change("error-code-added", where, _codes(before), code)


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


#: Where a check looks: ``pool`` (all bodies of an operation, or all error bodies) for
#: differences that data cannot explain; ``group`` (one kind of request on both sides, where
#: both recordings asked the same question) for those it can, judged by ``evidence``.
#: Pooling requests of different classes would compare unlike samples: a filter on
#: status=CREATED returns only null completionDateTimes.
Level = Literal["pool", "group"]


@dataclass(frozen=True)
class FieldPair:
    """One field path on both sides; an absent side has present 0 of its parent objects."""

    location: str
    path: str
    before: FieldShape
    after: FieldShape
    #: The contract's claim for this path; None when the contract does not describe it.
    prior: FieldShape | None
    #: The baseline is the contract: its claims need no sample.
    certain: bool
    level: Level = "pool"
    #: The contract leaves the parent object's members open (free-form).
    prior_open: bool = False
    #: A group of filtered requests: the filter, not Arena, chooses which values show.
    filtered: bool = False

    @property
    def required(self) -> bool:
        """The contract (baseline or prior) requires the field."""
        claim = self.before if self.certain else self.prior
        return claim is not None and claim.present > 0

    @property
    def member(self) -> bool:
        """An object member (not the body itself, not an array item)."""
        return self.path != "" and not is_item_path(self.path)

    def confirmed(self, decisive: bool, hits1: int, n1: int, hits2: int, n2: int) -> bool:
        """Whether this level reports the difference: a decisive one at pool level, else
        one that chance explains too rarely (side 1's more frequent hits), at group level."""
        if decisive or self.certain:
            return self.level == "pool"
        return self.level == "group" and significant(hits1, n1, hits2, n2)


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


def field_removed(f: FieldPair) -> Iterator[Change]:
    """In the baseline (or required by the contract), in none of the current objects."""
    b, a = f.before, f.after
    if not f.member or b.present == 0 or a.present > 0 or a.parent == 0:
        return
    if f.confirmed(f.required, b.present, b.parent, 0, a.parent):
        before = "required" if f.certain else presence(b.present, b.parent)
        yield Change("field-removed", f.location, before, presence(a.present, a.parent))


def field_added(f: FieldPair) -> Iterator[Change]:
    """In current objects, never in the baseline's (whose parent objects were seen).

    Against the contract: a field it does not describe in an object it describes. Between
    recordings: decisive for a field the contract does not know either, else it must be
    significantly more frequent (an optional field the baseline's sample missed is data).
    """
    b, a = f.before, f.after
    if not f.member or a.present == 0 or b.present > 0 or b.parent == 0 or f.prior_open:
        return
    if f.confirmed(f.prior is None, a.present, a.parent, 0, b.parent):
        before = "not in the contract" if f.certain else presence(b.present, b.parent)
        yield Change("field-added", f.location, before, presence(a.present, a.parent))


def became_optional(f: FieldPair) -> Iterator[Change]:
    """Always there before, sometimes absent now; judged on enough objects on both sides."""
    b, a = f.before, f.after
    if not f.member or b.present == 0 or b.present < b.parent or not 0 < a.present < a.parent:
        return
    enough = b.parent >= MIN_SAMPLES and a.parent >= MIN_SAMPLES
    absent_before, absent_after = b.parent - b.present, a.parent - a.present
    if (f.required or enough) and f.confirmed(
        f.required, absent_after, a.parent, absent_before, b.parent
    ):
        before = "required" if f.certain else presence(b.present, b.parent)
        yield Change("became-optional", f.location, before, presence(a.present, a.parent))


def type_changed(f: FieldPair) -> Iterator[Change]:
    """A JSON type the baseline never had (an integer where numbers were is not new)."""
    if f.level != "pool":
        return
    before, after = set(f.before.types), set(f.after.types)
    new = {t for t in after - before if not (t == "integer" and "number" in before)}
    if before and new:
        yield Change("type-changed", f.location, sorted(before), sorted(after))


def became_nullable(f: FieldPair) -> Iterator[Change]:
    """Null where the baseline never had null. Not for a field the contract already allows
    to be null (``completionDateTime`` is null while a run is not finished: whether a sample
    shows it is data); a field the contract does not describe needs significance."""
    b, a = f.before, f.after
    if b.nulls > 0 or a.nulls == 0 or not b.types or (f.prior is not None and f.prior.nulls):
        return
    non_nullable = f.prior is not None and bool(f.prior.types)
    if f.confirmed(non_nullable, a.nulls, a.present, 0, b.present):
        yield Change("became-nullable", f.location, "never null", f"null {a.nulls}/{a.present}")


def format_changed(f: FieldPair) -> Iterator[Change]:
    """A string format the baseline never had, when the baseline's values all had a known
    format (free text, ``other``, may hold anything)."""
    if f.level != "pool":
        return
    before, after = set(f.before.formats), set(f.after.formats)
    if before and OTHER not in before and after - before:
        yield Change("format-changed", f.location, sorted(before), sorted(after))


def enum_value_added(f: FieldPair) -> Iterator[Change]:
    """A value neither the baseline nor the contract's enum has: enum-value-undocumented
    (breaking, as ``check``'s schema.enum error) when the contract lists the field's values,
    enum-value-added (a warning) when only recordings ever showed them."""
    if f.level != "pool" or not _enum_comparable(f):
        return
    documented = set(f.before.values or ()) if f.certain else set()
    if f.prior is not None and f.prior.values:
        documented |= set(f.prior.values)
    known = set(f.before.values or ()) | documented
    kind = "enum-value-undocumented" if documented else "enum-value-added"
    for value in sorted(set(f.after.values or ()) - known):
        yield Change(kind, f.location, sorted(known), value)


def enum_value_removed(f: FieldPair) -> Iterator[Change]:
    """A value the baseline saw often enough that never seeing it now is unlikely to be
    chance. Never against the contract: a documented value not observed is just not observed."""
    if f.certain or f.filtered or not _enum_comparable(f):
        return
    before, after = f.before.values or Counter(), f.after.values or Counter()
    seen_before, seen_after = sum(before.values()), sum(after.values())
    for value in sorted(before.keys() - after.keys()):
        if f.confirmed(False, before[value], seen_before, 0, seen_after):
            yield Change("enum-value-removed", f.location, value, None)


def _enum_comparable(f: FieldPair) -> bool:
    """Values are compared for enums only: a contract enum, a field named like Arena's enums,
    or UPPER_SNAKE constants on both sides (names and titles from a small pool are data)."""
    b, a = f.before.values, f.after.values
    if not b or not a:
        return False
    if f.certain or (f.prior is not None and f.prior.values):
        return True
    name = next((part for part in reversed(f.path.split("/")) if part != "*"), "")
    return name in ENUM_NAMES or all(is_code_like(v) for v in (*b, *a))


#: The field checks, in the order their changes are produced (the report sorts them anyway).
FIELD_CHECKS: tuple[Callable[[FieldPair], Iterator[Change]], ...] = (
    field_removed,
    field_added,
    became_optional,
    type_changed,
    became_nullable,
    format_changed,
    enum_value_added,
    enum_value_removed,
)
