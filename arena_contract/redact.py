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
import json
import os
import re
import threading
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from arena_contract.secret_search import Needles, TrackedDict, TrackedSet, cut_pattern

MASK = "[REDACTED]"
#: Header and parameter names whose values are secrets, whatever the value.
SECRET_NAMES = re.compile(
    r"session|password|passwd|secret|token|authorization|cookie|api[-_]?key", re.IGNORECASE
)

#: A piece of a secret this long is a secret too (halves of a password across two fields).
PIECE = 12

#: Each registered secret, with every form it may take in text, longest first.
_secrets: dict[str, tuple[str, ...]]
#: What is searched for in each decoded layer: every secret shorter than PIECE, and every
#: piece of PIECE characters of the longer ones (their union covers any longer piece).
_needles: set[str]
_lock = threading.Lock()


class _Compiled:
    """The registered secrets compiled for searching, and what was already masked with
    them: rebuilt on the first redaction after any change to the registry."""

    def __init__(self, secrets: dict[str, tuple[str, ...]], needles: set[str]) -> None:
        self.forms = tuple(secrets.values())
        self.any_form = Needles(form for forms in self.forms for form in forms)
        self.needles = Needles(needles)
        #: redact_text's answers for short texts (keys, field values, header values: the
        #: same few thousand strings come back in every exchange a run writes).
        self.results: dict[str, str] = {}
        #: Each base64 run's answer (the same run is met again in every decoded layer).
        self.recoded: dict[tuple[str, int], str | None] = {}
        #: Where a long text may be cut into pieces masked one by one.
        self.cuts = cut_pattern(self.needles.needles)
        self.pieces: dict[str, str] = {}


_compiled: _Compiled | None = None


def _changed() -> None:
    global _compiled
    _compiled = None


# The registry drops the compiled search on every change: tests swap the registered secrets
# in place (clear() and update()), a long-lived process only adds to them.
_secrets = TrackedDict(_changed)
_needles = TrackedSet(_changed)


def _search() -> _Compiled | None:
    """The compiled registry (None: no secret registered)."""
    global _compiled
    compiled = _compiled
    if compiled is None:
        with _lock:
            if not _secrets:
                return None
            compiled = _compiled = _Compiled(_secrets, _needles)
    return compiled


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
    # html too (html.entities: about 1 ms).
    import html
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
    compiled = _search()
    if compiled is None:
        return text
    remembered = len(text) <= _REMEMBERED_TEXT
    if remembered and text in compiled.results:
        return compiled.results[text]
    masked = text
    if compiled.any_form.any_in(masked):  # one pass; most texts hold no whole form
        for forms in compiled.forms:
            for form in forms:
                if form in masked:
                    masked = masked.replace(form, MASK)
    masked = _masked_piecewise(masked, compiled)
    if remembered:
        if len(compiled.results) >= _REMEMBERED:
            compiled.results.clear()
        compiled.results[text] = masked
    return masked


#: How many of redact_text's answers are kept, for texts up to how many characters.
_REMEMBERED, _REMEMBERED_TEXT = 8192, 4096
#: Base64 (standard or URL-safe, MIME line breaks allowed) long enough to hide a secret.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}(?:(?:\r?\n)[A-Za-z0-9+/_-]+)*={0,2}")
_LOWER, _UPPER = re.compile("[a-z]"), re.compile("[A-Z]")
#: How deep base64 inside base64 is opened.
_BASE64_DEPTH = 2
_TEXT_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1")


#: Texts longer than this are masked piece by piece, in pieces of at least this size.
_PIECEWISE = 256


def _masked_piecewise(text: str, compiled: _Compiled) -> str:
    """``_masked(text)``, done piece by piece between cuts (cut_pattern) on a long text: each line
    of a report or a HAR file holds one or two families of escapes, so its decodings are a
    few, where the whole text, mixing every family, always has the maximum of layers. The
    same line (a header, a field of every run) is masked once."""
    from arena_contract.unescape import ESCAPE_START

    if len(text) <= 2 * _PIECEWISE or compiled.cuts is None or not ESCAPE_START.search(text):
        return _masked(text, compiled, depth=0)  # without an escape, one layer: no gain
    out, piece = [], ""
    for part in compiled.cuts.split(text):
        piece += part
        if len(piece) >= _PIECEWISE:
            out.append(_masked_piece(piece, compiled))
            piece = ""
    out.append(_masked_piece(piece, compiled))
    return "".join(out)


def _masked_piece(piece: str, compiled: _Compiled) -> str:
    done = compiled.pieces.get(piece)
    if done is None:
        if len(compiled.pieces) >= _REMEMBERED:
            compiled.pieces.clear()
        done = compiled.pieces[piece] = _masked(piece, compiled, depth=0)
    return done


def _masked(text: str, compiled: _Compiled, depth: int) -> str:
    """``text`` with each needle masked in every decoded layer, and base64 runs whose
    decoded text holds one encoded again with it masked."""
    from arena_contract.unescape import layers  # here: only a registered secret needs it

    edits: list[tuple[int, int, str]] = []
    for layer in layers(text):
        decoded = layer.text
        for at, end in compiled.needles.spans(decoded):
            edits.append((*layer.origin(at, end), MASK))
        if depth < _BASE64_DEPTH:
            for match in _BASE64.finditer(decoded):
                run = match.group()
                if not (_LOWER.search(run) and _UPPER.search(run)):
                    continue  # an identifier (a GUID, a word): base64 of text mixes cases
                key = (run, depth + 1)
                if key in compiled.recoded:
                    again = compiled.recoded[key]
                else:
                    again = compiled.recoded[key] = _masked_base64(*key, compiled)
                    if len(compiled.recoded) >= _REMEMBERED:
                        compiled.recoded.clear()
                if again is not None:
                    edits.append((*layer.origin(*match.span()), again))
    return _edited(text, edits) if edits else text


def _masked_base64(run: str, depth: int, compiled: _Compiled) -> str | None:
    """``run`` encoded again with the secrets in its decoded text masked, or None when it
    is no base64 or holds none."""
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
        masked = _masked(decoded, compiled, depth)
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
