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
from arena_contract.rules.registry import Hit, rule, shown

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
            actual=shown(error.instance),
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
    hit = Hit("body", where, error.message, rule=f"schema.{name}", actual=shown(error.instance))
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
    try:
        errors = list(checker.iter_errors(ctx.body))
    except ValueError:
        # jsonschema-rs gives each error its instance as Python objects, and refuses one
        # nested 255 levels or more ("Recursion limit reached"): the same errors, from a
        # copy cut below the depth any schema keyword reaches.
        errors = list(checker.iter_errors(pruned(ctx.body, SCHEMA_DEPTH)))
    for error in errors:
        yield from _hit(error)


#: No keyword of the contract's schemas looks this deep (they nest about ten levels and
#: none refers to itself; tests/test_hostile_captures.py holds that), so a body cut here
#: has the same schema errors as the whole one.
SCHEMA_DEPTH = 64


def pruned(value: Any, depth: int) -> Any:
    """``value`` with every object or array ``depth`` levels down emptied (the same type,
    no content). Iterative: a parsed body may be nested deeper than Python recurses."""
    if not isinstance(value, (dict, list)):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack = [(value, root, 1)]
    while stack:
        source, copy, level = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, (dict, list)):
                child: Any = {} if isinstance(item, dict) else []
                if level < depth:
                    stack.append((item, child, level + 1))
                item = child
            if isinstance(copy, dict):
                copy[key] = item
            else:
                copy.append(item)
    return root
