"""Finding many literal strings in a text: the search behind arena_contract/redact.py.

Redaction looks for every registered secret's forms and every piece of 12 characters of
each secret, in every decoded layer of every text the tool writes. A run that logged in a
few times has a few hundred pieces, a long-lived process more: one ``str.find`` per piece
then costs (pieces x layers) passes over the text. Past a few pieces per character, they
are compiled once per set into one regular expression shaped like a trie (the pieces'
shared prefixes written once, so the engine follows one branch per character instead of
trying every piece), in a lookahead so that overlapping occurrences are all found. Also
here: where a text may be cut so that its pieces are searched alone (``cut_pattern``), and
the registry's containers, which say when the compiled search is out of date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words`` (none empty), longest first where one
    is a prefix of another."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def written(node: dict[str, dict]) -> str:
        branches = [
            re.escape(char) + written(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return written(trie)


@lru_cache(maxsize=32)
def _finder(needles: frozenset[str]) -> re.Pattern[str]:
    # Recompiled only for a set not seen lately: a test run swaps the registered secrets
    # back and forth, a long-lived process only ever adds to them.
    return re.compile(f"(?=({trie_pattern(needles)}))", re.DOTALL)


class Needles:
    """A fixed set of literal strings, compiled for searching."""

    def __init__(self, needles: Iterable[str]) -> None:
        self.needles = frozenset(needles)
        self._each = tuple(self.needles)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the needles are in ``text``, overlapping occurrences included (at a
        position where several start, the trie gives the longest: the others lie in it)."""
        if not self._each:
            return
        # One str.find per needle is quicker while the needles are few for the text's
        # length (measured: a find costs about 1,000 characters' worth of set-up, the
        # trie about 460 finds' worth per character searched).
        if len(self._each) * (1000 + len(text)) < 460 * len(text):
            for needle in self._each:
                at = text.find(needle)
                while at >= 0:
                    yield at, at + len(needle)
                    at = text.find(needle, at + 1)
            return
        for match in _finder(self.needles).finditer(text):
            yield match.span(1)

    def any_in(self, text: str) -> bool:
        return next(self.spans(text), None) is not None


def cut_pattern(needles: frozenset[str]) -> re.Pattern[str] | None:
    """Where a text may be cut into pieces that are each decoded in layers and searched
    alone: places no escape of any family (at any layer), no base64 run and no needle can
    straddle, so every match in the whole text's layers is in a piece's (and each piece,
    holding one or two families of escapes, has its own budget of layers to go deeper).

    After a comma: no escape and no base64 run holds one, and a comma stays a comma in
    every layer, so only a needle with a comma could straddle it. After a line break that
    does not follow what could end a base64 line in some layer (MIME base64 spans lines;
    ``;``, ``%41`` or ``\\/`` decode to such characters): no escape holds a line break, so
    only a needle with one could. None: no such place for these needles."""
    cuts = []
    if not any("," in needle for needle in needles):
        cuts.append(r"(?<=,)")
    if not any("\n" in needle or "\r" in needle for needle in needles):
        cuts.append(r"(?<=[^A-Za-z0-9+/_=;\r-]\n)|(?<=[^A-Za-z0-9+/_=;-]\r\n)")
    return re.compile("|".join(cuts)) if cuts else None


def _tracked(base: type, changes: tuple[str, ...]) -> type:
    """``base`` (dict or set) calling ``on_change()`` after each method in ``changes``."""

    def changing(name: str) -> Callable[..., Any]:
        method = getattr(base, name)

        def changed(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = method(self, *args, **kwargs)
            self.on_change()
            return result

        return changed

    def __init__(self: Any, on_change: Callable[[], None]) -> None:
        base.__init__(self)
        self.on_change = on_change

    return type(
        f"Tracked{base.__name__.title()}",
        (base,),
        {"__init__": __init__, **{name: changing(name) for name in changes}},
    )


#: A dict and a set that call ``on_change()`` after every change: the registry of secrets,
#: whose compiled search must then be built again.
TrackedDict = _tracked(
    dict, ("__setitem__", "__delitem__", "clear", "update", "pop", "popitem", "setdefault")
)
TrackedSet = _tracked(
    set,
    (
        "add", "clear", "discard", "pop", "remove", "update", "difference_update",
        "intersection_update", "symmetric_difference_update",
        "__ior__", "__iand__", "__isub__", "__ixor__",
    ),
)  # fmt: skip
