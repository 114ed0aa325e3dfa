"""'Did you mean ...?' for a misspelt name (a rule ID, a drift switch, a configuration key):
the nearest known names by difflib's ratio, the nearest first, so the one meant is never
cut from the list."""

from __future__ import annotations

from collections.abc import Iterable

#: How many names a misspelt one is answered with.
SUGGESTED = 3


def nearest(name: str, known: Iterable[str], n: int = SUGGESTED) -> list[str]:
    """The known names nearest ``name``, the nearest first (none when nothing is close)."""
    import difflib  # here: only a misspelt name pays for it

    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.6)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean header.server or header.date?)', or '' when nothing is close."""
    found = nearest(name, known)
    return f" (did you mean {' or '.join(found)}?)" if found else ""
