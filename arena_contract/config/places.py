"""JSON-pointer globs: where a rule is narrowed to (``@/results/*/creator/guid``) and which
fields an integration consumes (``/results/*/status``).

``*`` stands for one whole segment or part of one (``/results/*/creator``, ``/*DateTime``),
``**`` for any number of segments. A header finding's place is the header's name, matched
without regard to case.
"""

from __future__ import annotations

import re

from arena_contract.config.globs import glob_matches


def place_matches(glob: str, pointer: str) -> bool:
    """``pointer`` (a JSON Pointer, or a header's name) is a place ``glob`` names."""
    if glob.startswith("/"):
        return glob_matches(glob, pointer)
    return glob_matches(glob.lower(), pointer.lower())


def check_place(glob: str) -> str | None:
    """Why ``glob`` cannot be a place, or None."""
    if not glob:
        return "an empty place after @"
    if glob.startswith("/") or re.fullmatch(r"[A-Za-z0-9*-]+", glob):
        return None
    return f"{glob!r} is neither a JSON pointer (/results/*/status) nor a header name"


#: A single run (getImportRun's body) is named as a run of the list: /status is
#: /results/*/status, so one consumed field covers both ways of fetching a run.
SINGLE_RUN, RUN_IN_LIST = "getImportRun", "/results/*"


def _segments(pointer: str) -> list[str]:
    return pointer.split("/")[1:] if pointer else []


def touches(consumed: str, pointer: str) -> bool:
    """A finding or change at ``pointer`` touches the consumed field ``consumed``: it is that
    field, inside it (``/results/3/creator/guid`` in ``/results/*/creator``), or holds it
    (a list that is not a list, a body that is not JSON: ``/results``, ``""``)."""
    if pointer and not pointer.startswith("/"):
        return False  # a header's name: consumes names body fields
    if "**" in consumed:
        return place_matches(consumed, pointer) or place_matches(consumed + "/**", pointer)
    want, have = _segments(consumed), _segments(pointer)
    shared = min(len(want), len(have))
    return all(
        place_matches(w, h) or h == "*" for w, h in zip(want[:shared], have[:shared], strict=True)
    )
