"""The shape the contract promises, in the same model as an observed shape.

A contract shape (``source: "contract"``) holds claims, not counts (every count is 0 or 1):

- a required property is present in 1 of 1 parent objects; an optional one in 0 of 0,
  which claims nothing (a contract-optional field never observed is not drift);
- ``types`` are the schema's types, ``nulls`` is 1 when ``null`` is allowed;
- ``formats``: ``date-time`` is UTC or with an offset (RFC 3339 needs a zone), the GUID
  pattern is ``guid``, ``email`` is ``email``; any other string is ``other`` (anything);
- ``values`` are the schema's ``enum``; other strings keep none (free text);
- an object schema without ``properties`` is ``free_form``: its members are not described.

Per operation there is one group per request class the operation can meet, with the
statuses and error codes the contract's descriptions give for it (:data:`CLASS_EXPECTATIONS`),
the six documented headers, the 200 body schema in the ``ok`` group and the error body in
each error class. ``compare`` treats every claim as certain.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any
from urllib.parse import urljoin

from arena_contract import contract
from arena_contract.drift.formats import OTHER
from arena_contract.drift.shape import (
    ERROR,
    SUCCESS,
    BodyShape,
    FieldShape,
    GroupShape,
    HeaderShape,
    Shape,
    join_path,
)

#: Statuses and Arena error codes per request class, from openapi.yaml's descriptions and
#: Arena's error table (docs/assumptions.md): the 400 of listImportRuns (3011 malformed
#: GUID; 3012 or 3024 unknown GUID; 3220 or 3041 bad offset/limit; 3019 an attribute that
#: is not searchable), the security scheme (401 without a session). A bad filter value has
#: no documented code; 3006 is Arena's generic "not a valid option for the attribute".
CLASS_EXPECTATIONS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "ok": ((200,), ()),
    "filtered": ((200, 400), ("3006", "3019", "3041", "3220")),
    "paged": ((200, 400), ("3041", "3220")),
    "bad-guid": ((400,), ("3011",)),
    "unknown-guid": ((400,), ("3012", "3024")),
    # A content file that cannot be downloaded: the run is not finished, or its files were
    # deleted (60 days after it ended).
    "not-downloadable": ((400,), ("3017",)),
    "no-session": ((401,), ("401",)),
}
_ERROR_CLASSES = ("bad-guid", "unknown-guid", "not-downloadable", "no-session")

#: The drift model's names for the forms the contract's header patterns allow.
_HEADER_FORMATS_FROM_DESCRIPTIONS = {
    "Date": ("http-date",),
    "X-Arena-Next-Request-Limit-Reset": (
        "arena-date",
        "date-time-utc",
        "date-time-offset",
        "http-date",
    ),
}
_DATE_TIME_FORMATS = ("date-time-utc", "date-time-offset")
_GUID_PATTERNS = frozenset({"^[A-Z0-9]{20}$"})
#: Beyond this depth a schema is taken to be recursive (none of the contract's is).
_MAX_DEPTH = 32


@functools.cache
def contract_shape() -> Shape:
    """The contract as a shape (cached: the contract does not change while running)."""
    groups: dict[str, GroupShape] = {}
    headers = _headers()
    for operation in contract.operations():
        if not operation.reads:
            continue  # drift compares what GETs answer: recordings hold nothing else
        success = operation.responses.get(200)
        error = next((sid for status, sid in operation.responses.items() if status >= 400), None)
        for klass in _classes(operation):
            statuses, codes = CLASS_EXPECTATIONS[klass]
            group = GroupShape(
                exchanges=1,
                responses=1,
                statuses=Counter(dict.fromkeys(statuses, 1)),
                error_codes=Counter(dict.fromkeys(codes, 1)),
                headers={name.lower(): _copy_header(h) for name, h in headers.items()},
            )
            if klass == "ok" and success:
                group.bodies[SUCCESS] = body_shape(success)
            if klass in _ERROR_CLASSES and error:
                group.bodies[ERROR] = body_shape(error)
            groups[f"{operation.operation_id}/{klass}"] = group
    return Shape(dict(sorted(groups.items())), source="contract")


@functools.cache
def canonical_header_names() -> dict[str, str]:
    """Lower-cased name -> the contract's spelling, for the documented response headers."""
    return {name.lower(): name for name in _headers()}


def body_shape(schema_id: str) -> BodyShape:
    """The fields a schema describes, as claims."""
    body = BodyShape(count=1)
    _describe(body, "", {"$ref": schema_id}, schema_id, required=True, depth=0)
    return body


# -- operations and headers ------------------------------------------------------------------


def _classes(operation: contract.Operation) -> list[str]:
    spec = contract.openapi()["paths"][operation.template][operation.method.lower()]
    names = {_parameter(p).get("name") for p in spec.get("parameters", [])}
    classes = ["ok", "no-session"]
    if names - {"offset", "limit", "guid", "runGuid"}:
        classes.append("filtered")
    if names & {"offset", "limit"}:
        classes.append("paged")
    if "{" in operation.template:
        classes += ["bad-guid", "unknown-guid"]
    if operation.files:
        classes.append("not-downloadable")
    return classes


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    ref = parameter.get("$ref")
    if ref is None:
        return parameter
    return contract.openapi()["components"]["parameters"][ref.rsplit("/", 1)[-1]]


@functools.cache
def _headers() -> dict[str, HeaderShape]:
    found = {}
    for name, spec in contract.openapi()["components"]["headers"].items():
        if not spec.get("required"):
            continue
        schema = spec.get("schema", {})
        if schema.get("type") == "integer":
            formats: tuple[str, ...] = ("integer",)
        else:
            formats = _HEADER_FORMATS_FROM_DESCRIPTIONS.get(name, (OTHER,))
        found[name] = HeaderShape(present=1, formats=Counter(dict.fromkeys(formats, 1)))
    # Content-Type is each response's media type (OpenAPI 3.1 ignores a Content-Type
    # response header, so the contract declares none).
    found["Content-Type"] = HeaderShape(
        present=1, formats=Counter(dict.fromkeys(sorted(_media_types()), 1))
    )
    return found


def _media_types() -> set[str]:
    spec = contract.openapi()
    found = set()
    for item in spec["paths"].values():
        for response in item.get("get", {}).get("responses", {}).values():
            if "$ref" in response:
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
            found.update(response.get("content", {}))
    return found


def _copy_header(header: HeaderShape) -> HeaderShape:
    return HeaderShape(header.present, Counter(header.formats), header.value)


# -- schemas ---------------------------------------------------------------------------------


def _resolve(node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow ``$ref`` (relative to the current schema's $id) to the schema it names."""
    seen = 0
    while "$ref" in node:
        seen += 1
        if seen > _MAX_DEPTH:
            raise ValueError(f"$ref loop at {base}")
        target = urljoin(base, node["$ref"])
        document_id, _, pointer = target.partition("#")
        node = contract.schemas()[document_id]
        for part in pointer.split("/")[1:]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        base = document_id
    return node, base


def _types(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return set(declared)
    if "enum" in node:
        return {"string" if isinstance(v, str) else "integer" for v in node["enum"]}
    if "properties" in node:
        return {"object"}
    return set()


def _string_formats(node: dict[str, Any]) -> tuple[str, ...]:
    if node.get("format") == "date-time":
        return _DATE_TIME_FORMATS
    if node.get("format") in ("date", "email"):
        return (node["format"],)
    if node.get("pattern") in _GUID_PATTERNS:
        return ("guid",)
    return (OTHER,)


def _describe(
    body: BodyShape, path: str, node: dict[str, Any], base: str, *, required: bool, depth: int
) -> None:
    if depth > _MAX_DEPTH:
        return
    node, base = _resolve(node, base)
    types = _types(node)
    claim = 1 if required else 0
    field = FieldShape(present=claim, parent=claim, nulls=int("null" in types))
    field.types = Counter(dict.fromkeys(sorted(types - {"null"}), 1))
    if "string" in types:
        field.formats = Counter(dict.fromkeys(_string_formats(node), 1))
        enum = [value for value in node.get("enum", []) if isinstance(value, str)]
        field.values = Counter(dict.fromkeys(enum, 1)) if enum else None
    body.fields[path] = field
    if "object" in types:
        properties = node.get("properties")
        if properties is None:
            field.free_form = True
        else:
            needed = set(node.get("required", []))
            for key, child in properties.items():
                _describe(
                    body, join_path(path, key), child, base, required=key in needed, depth=depth + 1
                )
    if "array" in types and isinstance(node.get("items"), dict):
        _describe(body, f"{path}/*", node["items"], base, required=False, depth=depth + 1)
