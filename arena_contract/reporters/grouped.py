"""A file's findings told once per rule and place pattern, for the reporters people read.

One null ``creator`` in a recording is one finding per run of every list: hundreds of lines
that say one thing. Grouped (``findings.group_findings``) across the responses of a file,
it is one line with the count, the pattern (/results/*/creator) and the first few responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from arena_contract.findings import Finding, FindingGroup, group_findings
from arena_contract.reporters.describe import describe, request_line
from arena_contract.reporters.outcome import Item
from arena_contract.results import ExchangeResult, FileResult

#: How many places (responses) a group names before "...".
SHOWN_PLACES = 3

T = TypeVar("T")


@dataclass(frozen=True)
class Grouped:
    group: FindingGroup
    #: The response of the group's first finding.
    exchange: ExchangeResult


def place(result: FileResult, exchange: ExchangeResult) -> str:
    """A response's short name in its file: 'entries[3]', 'line 4', '#0'."""
    origin = exchange.origin
    if origin.startswith(result.path) and origin != result.path:
        rest = origin[len(result.path) :]
        return rest[1:] if rest.startswith("#") else rest
    return f"#{exchange.index}"


def label(exchange: ExchangeResult) -> str:
    """'x.har#entries[3] GET https://.../runs -> 200'."""
    return request_line(exchange.request, exchange.status or None, exchange.origin)


def across(answers: Iterable[tuple[T, str, Sequence[Finding]]]) -> list[tuple[FindingGroup, T]]:
    """Findings of many responses grouped by rule and generalised place, in order of first
    appearance: ``answers`` are (response, its place, its findings); each group comes with
    the response of its first finding. The one grouping of check's and probe's reports."""
    findings: list[Finding] = []
    places: list[str] = []
    first_seen: dict[str, T] = {}
    for answer, here, found in answers:
        first_seen.setdefault(here, answer)
        findings += found
        places += [here] * len(found)
    return [
        (group, first_seen[group.places[0]])
        for group in group_findings(findings, keep=SHOWN_PLACES, places=places)
    ]


def grouped(result: FileResult, *, errors_only: bool) -> Iterator[Grouped]:
    """The file's findings grouped across its responses, in order of first appearance."""
    answers = (
        (
            exchange,
            place(result, exchange),
            exchange.report.errors if errors_only else exchange.report.findings,
        )
        for exchange in result.exchanges
    )
    for group, exchange in across(answers):
        left_out = result.omitted.get((group.first.rule, group.pattern))
        if left_out is not None:  # past checker.KEPT_PER_GROUP: counted, not kept
            group = replace(
                group,
                count=group.count + left_out.count,
                place_count=group.place_count + left_out.responses,
            )
        yield Grouped(group, exchange)


def spread(group: FindingGroup) -> str:
    """'in 30 responses: entries[3], entries[4], entries[5] and 27 more', or '' within one
    response."""
    if group.place_count <= 1:
        return ""
    return f"in {group.place_count} responses: {first_few(group.places, group.place_count)}"


def first_few(places: Sequence[str], total: int, shown: int = SHOWN_PLACES) -> str:
    """The one way a report names the places of a group: 'a, b, c', or the first few and
    how many more, 'a, b, c and 27 more' (a finding across responses, a drift cause across
    fields)."""
    named = ", ".join(places[:shown])
    return f"{named} and {total - shown} more" if total > shown else named


def group_item(
    group: FindingGroup, where: str, *, file: str | None = None, line: int | None = None
) -> Item:
    """A group of findings as the one finding shape: its first finding described with how
    many more, the request line of its first response (``where``) and, across several, the
    first few of them."""
    first = group.first
    text = describe(first) + group.more()
    return Item(first.severity, first.rule, text, where, spread(group), file=file, line=line)
