"""The shape summary: what a set of responses looked like, without the data.

A :class:`Shape` holds one :class:`GroupShape` per *kind of request* (``listImportRuns/ok``,
``listImportRuns/bad-guid``, ..., ``body`` for raw bodies). A group counts the statuses and
Arena error codes it saw, every response header (names lower-cased), and, per body
partition (``success`` / ``error``), every field path with array items folded to ``*``
(``/results/*/creator/email``; the body itself is the empty path ``""``).

The JSON form is deterministic (sorted keys, counts only, no capture paths or times) so a
summary can be committed as a baseline and diffed in review. Its first key is the marker
``"arena-contract-shape": 1``, which is how ``drift`` tells a summary from a capture.

A shape derived from the contract (``source: "contract"``) uses the same model with
claims instead of counts: see ``spec_shape``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from arena_contract.captures.detect import SHAPE_MARKER
from arena_contract.redact import is_secret_name

MARKER = SHAPE_MARKER  # one definition: check, infer and drift all tell a summary by it
VERSION = 1

#: Body partitions: a response is an error when its status is 400 or more (or, for a raw
#: body without status, when it looks like Arena's error form).
SUCCESS, ERROR = "success", "error"
#: Group name for raw bodies recorded without their request.
RAW_GROUP = "body"


class ShapeError(ValueError):
    """A shape summary that cannot be loaded; ``str()`` is one line (the caller names the file)."""


@dataclass
class FieldShape:
    """One field path: how often it was there, its JSON types, formats and (enum-like) values.

    ``parent`` counts the objects the field could have been in (the objects at the parent
    path; for an array item, the arrays), so ``present < parent`` means "sometimes absent".
    ``types`` never holds "null": nulls are counted in ``nulls``. ``values`` is None when
    the field is free text (values not kept), and empty when no string was seen.
    """

    present: int = 0
    parent: int = 0
    types: Counter[str] = field(default_factory=Counter)
    nulls: int = 0
    formats: Counter[str] = field(default_factory=Counter)
    values: Counter[str] | None = field(default_factory=Counter)
    #: Contract only: an object whose members the contract does not describe.
    free_form: bool = False

    def merge(self, other: FieldShape) -> None:
        self.present += other.present
        self.parent += other.parent
        self.types.update(other.types)
        self.nulls += other.nulls
        self.formats.update(other.formats)
        if self.values is None or other.values is None:
            self.values = None  # free text anywhere: no value comparison
        else:
            self.values.update(other.values)
        self.free_form = self.free_form or other.free_form


@dataclass
class HeaderShape:
    """One response header: how often present, its value formats, its value when constant."""

    present: int = 0
    formats: Counter[str] = field(default_factory=Counter)
    #: The literal value when every response carried the same one (see infer.py for when).
    value: str | None = None

    def merge(self, other: HeaderShape) -> None:
        both_constant = self.value is not None and self.value == other.value
        empty = self.present == 0
        self.present += other.present
        self.formats.update(other.formats)
        self.value = other.value if empty else (self.value if both_constant else None)


@dataclass
class BodyShape:
    """The bodies of one partition of a group: how many, and their fields by path."""

    count: int = 0
    fields: dict[str, FieldShape] = field(default_factory=dict)


@dataclass
class GroupShape:
    """One kind of request: its statuses, error codes, headers and bodies."""

    exchanges: int = 0
    #: Exchanges with a status and headers (raw bodies have neither).
    responses: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    #: errors[].code values, as strings (Arena sends integers; a string code stays distinct).
    error_codes: Counter[str] = field(default_factory=Counter)
    headers: dict[str, HeaderShape] = field(default_factory=dict)
    bodies: dict[str, BodyShape] = field(default_factory=dict)
    #: Of the responses, how many by header name came from a recording that keeps no such
    #: header (``Exchange.unrecorded``: Schemathesis' NDJSON report drops Date). Their
    #: absence is not counted against the header.
    unrecorded: Counter[str] = field(default_factory=Counter)


@dataclass
class Shape:
    """A shape summary: groups by name. ``source`` is "captures" or "contract"."""

    groups: dict[str, GroupShape] = field(default_factory=dict)
    source: str = "captures"

    @property
    def from_contract(self) -> bool:
        return self.source == "contract"


def group_operation_name(group: str) -> str:
    """The operation part of a group name: ``listImportRuns/bad-guid`` -> ``listImportRuns``."""
    return group.rsplit("/", 1)[0] if "/" in group else group


def join_path(parent: str, key: str) -> str:
    """A JSON Pointer child; a key that is literally ``*`` is written ``~2`` (``*`` means items)."""
    escaped = key.replace("~", "~0").replace("/", "~1")
    return f"{parent}/{'~2' if escaped == '*' else escaped}"


def parent_path(path: str) -> str:
    return path.rsplit("/", 1)[0]


def is_item_path(path: str) -> bool:
    return path.endswith("/*")


def recount_parents(body: BodyShape) -> None:
    """Set every path's ``parent``: the objects (for an item: the arrays) at its parent path,
    the bodies for the body itself. Needed after merging groups, since a group in which a
    field never appeared still counts its parent objects."""
    for path, shape in body.fields.items():
        if path == "":
            shape.parent = body.count
            continue
        parent = body.fields.get(parent_path(path))
        kind = "array" if is_item_path(path) else "object"
        shape.parent = parent.types.get(kind, 0) if parent else 0


# -- JSON ------------------------------------------------------------------------------------


def to_json(shape: Shape) -> dict[str, Any]:
    """The summary as a JSON-ready dict (every mapping sorted when dumped with sort_keys)."""
    return {
        MARKER: VERSION,
        "source": shape.source,
        "groups": {name: _group_json(group) for name, group in shape.groups.items()},
    }


def dumps(shape: Shape) -> str:
    """Deterministic text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(to_json(shape), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def is_shape_document(document: Any) -> bool:
    return isinstance(document, dict) and MARKER in document


def from_json(document: Any) -> Shape:
    """Load a summary written by :func:`to_json`; raise ShapeError on anything else."""
    if not is_shape_document(document):
        raise ShapeError(f'not a shape summary (no "{MARKER}" key)')
    if document[MARKER] != VERSION:
        raise ShapeError(
            f"shape summary version {document[MARKER]!r} is not supported (this is {VERSION});"
            " re-run `arena-contract infer`"
        )
    try:
        groups = document.get("groups", {})
        return Shape(
            {str(name): _group_from(value) for name, value in _mapping(groups, "groups").items()},
            str(document.get("source", "captures")),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ShapeError(f"malformed shape summary: {exc}") from None


def _group_json(group: GroupShape) -> dict[str, Any]:
    out = {
        "exchanges": group.exchanges,
        "responses": group.responses,
        "statuses": {str(status): n for status, n in group.statuses.items()},
        "errorCodes": dict(group.error_codes),
        "headers": {name: _header_json(h) for name, h in group.headers.items()},
        "bodies": {
            part: {
                "count": body.count,
                "fields": {path: _field_json(f) for path, f in body.fields.items()},
            }
            for part, body in group.bodies.items()
        },
    }
    if group.unrecorded:  # left out when none: the summaries of before stay as they were
        out["unrecorded"] = dict(group.unrecorded)
    return out


def _header_json(header: HeaderShape) -> dict[str, Any]:
    out: dict[str, Any] = {"present": header.present, "formats": dict(header.formats)}
    if header.value is not None:
        out["value"] = header.value
    return out


def _field_json(f: FieldShape) -> dict[str, Any]:
    # Zero counts and empty maps are left out: smaller baselines, quieter diffs.
    out: dict[str, Any] = {"present": f.present, "parent": f.parent, "types": dict(f.types)}
    if f.nulls:
        out["nulls"] = f.nulls
    if f.formats:
        out["formats"] = dict(f.formats)
    if f.values:
        out["values"] = dict(f.values)
    if f.free_form:
        out["freeForm"] = True
    return out


def _group_from(value: Any) -> GroupShape:
    data = _mapping(value, "group")
    return GroupShape(
        exchanges=_int(data.get("exchanges", 0)),
        responses=_int(data.get("responses", 0)),
        statuses=Counter({int(k): _int(n) for k, n in _mapping(data.get("statuses", {})).items()}),
        error_codes=_counter(data.get("errorCodes", {})),
        headers={
            str(name).lower(): HeaderShape(
                present=_int(h.get("present", 0)),
                formats=_counter(h.get("formats", {})),
                value=_stored_value(str(name), h.get("value")),
            )
            for name, h in _mapping(data.get("headers", {})).items()
        },
        bodies={
            str(part): BodyShape(
                count=_int(_mapping(body).get("count", 0)),
                fields={
                    str(path): _field_from(f)
                    for path, f in _mapping(body.get("fields", {})).items()
                },
            )
            for part, body in _mapping(data.get("bodies", {})).items()
        },
        unrecorded=Counter(
            {name.lower(): n for name, n in _counter(data.get("unrecorded", {})).items()}
        ),
    )


def _field_from(value: Any) -> FieldShape:
    data = _mapping(value, "field")
    types = _counter(data.get("types", {}))
    if "values" in data:
        values: Counter[str] | None = _counter(data["values"])
    else:  # strings seen but no values kept: free text
        values = None if "string" in types else Counter()
    return FieldShape(
        present=_int(data.get("present", 0)),
        parent=_int(data.get("parent", 0)),
        types=types,
        nulls=_int(data.get("nulls", 0)),
        formats=_counter(data.get("formats", {})),
        values=values,
        free_form=bool(data.get("freeForm", False)),
    )


def _mapping(value: Any, what: str = "value") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{what} is not an object")
    return value


def _stored_value(name: str, value: Any) -> str | None:
    """A header's constant value from a summary; never a secret-named header's (a summary
    written before they were masked, or by hand)."""
    return None if value is None or is_secret_name(name) else str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"count {value!r} is not an integer")
    return value


def _counter(value: Any) -> Counter[str]:
    return Counter({str(k): _int(n) for k, n in _mapping(value).items()})
