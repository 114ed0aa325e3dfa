"""Cassettes: VCR.py / pytest-recording (``interactions``) and Schemathesis ``--report vcr``
(``http_interactions``), usually YAML, sometimes JSON (VCR.py's json serializer).

The two dialects differ in small ways this reader smooths over:

* VCR.py: ``status.code`` is an int; ``body.string`` is a str, or bytes (``!!binary``) when
  the body was not UTF-8 or was kept compressed (then Content-Encoding is still there and
  the body is decompressed here).
* Schemathesis: ``status.code`` is a string (``'200'``); the body is ``body.string`` decoded
  with ``body.encoding`` (lossily, so re-encoded with it) or exact bytes in
  ``body.base64_string``; ``response: null`` means no response (skipped);
  ``truncated_from`` means only a prefix was kept (an exchange with ``truncated``: the
  body is not judged); so does a binary body kept as text, its undecodable bytes replaced
  by U+FFFD, that is no longer as long as its Content-Length (``capture.lossy_text``).

Like HAR, only GET interactions whose URL names a contract endpoint are kept, and a bad
interaction is a problem naming ``interactions[i]`` while the good ones are kept.

YAML is read from the safe loader's events (C version when available), and refused past
``MAX_YAML_BYTES`` or when it holds aliases, duplicate keys or unsafe tags (``load_yaml``).
"""

from __future__ import annotations

import binascii
from typing import Any

from arena_contract.captures.capture import (
    EntryError,
    Loaded,
    decode_text,
    expect_object,
    expect_status,
    expect_str,
    make_headers,
    recorded_request,
    set_body,
    strict_base64,
)
from arena_contract.captures.inflate import InflationBudget
from arena_contract.exchange import Exchange, Request
from arena_contract.sizes import over_limit

#: The top-level key naming each dialect, and the format name it is reported as.
DIALECTS = {"interactions": "vcr", "http_interactions": "schemathesis-vcr"}


#: A YAML cassette larger than this is refused before parsing, in one line. Checking one
#: costs about 30 times its size (its document, then its exchanges): 32 MiB peaks near
#: 1 GB (through PyYAML's node graph, twice that). JSON and HAR have their own limits.
MAX_YAML_BYTES = 32 * 1024 * 1024


def too_large(size: int) -> str:
    """Why a YAML input of ``size`` bytes is not read."""
    return f"{over_limit(size, MAX_YAML_BYTES)} for a YAML cassette (save it as JSON, or split it)"


class YamlError(ValueError):
    """Why a YAML document could not be loaded, as one line (without the file name)."""


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, or raise YamlError.

    Built straight from the parser's events (libyaml's, when PyYAML has it), not through
    PyYAML's node graph, which holds a node and two marks per scalar until the end (3.5 GB
    and 51 s for 250,000 interactions). Scalars are resolved and constructed as
    ``yaml.safe_load`` does. Refused, as a cassette never needs them: aliases (how a small
    file expands into a huge one), duplicate keys (as in JSON: the document means what the
    parser that reads it chooses), keys that are not scalars, merge keys, and tags other
    than the safe loader's.
    """
    if len(text) > MAX_YAML_BYTES:  # characters: at least as many bytes
        raise YamlError(too_large(len(text)))
    import yaml  # here, not at the top: most checks see no YAML, and start-up counts

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # C version when built
    try:
        return _EventBuilder(yaml).build(loader)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"{problem}{_at(mark)}") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise YamlError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        loader.dispose()


def _at(mark: Any) -> str:
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""


_NO_KEY = object()


class _EventBuilder:
    """Python values from a stream of YAML parser events, with an explicit stack (a deep
    document cannot exhaust Python's recursion; libyaml limits nesting itself)."""

    def __init__(self, yaml: Any) -> None:
        self.yaml = yaml
        self.events = yaml.events
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.default_tags = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

    def build(self, loader: Any) -> Any:
        """The one document of the stream (None when it has none)."""
        events = self.events
        # The root's frame holds the document in a list; each collection's frame holds
        # [container, key awaiting its value (or _NO_KEY), where that key is].
        root: list[Any] = []
        stack: list[list[Any]] = [[root, _NO_KEY, None]]
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is events.ScalarEvent:
                self._place(stack[-1], self._scalar(event), event.start_mark)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                self._check_collection_tag(event)
                container: Any = {} if kind is events.MappingStartEvent else []
                self._place(stack[-1], container, event.start_mark)
                stack.append([container, _NO_KEY, None])
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                stack.pop()
            elif kind is events.AliasEvent:
                raise YamlError(
                    f"YAML aliases (*name) are not allowed in cassettes{_at(event.start_mark)}"
                )
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        f"expected a single document in the stream{_at(event.start_mark)}"
                    )
        return root[0] if root else None

    @staticmethod
    def _place(frame: list[Any], value: Any, mark: Any) -> None:
        container = frame[0]
        if type(container) is list:
            container.append(value)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlError(f"a mapping key that is not a scalar{_at(mark)}")
            frame[1], frame[2] = value, mark
        else:
            key = frame[1]
            if key in container:
                raise YamlError(
                    f"duplicate key {key!r}{_at(frame[2])} (parsers disagree on which value "
                    "wins, so a cassette must not repeat a key)"
                )
            container[key] = value
            frame[1] = _NO_KEY

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(self.yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:str":
            return event.value
        if tag == "tag:yaml.org,2002:merge":
            raise YamlError(f"merge keys (<<) are not allowed in cassettes{_at(event.start_mark)}")
        construct = self.constructor.yaml_constructors.get(tag)
        if construct is None or tag is None:
            raise YamlError(
                f"could not determine a constructor for the tag {tag!r}{_at(event.start_mark)}"
            )
        node = self.yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        return construct(self.constructor, node)

    def _check_collection_tag(self, event: Any) -> None:
        if event.tag not in self.default_tags:
            raise YamlError(
                f"could not determine a constructor for the tag {event.tag!r}"
                f"{_at(event.start_mark)} (cassettes use plain mappings and lists)"
            )


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
    recorded = recorded_request(interaction, method="GET")  # VCR.py may leave GET out
    if recorded is None:
        return None
    interaction, request, method, url = recorded
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
            body=_request_body(request.get("body")),
        ),
        status=expect_status(status.get("code"), "response.status.code", allow_digits=True),
        headers=make_headers(response.get("headers"), "response.headers"),
        origin=origin,
    )
    body = response.get("body")
    if body is None:
        return exchange
    body = expect_object(body, "response.body")
    raw = _body_bytes(body)
    if "truncated_from" in response:
        size = response["truncated_from"]
        kept = f"{len(raw)}" if raw is not None else "part"
        exchange.truncated = f"the cassette kept {kept} of the body's {size} bytes (truncated_from)"
        return exchange
    if raw is not None:
        set_body(exchange, raw, budget)
    return exchange


def _request_body(body: Any) -> bytes | None:
    """The request body: VCR.py's string (or bytes), or Schemathesis' ``{string, encoding}``
    / ``{base64_string}``; None when there is none."""
    if body is None or isinstance(body, bytes):
        return body or None
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass") or None
    body = expect_object(body, "request.body")
    if "string" not in body and "base64_string" not in body:
        return None
    try:
        return _body_bytes(body) or None
    except EntryError as exc:
        raise EntryError(str(exc).replace("response.body", "request.body")) from None


def _body_bytes(body: dict[str, Any]) -> bytes | None:
    """The body bytes from ``base64_string`` or ``string`` (re-encoded with ``encoding``)."""
    if "base64_string" in body:
        encoded = expect_str(body["base64_string"], "response.body.base64_string")
        try:
            return strict_base64(encoded)
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
