"""Which file of the current recording each change was seen in, so that a GitHub
annotation points at a file, not at the directory the recording was read from.

With one file there is nothing to find. With several, each file's shape is compared on its
own (as the whole was) and a change is placed in the first file showing it; a change no
single file shows (one judged on the evidence of them all) goes to the first file holding
its place (its operation, group or header), else to the first file.
"""

from __future__ import annotations

from arena_contract.drift.report import Change
from arena_contract.drift.shape import Shape


def change_files(changes: list[Change], paths: list[str], *, baseline: Shape | None) -> list[str]:
    """The file of each change, in order (none without ``paths``); ``baseline`` None: the
    contract was the baseline."""
    if len(paths) <= 1:
        return [paths[0] if paths else ""] * len(changes)
    from arena_contract.drift import drift, drift_from_contract, read_side

    by_change: dict[tuple[str, str], str] = {}
    by_place: dict[str, str] = {}
    for path in paths:
        side = read_side([path], allow_summary=False, keep_going=True)
        if not side.exchanges:
            continue
        own = drift_from_contract(side.shape) if baseline is None else drift(baseline, side.shape)
        for change in own.changes:
            by_change.setdefault((change.kind, change.location), path)
        for place in _places(side.shape):
            by_place.setdefault(place, path)
    return [
        by_change.get((change.kind, change.location))
        or by_place.get(_place(change.location))
        or paths[0]
        for change in changes
    ]


def _place(location: str) -> str:
    """'body:listImportRuns:/results/*/x' -> 'body:listImportRuns'; 'header:Server' ->
    'header:server'; 'status:listImportRuns/ok' -> 'group:listImportRuns/ok'."""
    kind, _, rest = location.partition(":")
    if kind == "body":
        return f"body:{rest.partition(':')[0]}"
    if kind == "header":
        return f"header:{rest.lower()}"
    return f"group:{rest}"


def _places(shape: Shape) -> set[str]:
    from arena_contract.drift.compare import body_pools

    places = {f"group:{name}" for name in shape.groups}
    places |= {f"body:{pool}" for pool in body_pools(shape)}
    places |= {f"header:{name.lower()}" for g in shape.groups.values() for name in g.headers}
    return places
