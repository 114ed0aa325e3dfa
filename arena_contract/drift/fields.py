"""The field checks of a comparison: one small function per change kind a body field can
show, each given one :class:`FieldPair` (a field path on both sides, with what the contract
claims of it) and yielding its :class:`Change`s. ``compare`` pairs the fields, at pool and at
group level; :data:`FIELD_CHECKS` is the list it runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from arena_contract.drift.evidence import MIN_SAMPLES, significant
from arena_contract.drift.formats import OTHER, is_code_like
from arena_contract.drift.infer import ENUM_NAMES
from arena_contract.drift.report import Change, presence
from arena_contract.drift.shape import FieldShape, is_item_path

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
