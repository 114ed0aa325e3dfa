"""Keeping secrets out of everything the tool prints or writes.

Two layers: by name (headers and query parameters that carry sessions or passwords are
always masked), and by value (every secret the tool was given is registered with
``register_secret`` and masked wherever it appears, also URL-encoded or base64-encoded).
"""

from __future__ import annotations

import base64
import re
import threading
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

MASK = "[REDACTED]"
#: Header and parameter names whose values are secrets, whatever the value.
SECRET_NAMES = re.compile(
    r"session|password|passwd|secret|token|authorization|cookie|api[-_]?key", re.IGNORECASE
)

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` (and its encoded forms) in everything redacted from now on."""
    if value and len(value) >= 4:  # a tiny value would mask ordinary text
        with _lock:
            _secrets.add(value)


def _forms(secret: str) -> set[str]:
    raw = secret.encode("utf-8")
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
        base64.b64encode(raw).decode().rstrip("="),
    }


def redact_text(text: str) -> str:
    """``text`` with every registered secret masked, in plain, URL- and base64-encoded forms."""
    with _lock:
        secrets = list(_secrets)
    for secret in secrets:
        for form in sorted(_forms(secret), key=len, reverse=True):
            if form in text:
                text = text.replace(form, MASK)
    return text


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
