"""Response headers compared: all groups of a side together (a header is a property of the
server, not of a kind of request), by lower-cased name.

A header documented by the contract is required: its absence is decisive. Another header
must be significantly rarer to count as removed or sometimes absent. Connection-level
headers are ignored, and so are, against the contract, headers outside ``X-Arena-*``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from arena_contract.drift.evidence import MIN_SAMPLES, significant
from arena_contract.drift.formats import OTHER
from arena_contract.drift.report import Change, presence
from arena_contract.drift.shape import HeaderShape, Shape
from arena_contract.drift.spec_shape import canonical_header_names

#: Connection-level headers that depend on the client and the transport, not on Arena's API.
TRANSPORT_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "content-encoding",
    }
)


@dataclass(frozen=True)
class HeaderPair:
    location: str
    name: str
    before: HeaderShape
    after: HeaderShape
    responses_before: int
    responses_after: int
    certain: bool
    documented: bool


def header_pools(shape: Shape) -> tuple[int, dict[str, HeaderShape], Counter[str]]:
    """Every response header of a shape (all groups together), the responses counted, and
    of those, by header name, the ones whose recording keeps no such header."""
    responses, headers, unrecorded = 0, {}, Counter()
    for group in shape.groups.values():
        responses += group.responses
        unrecorded.update(group.unrecorded)
        for name, header in group.headers.items():
            headers.setdefault(name, HeaderShape()).merge(header)
    return responses, headers, unrecorded


def compare_headers(
    before: Shape, after: Shape, certain: bool, prior: Shape | None
) -> Iterator[Change]:
    """The header changes; ``certain``: ``before`` is the contract; ``prior``: the contract
    (its headers are the documented ones)."""
    canonical = canonical_header_names()
    documented = set(header_pools(before if certain else prior)[1]) if (certain or prior) else set()
    responses_before, b_headers, b_unrecorded = header_pools(before)
    responses_after, a_headers, a_unrecorded = header_pools(after)
    for name in sorted((b_headers.keys() | a_headers.keys()) - TRANSPORT_HEADERS):
        # Out of the responses whose recording could hold it: none on a side, no comparison.
        recorded_before = responses_before - b_unrecorded[name]
        recorded_after = responses_after - a_unrecorded[name]
        if recorded_before <= 0 or recorded_after <= 0:
            continue
        pair = HeaderPair(
            location=f"header:{canonical.get(name, name)}",
            name=name,
            before=b_headers.get(name, HeaderShape()),
            after=a_headers.get(name, HeaderShape()),
            responses_before=recorded_before,
            responses_after=recorded_after,
            certain=certain,
            documented=name in documented,
        )
        for check in HEADER_CHECKS:
            yield from check(pair)


def header_removed(h: HeaderPair) -> Iterator[Change]:
    """Present before (always, for a documented header), never now."""
    b, a = h.before, h.after
    if b.present == 0 or a.present > 0:
        return
    if h.documented or significant(b.present, h.responses_before, 0, h.responses_after):
        before = "required" if h.certain else presence(b.present, h.responses_before)
        yield Change("header-removed", h.location, before, presence(0, h.responses_after))


def header_added(h: HeaderPair) -> Iterator[Change]:
    """A header the baseline never had. Against the contract, only Arena's own ``X-Arena-*``
    headers count: servers and proxies add many others the contract need not list."""
    b, a = h.before, h.after
    if a.present == 0 or b.present > 0:
        return
    if h.certain and not h.name.startswith("x-arena-"):
        return
    before = "not in the contract" if h.certain else presence(0, h.responses_before)
    yield Change("header-added", h.location, before, presence(a.present, h.responses_after))


def header_became_optional(h: HeaderPair) -> Iterator[Change]:
    """On every response before, missing from some now."""
    b, a = h.before, h.after
    nb, na = h.responses_before, h.responses_after
    if b.present == 0 or b.present < nb or not 0 < a.present < na:
        return
    enough = nb >= MIN_SAMPLES and na >= MIN_SAMPLES
    if h.documented or (enough and significant(na - a.present, na, nb - b.present, nb)):
        before = "required" if h.certain else presence(b.present, nb)
        yield Change("became-optional", h.location, before, presence(a.present, na))


def header_format_changed(h: HeaderPair) -> Iterator[Change]:
    """A value format the baseline never had (when its values all had a known format)."""
    before, after = set(h.before.formats), set(h.after.formats)
    if before and OTHER not in before and after - before:
        yield Change("header-format-changed", h.location, sorted(before), sorted(after))


def header_value_changed(h: HeaderPair) -> Iterator[Change]:
    """A constant textual header (``Server: ArenaSolutions``) with another constant value,
    each seen at least twice (one response says nothing about "constant")."""
    b, a = h.before.value, h.after.value
    seen_twice = h.before.present >= 2 and h.after.present >= 2
    if not h.certain and seen_twice and b is not None and a is not None and a != b:
        yield Change("header-value-changed", h.location, b, a)


HEADER_CHECKS: tuple[Callable[[HeaderPair], Iterator[Change]], ...] = (
    header_removed,
    header_added,
    header_became_optional,
    header_format_changed,
    header_value_changed,
)
