"""Matching a JSON-pointer glob in linear time, without regular expressions.

A glob is split into segments at ``/``. A segment ``**`` stands for one or more whole
segments (``/results/**`` names ``/results/3/status``, not ``/results``; an empty last
segment counts, as in ``/results/``); any other segment is matched against one segment of
the pointer, ``*`` standing for any run of characters (a ``/`` is never inside a segment).

One segment is matched by its literal pieces: the first a prefix, the last a suffix, each
between found at its leftmost place after the one before (the leftmost place is never
worse when what follows may begin anywhere), so no choice is ever revisited. Runs of
segments between ``**`` are placed the same way over the pointer's segments. A ``**``
inside a segment (``/a**``: anything, ``/`` included) is matched by simulating the glob as
an automaton, linear in the pointer too.

A regular expression (``[^/]*`` for each star) backtracks: a 40-character key against
``*a*a*a*a*a*a*a*a*a*a*b`` took seconds; this takes microseconds, and keeps no cache.
"""

from __future__ import annotations


def glob_matches(glob: str, text: str) -> bool:
    """``text`` is named by ``glob`` (see the module)."""
    if "*" not in glob:
        return glob == text
    parts = glob.split("/")
    if any("**" in part and part != "**" for part in parts):
        return _automaton(glob, text)
    return _runs(parts, text.split("/"))


def segment_matches(glob: str, segment: str) -> bool:
    """One segment (no ``/``) against a glob segment whose ``*`` are any characters."""
    if "*" not in glob:
        return glob == segment
    pieces = glob.split("*")
    first, last = pieces[0], pieces[-1]
    if len(segment) < len(first) + len(last):
        return False
    if not segment.startswith(first) or not segment.endswith(last):
        return False
    at, end = len(first), len(segment) - len(last)
    for piece in pieces[1:-1]:
        found = segment.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _runs(parts: list[str], segments: list[str]) -> bool:
    """Segments ``parts`` (``**`` among them) against ``segments``."""
    groups: list[list[str]] = [[]]
    for part in parts:
        if part == "**":
            groups.append([])
        else:
            groups[-1].append(part)
    if len(groups) == 1:
        return len(parts) == len(segments) and all(
            segment_matches(p, s) for p, s in zip(parts, segments, strict=True)
        )
    head, *middle, tail = groups
    if len(head) + len(tail) + len(groups) - 1 > len(segments):
        return False
    if not _run_at(head, segments, 0) or not _run_at(tail, segments, len(segments) - len(tail)):
        return False
    at, end = len(head) + 1, len(segments) - len(tail)  # each ** takes one segment at least
    for group in middle:
        last = end - 1 - len(group)
        found = next((i for i in range(at, last + 1) if _run_at(group, segments, i)), None)
        if found is None:
            return False
        at = found + len(group) + 1
    return at <= end


def _run_at(group: list[str], segments: list[str], at: int) -> bool:
    return all(segment_matches(p, segments[at + i]) for i, p in enumerate(group))


def _automaton(glob: str, text: str) -> bool:
    """``glob`` as a nondeterministic automaton run over ``text`` (the set of states kept,
    never a path retried): ``**`` any character, ``*`` any but ``/``, others themselves."""
    tokens: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**", index):
            tokens.append("**")
            index += 2
        else:
            tokens.append(glob[index])
            index += 1

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for state in sorted(states):
            while state < len(tokens) and tokens[state] in ("*", "**"):
                state += 1
                out.add(state)
        return out

    states = closure({0})
    for char in text:
        following = set()
        for state in states:
            if state == len(tokens):
                continue
            token = tokens[state]
            if token == "**" or (token == "*" and char != "/"):
                following.add(state)
            elif token == char:
                following.add(state + 1)
        states = closure(following)
        if not states:
            return False
    return len(tokens) in states
