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


@dataclass(frozen=True)
class Operation:
    """One documented GET operation: its path template and, per status, the body schema $id."""

    operation_id: str
    template: str
    pattern: re.Pattern[str]
    responses: dict[int, str | None]

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.search(path)
        return found.groupdict() if found else None


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
    spec = openapi()
    found = []
    for template, item in spec["paths"].items():
        get = item.get("get")
        if not get:
            continue
        responses: dict[int, str | None] = {}
        for status, response in get["responses"].items():
            if "$ref" in response:  # a shared response: #/components/responses/Error
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            responses[int(status)] = _schema_id(schema["$ref"]) if "$ref" in schema else None
        found.append(Operation(get["operationId"], template, _template_regex(template), responses))
    # Longest templates first, so /imports/{guid}/runs/{runGuid} wins over /imports/{guid}/runs.
    return tuple(sorted(found, key=lambda op: -len(op.template)))


def operation_for(path: str) -> tuple[Operation | None, dict[str, str]]:
    for operation in operations():
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
