"""Hypothesis strategies for Arena's import runs: one public facade for users' own tests.

    from arena_contract import strategies as st_arena
    @given(st_arena.run_lists())
    def test_my_parser(body): ...

Every generated run respects the contract's semantic rules too (counts add up once a run
is finished, completion after creation, completionDateTime only on finished runs), so a
conforming value passes ``arena_contract.validate_body`` with no finding.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from arena_contract import vocabulary

__all__ = [
    "changes",
    "date_times",
    "guids",
    "malformed_guids",
    "query_params",
    "run_lists",
    "run_statuses",
    "runs",
    "users",
]

GUID_ALPHABET = string.ascii_uppercase + string.digits
RUN_STATUSES = vocabulary.RUN_STATUSES
FILE_TYPES = ("EXCEL_WORKSHEET", "CSV")
LIFECYCLE_TYPES = (
    "OPEN",
    "SUBMITTED_FOR_APPROVAL",
    "SUBMITTED",
    "APPROVED",
    "EFFECTIVE",
    "EXPIRED",
    "REJECTED",
    "OPEN_AND_UNLOCKED",
    "OPEN_AND_LOCKED",
    "SUBMITTED_FOR_ROUTING",
    "CANCELED",
    "COMPLETED",
)
_EPOCH = datetime(2015, 1, 1, tzinfo=timezone.utc)


def guids() -> st.SearchStrategy[str]:
    """Well-formed Arena GUIDs: 20 characters of A-Z and 0-9."""
    return st.text(GUID_ALPHABET, min_size=20, max_size=20)


def malformed_guids() -> st.SearchStrategy[str]:
    """GUIDs Arena must refuse with 400/3011: the forms seen in Arena's docs and common slips."""
    return st.one_of(
        guids().map(lambda g: g + " "),  # the page's own example
        guids().map(str.lower).filter(lambda g: g != g.upper()),
        st.text(GUID_ALPHABET, min_size=19, max_size=19),
        st.text(GUID_ALPHABET, min_size=21, max_size=24),
        st.tuples(
            st.text(GUID_ALPHABET, min_size=19, max_size=19), st.sampled_from("-_.!~*'()é ")
        ).map("".join),
    )


def date_times(start: datetime = _EPOCH, days: int = 4000) -> st.SearchStrategy[datetime]:
    """Whole-second UTC datetimes, as Arena writes them."""
    return st.integers(0, days * 86400).map(lambda s: start + timedelta(seconds=s))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _names() -> st.SearchStrategy[str]:
    return st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
    )


def users() -> st.SearchStrategy[dict[str, str]]:
    local = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12)
    domain = st.sampled_from(["example.com", "arenasolutions.com", "customer.co.uk"])
    return st.fixed_dictionaries(
        {
            "email": st.builds("{}@{}".format, local, domain),
            "fullName": _names(),
            "guid": guids(),
        }
    )


def run_statuses() -> st.SearchStrategy[str]:
    return st.sampled_from(RUN_STATUSES)


@st.composite
def changes(draw: st.DrawFn, created: datetime | None = None) -> dict[str, Any]:
    created = created or draw(date_times())
    later = date_times(created, 60)
    return {
        "category": {
            "guid": draw(guids()),
            "name": "Engineering Change Order",
            "path": "Change\\Change Order\\Engineering Change Order",
        },
        "creationDateTime": _iso(created),
        "creator": draw(users()),
        "effectiveDateTime": draw(st.none() | later.map(_iso)),
        "guid": draw(guids()),
        "lifecycleDateTime": _iso(draw(later)),
        "lifecycleStatus": {"type": draw(st.sampled_from(LIFECYCLE_TYPES))},
        "number": f"ECO-{draw(st.integers(1, 999999)):06d}",
        "submissionDateTime": draw(st.none() | later.map(_iso)),
        "title": draw(_names()),
    }


@st.composite
def runs(draw: st.DrawFn, number: int | None = None, guid: str | None = None) -> dict[str, Any]:
    """One conforming run, every optional part sometimes present."""
    status = draw(run_statuses())
    created = draw(date_times())
    total = draw(st.integers(0, 500_000))
    errors = draw(st.integers(0, total))
    finished = status in ("COMPLETE", "ERROR")
    success = total - errors if finished else draw(st.integers(0, total - errors))
    run: dict[str, Any] = {
        "guid": guid or draw(guids()),
        "number": number or draw(st.integers(1, 100_000)),
        "creationDateTime": _iso(created),
        "creator": draw(users()),
        "submitFileType": draw(st.sampled_from(FILE_TYPES)),
        "status": status,
        "commit": draw(st.booleans()),
        "totalCount": total,
        "successCount": success,
        "errorCount": errors,
    }
    if run["submitFileType"] == "EXCEL_WORKSHEET":
        run["submitWorksheetName"] = draw(_names())
    if finished:
        run["completionDateTime"] = _iso(draw(date_times(created, 3)))
    elif draw(st.booleans()):
        run["completionDateTime"] = None
    if draw(st.booleans()):
        warnings = draw(
            st.lists(
                st.fixed_dictionaries({"code": st.integers(1, 9999), "message": _names()}),
                max_size=3,
            )
        )
        run["warnings"] = {"count": len(warnings), "results": warnings}
    if draw(st.booleans()):
        run["options"] = {
            "timeZone": "America/Los_Angeles",
            "addToChange": {"number": f"ECO-{draw(st.integers(1, 999999)):06d}"},
        }
    if draw(st.booleans()):
        run["changes"] = draw(st.lists(changes(created), max_size=2))
    return run


@st.composite
def run_lists(draw: st.DrawFn, max_size: int = 5) -> dict[str, Any]:
    """A conforming run list: unique guids and numbers, count = the number of results."""
    size = draw(st.integers(0, max_size))
    run_guids = draw(st.lists(guids(), min_size=size, max_size=size, unique=True))
    numbers = draw(st.lists(st.integers(1, 100_000), min_size=size, max_size=size, unique=True))
    results = [draw(runs(number=n, guid=g)) for n, g in zip(numbers, run_guids, strict=True)]
    return {"count": len(results), "results": results}


def query_params(
    seen_runs: list[dict[str, Any]] | None = None,
) -> st.SearchStrategy[dict[str, str]]:
    """Query strings for GET /imports/{guid}/runs: filters (from ``seen_runs`` when given,
    so they match something, mixed with values that match nothing) and paging."""
    seen_runs = seen_runs or []

    def values(path: tuple[str, ...], other: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        found = []
        for run in seen_runs:
            value: Any = run
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is not None:
                found.append(str(value))
        return st.sampled_from(sorted(set(found))) | other if found else other

    filters = {
        "status": values(("status",), run_statuses()),
        "number": values(("number",), st.integers(1, 100_000).map(str)),
        "creator.guid": values(("creator", "guid"), guids()),
        "creator.email": values(("creator", "email"), users().map(lambda u: u["email"])),
        "creator.fullName": values(("creator", "fullName"), _names()),
        "offset": st.integers(0, 1000).map(str),
        "limit": st.integers(1, vocabulary.MAX_LIMIT).map(str),
    }
    return st.dictionaries(st.sampled_from(sorted(filters)), st.just(""), max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries({name: filters[name] for name in chosen})
    )
