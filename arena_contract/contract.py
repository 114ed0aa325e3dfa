"""Loading the contract: openapi.yaml and schemas/, from the wheel or from the repository.

The repository root holds the single source of truth; the wheel carries a copy under
``arena_contract/contract/`` (see pyproject.toml). Everything here is loaded once and
cached, and compiled with jsonschema-rs, because ``check`` validates thousands of bodies.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The base under which the loader names the schema files (``SCHEMA_BASE + "run.json"``).
#: The files carry no ``$id`` of their own: their ``$ref``s are file names relative to the
#: file, which every tool resolves alike wherever the files are bundled or served. This base
#: exists only inside the process, to key the jsonschema-rs registry (it is never fetched).
SCHEMA_BASE = "https://arena-contract.example/schemas/"


def contract_dir() -> Path:
    """The directory holding openapi.yaml and schemas/ (installed copy first)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "contract", here.parent):
        if (candidate / "openapi.yaml").is_file() and (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError("arena-contract's openapi.yaml and schemas/ are not installed")


def openapi_path() -> Path:
    return contract_dir() / "openapi.yaml"


def schemas_dir() -> Path:
    return contract_dir() / "schemas"


@functools.cache
def schemas() -> dict[str, dict[str, Any]]:
    """Every schema file, by the id the loader gives it (``SCHEMA_BASE`` + file name).

    The id is set as ``$id`` in the loaded copy, so that relative ``$ref``s resolve
    against it in-process exactly as they do against the file's location on disk.
    """
    found = {}
    for path in sorted(schemas_dir().glob("*.json")):
        schema_id = SCHEMA_BASE + path.name
        found[schema_id] = {"$id": schema_id, **json.loads(path.read_text(encoding="utf-8"))}
    return found


@functools.cache
def openapi() -> dict[str, Any]:
    import yaml  # only here: `check` pays for YAML once, and only for the status table

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with openapi_path().open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=loader)


#: The methods of the contract's operations (an OpenAPI path item's other keys are not).
METHODS = ("get", "put", "post", "delete", "patch")
JSON_MEDIA = "application/json"


@dataclass(frozen=True)
class Operation:
    """One documented operation: its method, path template and, per status, the body schema
    $id (None for a status with no JSON body: a file stream, or no body at all)."""

    operation_id: str
    template: str
    pattern: re.Pattern[str]
    responses: dict[int, str | None]
    method: str = "GET"
    #: Statuses whose answer is a file (CSV, XLSX), not JSON: its body is not parsed as JSON.
    files: frozenset[int] = frozenset()
    #: The request body it takes: (media type, schema $id), None for none.
    request_body: tuple[str, str] | None = None

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.search(path)
        return found.groupdict() if found else None

    @property
    def reads(self) -> bool:
        """A GET: what the probe and Schemathesis may send to a workspace."""
        return self.method == "GET"


def _schema_id(ref: str) -> str:
    """'./schemas/run.json' -> the schema's $id."""
    name = ref.rsplit("/", 1)[-1]
    return SCHEMA_BASE + name


def _template_regex(template: str) -> re.Pattern[str]:
    # Matched at the end of the path, so any base (/v1, a proxy prefix) works.
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts)
    )
    return re.compile(regex + "/?$")


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the contract, every method (``Operation.reads``: the GETs)."""
    spec = openapi()
    found = []
    for template, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation:
                found.append(_operation(spec, template, method.upper(), operation))
    # Longest templates first, so /imports/{guid}/runs/{runGuid} wins over /imports/{guid}/runs.
    return tuple(sorted(found, key=lambda op: -len(op.template)))


def _operation(spec: dict[str, Any], template: str, method: str, item: dict[str, Any]) -> Operation:
    responses: dict[int, str | None] = {}
    files = set()
    for status, response in item["responses"].items():
        if "$ref" in response:  # a shared response: #/components/responses/Error
            response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        content = response.get("content", {})
        schema = content.get(JSON_MEDIA, {}).get("schema", {})
        responses[int(status)] = _schema_id(schema["$ref"]) if "$ref" in schema else None
        if content and JSON_MEDIA not in content:
            files.add(int(status))
    return Operation(
        item["operationId"],
        template,
        _template_regex(template),
        responses,
        method,
        frozenset(files),
        _request_body(item),
    )


def _request_body(item: dict[str, Any]) -> tuple[str, str] | None:
    """The media type and schema of an operation's requestBody (its first media type)."""
    content = item.get("requestBody", {}).get("content", {})
    for media, body in content.items():
        ref = body.get("schema", {}).get("$ref")
        if ref:
            return media, _schema_id(ref)
    return None


def operation_for(path: str, method: str = "GET") -> tuple[Operation | None, dict[str, str]]:
    """The operation that answers ``method`` on ``path`` (HEAD as GET), and its path
    parameters; (None, {}) when the contract has none."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    for operation in operations():
        if operation.method != method:
            continue
        params = operation.match(path)
        if params is not None:
            return operation, params
    return None, {}


def _closed(schema: Any) -> Any:
    """A copy of a schema in which every object with ``properties`` allows no other field.

    The published schemas stay open (Arena adds fields); this strict twin lets one
    compiled pass report unknown fields as ``additionalProperties`` errors.
    """
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


def _no_retrieval(uri: str) -> Any:
    raise ValueError(f"arena-contract does not fetch schemas from the network ({uri})")


@functools.cache
def validator(schema_id: str) -> Any:
    """A compiled jsonschema-rs validator for one schema, in its strict (closed) form."""
    import jsonschema_rs

    registry = jsonschema_rs.Registry(
        [(sid, _closed(schema)) for sid, schema in schemas().items()], retriever=_no_retrieval
    )
    return jsonschema_rs.validator_for(
        {"$ref": schema_id}, registry=registry, validate_formats=True, retriever=_no_retrieval
    )
