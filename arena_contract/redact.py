"""Keeping secrets out of everything the tool prints or writes.

Two layers: by name (headers and query parameters that carry sessions or passwords are
always masked), and by value (every secret the tool was given is registered with
``register_secret`` and masked wherever it appears, in any representation).

By value, one mechanism: a text is decoded in layers (arena_contract/unescape.py:
percent-encoding of any case and any subset of bytes, repeated; JSON and Python escapes;
JSON-pointer ``~0``/``~1``; HTML references), every layer is searched for each secret and
for every piece of 12 characters of it (so a secret cut across fields leaves nothing
usable), and the characters that encode a match are masked in the original text. Runs that
look like base64 are decoded, read as text in the encodings a body may have (UTF-8,
UTF-16, UTF-32, Latin-1), masked the same way and encoded again.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

MASK = "[REDACTED]"
#: Header and parameter names whose values are secrets, whatever the value.
SECRET_NAMES = re.compile(
    r"session|password|passwd|secret|token|authorization|cookie|api[-_]?key", re.IGNORECASE
)

#: A piece of a secret this long is a secret too (halves of a password across two fields).
PIECE = 12

#: Each registered secret, with every form it may take in text, longest first.
_secrets: dict[str, tuple[str, ...]] = {}
#: What is searched for in each decoded layer: every secret shorter than PIECE, and every
#: piece of PIECE characters of the longer ones (their union covers any longer piece).
_needles: set[str] = set()
#: Past this many needles, a text is scanned once, window by window, against the set of
#: pieces, instead of once per needle (a long-lived process, a test run, registers many).
_SCAN_ABOVE = 300
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` (and its encoded forms) in everything redacted from now on."""
    if value and len(value) >= 4:  # a tiny value would mask ordinary text
        forms = tuple(sorted(_forms(value), key=len, reverse=True))
        with _lock:
            if value not in _secrets:
                _secrets[value] = forms
                _needles.update(_pieces(value))


def _pieces(secret: str) -> set[str]:
    # A form encoder turns a blank into "+": "+" decodes to nothing else in our layers.
    variants = {secret, secret.replace(" ", "+")}
    return {
        v[i : i + PIECE] if len(v) > PIECE else v
        for v in variants
        for i in range(max(len(v) - PIECE + 1, 1))
    }


def known_secrets() -> list[str]:
    """The registered secrets (for a last scan of what a run wrote)."""
    with _lock:
        return list(_secrets)


def _forms(secret: str) -> set[str]:
    """``secret`` as it may appear once encoded: URL, base64, JSON (ASCII or not), XML and
    HTML (text and attributes), Python repr. Masking the decoded value before encoding is
    the rule; these forms are the last line of defence for text already encoded."""
    # Here, not at the top: xml.sax.saxutils imports urllib.request, http.client, ssl and
    # socket (about 10 ms of every `check`'s start-up), and only a registered secret needs it.
    from xml.sax.saxutils import escape as xml_escape

    raw = secret.encode("utf-8")
    b64 = base64.b64encode(raw).decode()
    forms = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        b64,
        b64.rstrip("="),
        base64.urlsafe_b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        xml_escape(secret),
        xml_escape(secret, {'"': "&quot;", "'": "&apos;"}),
        xml_escape(secret, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}),
        html.escape(secret),
        repr(secret)[1:-1],
        ascii(secret)[1:-1],
    }
    return {form for form in forms if len(form) >= 4}


def redact_text(text: str) -> str:
    """``text`` with every registered secret (and every piece of 12 characters of one)
    masked, in whatever representation it takes (see the module)."""
    with _lock:
        all_forms = list(_secrets.values())
        needles = tuple(_needles)
    if not all_forms:
        return text
    for forms in all_forms:
        for form in forms:
            if form in text:
                text = text.replace(form, MASK)
    return _masked(text, needles, depth=0)


#: Base64 (standard or URL-safe, MIME line breaks allowed) long enough to hide a secret.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}(?:(?:\r?\n)[A-Za-z0-9+/_-]+)*={0,2}")
_LOWER, _UPPER = re.compile("[a-z]"), re.compile("[A-Z]")
#: How deep base64 inside base64 is opened.
_BASE64_DEPTH = 2
_TEXT_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1")


def _masked(text: str, needles: tuple[str, ...], depth: int) -> str:
    """``text`` with each needle masked in every decoded layer, and base64 runs whose
    decoded text holds one encoded again with it masked."""
    from arena_contract.unescape import layers

    edits: list[tuple[int, int, str]] = []
    for layer in layers(text):
        decoded = layer.text
        for at, end in _found(decoded, needles):
            edits.append((*layer.origin(at, end), MASK))
        if depth < _BASE64_DEPTH:
            for match in _BASE64.finditer(decoded):
                again = _masked_base64(match.group(), needles, depth + 1)
                if again is not None:
                    edits.append((*layer.origin(*match.span()), again))
    return _edited(text, edits) if edits else text


def _found(text: str, needles: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where each needle is in ``text``: one search per needle when they are few, else
    one pass over ``text`` looking each window of PIECE characters up in the pieces."""
    if len(needles) <= _SCAN_ABOVE:
        for needle in needles:
            at = text.find(needle)
            while at >= 0:
                yield at, at + len(needle)
                at = text.find(needle, at + 1)
        return
    pieces, shorts = _split(needles)
    for needle in shorts:  # a short secret, whole
        at = text.find(needle)
        while at >= 0:
            yield at, at + len(needle)
            at = text.find(needle, at + 1)
    for at in range(len(text) - PIECE + 1):
        if text[at : at + PIECE] in pieces:
            yield at, at + PIECE


_splits: dict[int, tuple[frozenset[str], tuple[str, ...]]] = {}


def _split(needles: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The needles of PIECE characters as a set, and the shorter ones; kept while the
    registry (which only grows) has as many needles."""
    found = _splits.get(len(needles))
    if found is None:
        found = (
            frozenset(n for n in needles if len(n) == PIECE),
            tuple(n for n in needles if len(n) < PIECE),
        )
        _splits.clear()
        _splits[len(needles)] = found
    return found


def _masked_base64(run: str, needles: tuple[str, ...], depth: int) -> str | None:
    """``run`` encoded again with the secrets in its decoded text masked, or None when it
    is no base64 or holds none."""
    if not (_LOWER.search(run) and _UPPER.search(run)):
        return None  # an identifier (a GUID, a word), not encoded text: base64 of text mixes cases
    compact = re.sub(r"\s+", "", run).rstrip("=")
    urlsafe = "-" in compact or "_" in compact
    try:
        data = base64.b64decode(
            compact + "=" * (-len(compact) % 4),
            altchars=b"-_" if urlsafe else None,
            validate=True,
        )
    except ValueError:
        return None
    if len(data) < 4:
        return None
    for encoding in _TEXT_ENCODINGS:
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        masked = _masked(decoded, needles, depth)
        if masked != decoded:
            encoded = masked.encode("utf-16" if encoding == "utf-16" else encoding, "replace")
            again = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(encoded)
            return again.decode("ascii")
    return None


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) applied. Of two base64 runs re-encoded
    one inside the other (a MIME blob seen whole in one layer, line by line in another),
    the outer one stands; any other overlap becomes one mask."""
    edits.sort(key=lambda edit: (edit[0], -edit[1]))
    merged: list[list[Any]] = []
    for start, end, replacement in edits:
        last = merged[-1] if merged else None
        if last is not None and start < last[1]:
            inner_recoding = end <= last[1] and MASK not in (replacement, last[2])
            if not inner_recoding:
                last[1], last[2] = max(last[1], end), MASK
        elif last is not None and start == last[1] and replacement == MASK == last[2]:
            last[1] = end  # adjacent masks: one
        else:
            merged.append([start, end, replacement])
    out, done = [], 0
    for start, end, replacement in merged:
        out += [text[done:start], replacement]
        done = end
    out.append(text[done:])
    return "".join(out)


def mask_value(value: Any) -> Any:
    """``value`` (a decoded JSON value, a finding's value) with every registered secret
    masked in its strings, keys included: done before a value is encoded or clipped, so
    that no escaped form and no fragment of a secret can survive."""
    if not _secrets:
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {mask_value(k): mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_value(item) for item in value)
    return value


def redact_bytes(data: bytes) -> bytes:
    """``data`` (a body that is not UTF-8 text) with every registered secret masked,
    whichever text encoding it is in (UTF-8, UTF-16, UTF-32 with or without a byte order
    mark, Latin-1): read in each, masked as text, and encoded again in the same one."""
    if not _secrets:
        return data
    for encoding in _TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        masked = redact_text(text)
        if masked != text:
            data = masked.encode("utf-16" if encoding == "utf-16" else encoding, "replace")
    return data


def scrub_file(path: str | os.PathLike[str]) -> None:
    """The last line of defence: mask every registered secret, in every encoded form, in a
    file already written (a JUnit XML report, a HAR file). Quiet when the file is gone."""
    if not _secrets:
        return
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as file:
            text = file.read()
    except OSError:
        return
    masked = redact_text(text)
    if masked != text:
        from arena_contract.safe_files import UnusableFile, write_atomic

        with contextlib.suppress(UnusableFile):
            write_atomic(path, masked.encode("utf-8", "surrogateescape"))


_SECRET_PARAM = re.compile(r"(?P<name>[\w.\-]+)=(?P<value>[^&\s\"'#]*)")


def mask_secret_params(text: str) -> str:
    """Free text (a log line, a request line) with the values of secret-named
    ``name=value`` parameters masked, wherever they stand in it."""
    return _SECRET_PARAM.sub(
        lambda m: f"{m['name']}={MASK}" if is_secret_name(m["name"]) else m[0], text
    )


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAMES.search(name))


def safe_url(url: str) -> str:
    """A URL fit to print: no user info, secret-named query values masked, secrets masked."""
    try:
        parts = urlsplit(url)
        netloc = parts.hostname or ""
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(is_secret_name(name) for name, _ in pairs):
                query = urlencode([(n, MASK if is_secret_name(n) else v) for n, v in pairs])
        url = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        pass  # an unparsable URL is printed as it is, still with the secrets masked
    return redact_text(url)


def safe_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(n, MASK if is_secret_name(n) else redact_text(v)) for n, v in headers]


def redact_json(value: Any) -> tuple[Any, bool]:
    """``value`` with every value under a secret-looking key masked, and whether any was.

    A login answer carries the session id under ``arena_session_id`` / ``arenaSessionId``,
    a login request the password: masked by name here, whatever the value.
    """
    if isinstance(value, dict):
        changed = False
        out = {}
        for key, item in value.items():
            if isinstance(key, str) and is_secret_name(key) and item is not None:
                out[key], changed = MASK, True
            else:
                out[key], inner = redact_json(item)
                changed = changed or inner
        return out, changed
    if isinstance(value, list):
        items = [redact_json(item) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    return value, False
