"""Cassettes: VCR.py / pytest-recording (``interactions``) and Schemathesis ``--report vcr``
(``http_interactions``), usually YAML, sometimes JSON (VCR.py's json serializer).

The two dialects differ in small ways this reader smooths over:

* VCR.py: ``status.code`` is an int; ``body.string`` is a str, or bytes (``!!binary``) when
  the body was not UTF-8 or was kept compressed (then Content-Encoding is still there and
  the body is decompressed here).
* Schemathesis: ``status.code`` is a string (``'200'``); the body is ``body.string`` decoded
  with ``body.encoding`` (lossily, so re-encoded with it) or exact bytes in
  ``body.base64_string``; ``response: null`` means no response (skipped);
  ``truncated_from`` means only a prefix was kept (an exchange with ``body_error``).

Like HAR, only GET interactions whose URL names a contract endpoint are kept, and a bad
interaction is a problem naming ``interactions[i]`` while the good ones are kept.

YAML is loaded with the safe loader (C version when available) and aliases are refused:
cassettes never need them, and they are how a small file expands into a huge one.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from arena_contract.captures.capture import (
    EntryError,
    InflationBudget,
    Loaded,
    decode_text,
    expect_object,
    expect_status,
    expect_str,
    is_contract_request,
    make_headers,
    set_body,
)
from arena_contract.exchange import Exchange, Request

if TYPE_CHECKING:
    import yaml

#: The top-level key naming each dialect, and the format name it is reported as.
DIALECTS = {"interactions": "vcr", "http_interactions": "schemathesis-vcr"}


class YamlError(ValueError):
    """Why a YAML document could not be loaded, as one line (without the file name)."""


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, refusing aliases; raise YamlError."""
    import yaml  # here, not at the top: most checks see no YAML, and start-up counts

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # C version when built
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise YamlError(f"{problem}{where}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise YamlError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        loader.dispose()


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias makes the composer reuse a node object: seeing one twice means an alias."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            raise YamlError(
                "YAML aliases (*name) are not allowed in cassettes"
                f" (an aliased node starts at line {mark.line + 1}, column {mark.column + 1})"
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def cassette_dialect(doc: Any) -> str | None:
    """ "vcr" or "schemathesis-vcr" when ``doc`` is a cassette mapping, else None."""
    if isinstance(doc, dict):
        for key, name in DIALECTS.items():
            if key in doc:
                return name
    return None


def read_cassette(doc: dict[str, Any], *, path: str) -> Loaded:
    """The contract exchanges of a cassette (either dialect); problems name the interaction."""
    key = "http_interactions" if "http_interactions" in doc else "interactions"
    interactions = doc.get(key)
    loaded = Loaded()
    if interactions is None:  # an empty cassette: "interactions:" with nothing under it
        return loaded
    if not isinstance(interactions, list):
        loaded.problems.append(f"{path}: {key} is not a list")
        return loaded
    for index, interaction in enumerate(interactions):
        where = f"{key}[{index}]"
        loaded.add(f"{path}: {where}", _interaction_exchange, interaction, origin=f"{path}#{where}")
    return loaded


def _interaction_exchange(
    interaction: Any, *, origin: str, budget: InflationBudget
) -> Exchange | None:
    interaction = expect_object(interaction, "the interaction")
    request = expect_object(interaction.get("request"), "request")
    url = expect_str(request.get("uri"), "request.uri")
    method = expect_str(request.get("method", "GET"), "request.method")
    if not is_contract_request(method, url):
        return None
    response = interaction.get("response")
    if response is None and "response" in interaction:
        return None  # Schemathesis: the request got no response (network error)
    response = expect_object(response, "response")
    status = expect_object(response.get("status"), "response.status")
    exchange = Exchange(
        request=Request(
            method=method,
            url=url,
            headers=make_headers(request.get("headers"), "request.headers"),
        ),
        status=expect_status(status.get("code"), "response.status.code", allow_digits=True),
        headers=make_headers(response.get("headers"), "response.headers"),
        origin=origin,
    )
    body = response.get("body")
    if body is None:
        return exchange
    body = expect_object(body, "response.body")
    if "truncated_from" in response:
        size = response["truncated_from"]
        exchange.body_error = f"the cassette kept only part of the body (truncated_from: {size})"
        return exchange
    raw = _body_bytes(body)
    if raw is not None:
        set_body(exchange, raw, budget)
    return exchange


def _body_bytes(body: dict[str, Any]) -> bytes | None:
    """The body bytes from ``base64_string`` or ``string`` (re-encoded with ``encoding``)."""
    if "base64_string" in body:
        encoded = expect_str(body["base64_string"], "response.body.base64_string")
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise EntryError("response.body.base64_string is not valid base64") from None
    string = body.get("string")
    if string is None:
        return None
    if isinstance(string, str):
        return _encode(string, body.get("encoding"))
    return decode_text(string, None, "response")


def _encode(string: str, charset: Any) -> bytes:
    """Undo the recorder's decoding: re-encode with the charset it decoded with.

    Schemathesis decodes with the response's charset (latin-1 for some servers), so encoding
    back with it gives the bytes as sent; when that cannot work, UTF-8 is the best guess.
    """
    if isinstance(charset, str) and charset:
        try:
            return string.encode(charset)
        except (LookupError, UnicodeEncodeError, ValueError):  # ValueError: a NUL in the name
            pass
    return string.encode("utf-8", "surrogatepass")
