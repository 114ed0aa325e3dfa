"""The request bodies of the write operations, against the contract's requestBody.

A capture of an import automation holds what it sent too: the definition it created or
edited (JSON), the run it started (multipart/form-data: submitContent, submitFileType,
submitWorksheetName, commit) and the commit (JSON). Whatever of it the capture holds is
judged (``request.body``): a body the capture does not hold is not there to judge. A form
field is text on the wire; ``true`` and ``false`` are read as the booleans the schema says.
"""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Iterator
from typing import Any

import orjson

from arena_contract import contract
from arena_contract.exchange import Request
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule, shown
from arena_contract.rules.schema import pointer

FORM = "multipart/form-data"


@rule(
    "request.body",
    "A write request's body, when the capture holds it, follows the contract's requestBody "
    "(its JSON Schema; for POST .../runs the multipart parts).",
    needs=("request", "operation"),
)
def request_body(ctx: Context) -> Iterator[Hit]:
    operation, request = ctx.operation, ctx.exchange.request
    if operation is None or operation.request_body is None or request is None:
        return
    if request.body is None and request.form is None:
        return  # the capture holds no request body: nothing to judge
    media, schema_id = operation.request_body
    value, problem = (_form if media == FORM else _json)(request)
    if problem is not None:
        yield Hit("request", "", f"the request body {problem}", expected=media)
        return
    for error in contract.validator(schema_id).iter_errors(value):
        where = pointer(error.instance_path)
        if error.kind.name == "additionalProperties":
            for name in error.kind.as_dict().get("unexpected", []):
                yield Hit(
                    "request",
                    f"{where}/{name}",
                    f"the request sends {name!r}, a field the contract does not know",
                    actual=name,
                    severity="warning",
                )
            continue
        yield Hit(
            "request", where, f"the request body: {error.message}", actual=shown(error.instance)
        )


def _json(request: Request) -> tuple[Any, str | None]:
    try:
        return orjson.loads(request.body or b""), None
    except orjson.JSONDecodeError:
        sent = request.headers.get("Content-Type") or "no Content-Type"
        return None, f"is not JSON ({sent})"


def _form(request: Request) -> tuple[dict[str, Any] | None, str | None]:
    """The form's fields by name, a file field as the string "(file)"."""
    if request.form is not None:
        return {name: _typed(value) for name, value in request.form}, None
    kind = request.headers.get("Content-Type") or ""
    if not kind.lower().startswith(FORM) or "boundary=" not in kind.lower():
        return None, f"is not multipart/form-data with a boundary (Content-Type: {kind or 'none'})"
    head = f"Content-Type: {kind}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        head + (request.body or b"")
    )
    if not message.is_multipart() or message.defects:
        return None, "cannot be read as multipart/form-data"
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            return None, "has a part without a name"
        if part.get_filename() is not None:
            fields[name] = "(file)"
        else:
            payload = part.get_payload(decode=True) or b""
            fields[name] = _typed(payload.decode("utf-8", "replace"))
    return fields, None


def _typed(text: str) -> Any:
    """A form field's text as JSON Schema sees it: true and false are booleans."""
    return {"true": True, "false": False}.get(text, text)
