"""Keeping secrets out of everything the tool prints or writes.

Two layers: by name (headers and query parameters that carry sessions or passwords are
always masked), and by value (every secret the tool was given is registered with
``register_secret`` and masked wherever it appears, also URL-encoded or base64-encoded).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import re
import threading
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape as xml_escape

MASK = "[REDACTED]"
#: Header and parameter names whose values are secrets, whatever the value.
SECRET_NAMES = re.compile(
    r"session|password|passwd|secret|token|authorization|cookie|api[-_]?key", re.IGNORECASE
)

#: Each registered secret, with every form it may take in text, longest first.
_secrets: dict[str, tuple[str, ...]] = {}
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` (and its encoded forms) in everything redacted from now on."""
    if value and len(value) >= 4:  # a tiny value would mask ordinary text
        forms = tuple(sorted(_forms(value), key=len, reverse=True))
        with _lock:
            _secrets.setdefault(value, forms)


def known_secrets() -> list[str]:
    """The registered secrets (for a last scan of what a run wrote)."""
    with _lock:
        return list(_secrets)


def _forms(secret: str) -> set[str]:
    """``secret`` as it may appear once encoded: URL, base64, JSON (ASCII or not), XML and
    HTML (text and attributes), Python repr. Masking the decoded value before encoding is
    the rule; these forms are the last line of defence for text already encoded."""
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
    """``text`` with every registered secret masked, in plain and encoded forms."""
    with _lock:
        all_forms = list(_secrets.values())
    for forms in all_forms:
        for form in forms:
            if form in text:
                text = text.replace(form, MASK)
    return text


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
    """``data`` (a body that is not UTF-8 text) with every registered secret masked in its
    UTF-8 and Latin-1 encodings."""
    for secret in known_secrets():
        for encoding in ("utf-8", "latin-1"):
            try:
                form = secret.encode(encoding)
            except UnicodeEncodeError:
                continue
            data = data.replace(form, MASK.encode())
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
