"""The JSON Schema pass: every violation, at its instance location, one rule ID per keyword.

One compiled jsonschema-rs validator per schema (built once, cached in contract.py) in
its closed form, so unknown fields come out of the same pass as ``additionalProperties``
errors and are reported as ``schema.unknown-field`` warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from arena_contract import contract
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule

KEYWORDS = {
    "required": "A required field is missing.",
    "type": "A value has the wrong JSON type.",
    "enum": "A value is not one of the documented values (a client handling only those breaks).",
    "pattern": "A string does not match its pattern (e.g. a GUID: 20 characters of A-Z, 0-9).",
    "format": "A string is not in its format (date-time per RFC 3339, email).",
    "minimum": "A number is below its minimum (counts are never negative).",
    "maximum": "A number is above its maximum.",
    "minItems": "An array has fewer items than required (an error body lists at least one).",
    "unknown-field": "A field the contract does not know (warning; --strict makes it an error).",
}


def pointer(parts: Any) -> str:
    """RFC 6901 JSON Pointer from a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _short(value: Any) -> Any:
    """A scalar as it is; a container by its JSON type (a finding is no place for a subtree)."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return value


def _hit(error: Any) -> Iterator[Hit]:
    kind = error.kind
    name = kind.name
    where = pointer(error.instance_path)
    detail = kind.as_dict()
    if name == "additionalProperties":
        for field in detail.get("unexpected", []):
            field_pointer = f"{where}/{pointer([field])[1:]}"
            yield Hit(
                "body",
                field_pointer,
                f"unknown field {field!r}",
                actual=field,
                rule="schema.unknown-field",
                severity="warning",
            )
        return
    expected: Any = {
        "required": detail.get("property"),
        "type": detail.get("types"),
        "enum": detail.get("options"),
        "pattern": detail.get("pattern"),
        "format": detail.get("format"),
        "minimum": detail.get("limit"),
        "maximum": detail.get("limit"),
        "minItems": detail.get("limit"),
    }.get(name)
    if name == "enum":
        # What the contract holds and what a consumer risks, as drift's
        # enum-value-undocumented says it for a value outside a documented enum.
        options = ", ".join(str(option) for option in expected or ())
        yield Hit(
            "body",
            where,
            f"not one of the values the contract documents ({options}); a client that "
            "handles only those (an exhaustive switch, a mapping) breaks on it",
            expected=expected,
            actual=_short(error.instance),
            rule="schema.enum",
        )
        return
    if name == "required":
        yield Hit(
            "body",
            f"{where}/{pointer([expected])[1:]}",
            f"required field {expected!r} is missing",
            expected=expected,
            rule="schema.required",
        )
        return
    hit = Hit("body", where, error.message, rule=f"schema.{name}", actual=_short(error.instance))
    yield hit._replace(expected=expected) if expected is not None else hit


@rule(
    "schema",
    "The body matches the contract's JSON Schema (one ID per keyword).",
    family=tuple(
        (f"schema.{k}", "warning" if k == "unknown-field" else "error", v)
        for k, v in KEYWORDS.items()
    ),
)
def schema_conformance(ctx: Context) -> Iterator[Hit]:
    if ctx.schema_id is None or not ctx.body_is_object:
        return
    if ctx.is_error_body and not isinstance(ctx.body.get("errors"), list):
        return  # not Arena's error form at all: error.form says so once, no cascade
    checker = contract.validator(ctx.schema_id)
    if checker.is_valid(ctx.body):  # the fast path: one compiled pass, no error objects
        return
    for error in checker.iter_errors(ctx.body):
        yield from _hit(error)
