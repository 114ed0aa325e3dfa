"""The contract as files for other tools: a single-file bundled spec, and the export.

openapi.yaml and schemas/ stay the single source of truth; everything here is derived
from them. The bundle inlines every schema file under ``components/schemas`` (named by the
file's stem: ``run-list.json`` becomes ``#/components/schemas/run-list``; a file's ``$defs``
become components of their own: ``common.json#/$defs/guid`` is ``common.guid``, and a file
that holds nothing but ``$defs`` adds no component of its own) and rewrites every
``$ref`` to point inside the one document, so a tool that cannot follow file references
(an API gateway, a documentation portal, a code generator) reads it whole. No ``$id`` and no
``$schema`` survive inside it: OpenAPI 3.1's default dialect is JSON Schema 2020-12.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from arena_contract import contract
from arena_contract.safe_files import UnusableFile, write_atomic

BUNDLED_NAME = "openapi.bundled.yaml"
#: Files beside openapi.yaml that travel with it: Schemathesis's settings (its relaxation
#: is a fact about Arena) and the lint rulesets (their exceptions are documented inside).
COMPANIONS = ("schemathesis.toml", ".spectral.yaml", "redocly.yaml")
SCHEMAS_PREFIX = "#/components/schemas/"
#: Keywords that say what a schema is without constraining anything.
_METADATA = frozenset({"title", "description", "$comment"})


class ExportError(Exception):
    """The export could not be written; ``str()`` is one line naming the path."""


def _schema_name(file_name: str) -> str:
    return file_name.rsplit("/", 1)[-1].removesuffix(".json")


def _local_ref(ref: str, current: str | None) -> str:
    """A file reference (``./schemas/run.json``, ``common.json#/$defs/guid``) or a reference
    local to the schema file ``current`` (``#/$defs/guid``), as a pointer into the bundle."""
    target, _, pointer = ref.partition("#")
    if not target:
        if current is None:
            return ref  # already local to openapi.yaml
        target = current
    name = _schema_name(target)
    parts = pointer.split("/")
    if len(parts) >= 3 and parts[1] == "$defs":  # /$defs/guid[/...] -> common.guid[/...]
        return SCHEMAS_PREFIX + f"{name}.{parts[2]}" + "".join("/" + p for p in parts[3:])
    return SCHEMAS_PREFIX + name + pointer


def _rewritten(node: Any, current: str | None) -> Any:
    if isinstance(node, dict):
        return {
            key: _local_ref(value, current)
            if key == "$ref" and isinstance(value, str)
            else _rewritten(value, current)
            for key, value in node.items()
            if key not in ("$schema", "$id")
        }
    if isinstance(node, list):
        return [_rewritten(item, current) for item in node]
    return node


def bundled_spec() -> dict[str, Any]:
    """openapi.yaml with every schema file inlined under ``components/schemas``."""
    # _rewritten builds new objects throughout: nothing YAML anchors shared stays shared, and
    # the cached contract.openapi() is left as it was.
    bundled = _rewritten(contract.openapi(), None)
    schemas = bundled["components"].setdefault("schemas", {})
    for path in sorted(contract.schemas_dir().glob("*.json")):
        name = _schema_name(path.name)
        schema = _rewritten(json.loads(path.read_text(encoding="utf-8")), path.name)
        for key, definition in schema.pop("$defs", {}).items():
            schemas[f"{name}.{key}"] = definition
        if set(schema) - _METADATA:  # not a mere container of $defs
            schemas[name] = schema
    info = bundled["info"]
    info["description"] = info.get("description", "") + (
        "\nThis is the single-file form of openapi.yaml: the schema files are inlined under "
        "components/schemas, named by file (run-list.json is #/components/schemas/run-list).\n"
    )
    return bundled


def dump_yaml(document: Any) -> str:
    import yaml

    class _NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(document, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


def export(destination: Path) -> list[Path]:
    """Write openapi.yaml, schemas/, the companions and the bundle into ``destination``
    (created if needed; files of the same names are replaced, each atomically, and a
    symbolic link where one of them goes is replaced, never written through). Returns the
    files written; raises ExportError."""
    source = contract.contract_dir()
    written: list[Path] = []
    try:
        destination.mkdir(parents=True, exist_ok=True)
        schemas = destination / "schemas"
        if schemas.is_symlink():  # a planted link: replaced by a directory, its target untouched
            schemas.unlink()
        schemas.mkdir(exist_ok=True)
        copies = [(source / name, destination / name) for name in ("openapi.yaml", *COMPANIONS)]
        schema_files = sorted(contract.schemas_dir().glob("*.json"))
        copies += [(path, schemas / path.name) for path in schema_files]
        for origin, target in copies:
            write_atomic(target, origin.read_bytes())
            written.append(target)
        bundle = destination / BUNDLED_NAME
        write_atomic(bundle, dump_yaml(bundled_spec()))
        written.append(bundle)
    except UnusableFile as exc:
        raise ExportError(f"{destination}: {exc}") from None
    except OSError as exc:
        where = exc.filename or destination
        raise ExportError(f"{where}: {exc.strerror or exc}") from None
    return written
