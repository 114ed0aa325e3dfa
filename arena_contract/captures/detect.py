"""Which capture format a file is, from its content (file names lie; stdin has none).

JSON is tried first (orjson fails fast on YAML). A JSON document is, in this order:
HAR (``log``), a cassette saved as JSON (``interactions``/``http_interactions``), a capture
(``request`` and ``response``), an array holding captures, or else a raw body. JSON that
stops after a first line which is itself an object is JSON Lines. Text that is not JSON
and does not start like JSON (``{``/``[``) is read as YAML, which must be a cassette.

A large input is not parsed whole when its start says it is a HAR (``starts_like_har``): it
is streamed instead (captures/stream.py).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from arena_contract.captures import cassette
from arena_contract.captures.capture import CaptureError, is_capture
from arena_contract.captures.cassette import YamlError, cassette_dialect, load_yaml
from arena_contract.captures.har import is_har
from arena_contract.captures.lines import jsonl_kind
from arena_contract.captures.st_events import FORMAT as EVENTS_FORMAT
from arena_contract.jsonload import (
    JsonError,
    check_encoding,
    parse_checked,
    parse_json,
    utf8_error,
)

# A top-level cassette key: the file was meant as a cassette, so only the YAML error matters.
_CASSETTE_KEY = re.compile(rb"^(?:http_)?interactions:", re.MULTILINE)
_UTF8_BOM = b"\xef\xbb\xbf"

FORMATS = ("body", "capture", "jsonl", "har", "vcr", "schemathesis-vcr", EVENTS_FORMAT)

#: The first key of a shape summary (``arena-contract infer``).
SHAPE_MARKER = "arena-contract-shape"
SHAPE_SUMMARY = "shape-summary"
BASELINE = "baseline"

#: Files told by content that hold no capture but may well sit among captures:
#: arena-contract's own (a shape summary or a baseline next to its recording, a hook given
#: every .json) and the reports Schemathesis writes beside its HAR, cassette and NDJSON
#: report. Every subcommand skips them there with the same note (``passed_over_note``);
#: ``drift`` reads a shape summary named on its own.
PASSED_OVER = {
    SHAPE_SUMMARY: "a shape summary (arena-contract infer)",
    BASELINE: "a baseline of known findings (--write-baseline)",
    "schemathesis-report": "Schemathesis' JSON run report (--report json)",
    "wfc-report": "a Web Fuzzing Commons report (Schemathesis' --report wfc)",
    "allure-result": "an Allure test result (Schemathesis' --report allure)",
}


# The keys that tell them (each file's own, none an answer of Arena's has).
_SCHEMATHESIS_REPORT = frozenset({"schemathesis_version", "operations"})
_WFC_REPORT = frozenset({"schemaVersion", "toolName", "faults"})
_ALLURE_RESULT = frozenset({"uuid", "historyId", "status"})  # one test's result
_ALLURE_CONTAINER = frozenset({"uuid", "children"})  # a group of tests


def passed_over_note(path: str, kind: str) -> str:
    return f"{path}: {PASSED_OVER[kind]} among captures; skipped"


def shape_summary_note(path: str) -> str:
    return passed_over_note(path, SHAPE_SUMMARY)


def _passed_over_kind(document: Any) -> str | None:
    """Which of the files ``PASSED_OVER`` ``document`` is, if any: by keys no response of
    Arena's has."""
    if not isinstance(document, dict):
        return None
    if SHAPE_MARKER in document:
        return SHAPE_SUMMARY
    keys = document.keys()
    if keys >= _SCHEMATHESIS_REPORT:
        return "schemathesis-report"
    if keys >= _WFC_REPORT:
        return "wfc-report"
    if keys >= _ALLURE_RESULT or keys >= _ALLURE_CONTAINER:
        return "allure-result"
    from arena_contract.config.baseline import FORMAT

    return BASELINE if document.get("format") == FORMAT else None


@dataclass
class Detected:
    """The format's name and the parsed document (None for JSON Lines, read line by line)."""

    format: str
    document: Any


def detect(data: bytes, *, path: str) -> Detected:
    """Parse ``data`` just enough to name its format; raise CaptureError when it is unreadable."""
    try:
        text = check_encoding(data, origin=path)
    except JsonError as exc:
        raise CaptureError(str(exc)) from None
    try:
        document = parse_checked(text, origin=path)
    except JsonError as exc:
        json_error = exc
    else:
        if (description := _description(document)) is not None:
            raise CaptureError(f"{path}: {description}, not a capture of a response")
        return Detected(_json_format(document), document)
    start = text.lstrip()[:1]
    if json_error.kind == "trailing" and isinstance(first := _first_line(text, path), dict):
        return Detected(jsonl_kind(first), None)
    if start in (b"{", b"[") or json_error.kind not in ("syntax", "constant", "trailing"):
        raise CaptureError(str(json_error)) from None
    return _yaml(text, path, json_error)


def starts_like_har(head: bytes) -> bool:
    """True when ``head``, the first bytes of an input, starts a JSON object whose ``"log"``
    key holds an object, as a HAR does: after an optional UTF-8 byte order mark and
    whitespace, ``{`` and, before ``head`` ends, a top-level ``"log": {``.

    The key must be seen at the top level (not merely some ``"log"`` in the text), so a body
    that holds a "log" object deeper down is not taken for a HAR.
    """
    import ijson  # only large inputs come here

    text = head.removeprefix(_UTF8_BOM).lstrip(b" \t\r\n")
    if not text.startswith(b"{"):
        return False
    events = ijson.utils.sendable_list()
    # use_float: without it, ijson's C backend crashes on an integer over 4300 digits.
    parser = ijson.parse_coro(events, use_float=True)
    # Not closed: the head stops in the middle of the document. After an error, what was
    # parsed before it still counts.
    with contextlib.suppress(ijson.JSONError, ValueError):
        parser.send(text)
    return any(prefix == "log" and event == "start_map" for prefix, event, _ in events)


def _description(document: Any) -> str | None:
    """What ``document`` is when it describes an API rather than answering from one (the
    contract's own files, exported beside recordings): judged as a body, each would be a
    run list missing all its fields."""
    if not isinstance(document, dict):
        return None
    if "$schema" in document:
        return "a JSON Schema"
    if ("openapi" in document or "swagger" in document) and "paths" in document:
        return "an OpenAPI description"
    return None


def _json_format(document: Any) -> str:
    own = _passed_over_kind(document)
    if own is not None:
        return own
    if is_har(document):
        return "har"
    dialect = cassette_dialect(document)
    if dialect is not None:
        return dialect
    if is_capture(document):
        return "capture"
    if isinstance(document, list) and any(is_capture(item) for item in document):
        return "capture"
    return "body"


def _first_line(text: bytes, path: str) -> Any:
    """The first line of ``text``, parsed; None when it is not JSON."""
    first = text.lstrip().split(b"\n", 1)[0]
    try:
        return parse_json(first, origin=path)
    except JsonError:
        return None


def _yaml(text: bytes, path: str, json_error: JsonError) -> Detected:
    """Not JSON: a YAML cassette, or an error saying what it is not."""
    if len(text) > cassette.MAX_YAML_BYTES:  # before decoding it: one line, at once
        what = "YAML cassette" if _CASSETTE_KEY.search(text, 0, 64 * 1024) else "YAML"
        raise CaptureError(f"{path}: unreadable {what}: {cassette.too_large(len(text))}")
    bad_bytes = utf8_error(text, origin=path)
    if bad_bytes is not None:
        raise CaptureError(str(bad_bytes))
    try:
        document = load_yaml(text.decode("utf-8"))
    except YamlError as exc:
        if _CASSETTE_KEY.search(text):
            raise CaptureError(f"{path}: unreadable YAML cassette: {exc}") from None
        raise CaptureError(
            f"{path}: neither JSON ({json_error.detail}) nor valid YAML ({exc})"
        ) from None
    if document is None:
        raise CaptureError(f"{path}: empty YAML document (no cassette in it)")
    dialect = cassette_dialect(document)
    if dialect is None:
        raise CaptureError(
            f"{path}: not JSON ({json_error.detail}), and as YAML not a cassette "
            "(no 'interactions' or 'http_interactions' key)"
        )
    return Detected(dialect, document)
