"""Writing exchanges as a HAR 1.2 file, secrets redacted, ready for ``arena-contract check``.

Redaction is by name (the ``arena_session_id`` header, ``password`` and session fields in
JSON bodies, cookies) and by value (every registered secret, also URL- or base64-encoded),
in the URL, the headers and both bodies. A body is kept byte for byte unless it held a
secret, so the Content-Length rule still applies to what ``check`` reads back.
Each entry carries a ``comment`` naming the probe, and ``_part``, the suite part it was for.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from arena_contract._version import __version__
from arena_contract.live.client import Sent
from arena_contract.redact import (
    mask_value,
    redact_bytes,
    redact_json,
    redact_text,
    safe_headers,
    safe_url,
)
from arena_contract.safe_files import UnusableFile, write_atomic


class HarRecorder:
    """Collects entries as requests are answered; ``write`` saves them in one file."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, sent: Sent) -> None:
        entry = _entry(sent)
        with self._lock:
            self.entries.append(entry)

    def document(self) -> dict[str, Any]:
        with self._lock:
            entries = list(self.entries)
        return {
            "log": {
                "version": "1.2",
                "creator": {"name": "arena-contract", "version": __version__},
                "pages": [],
                "entries": entries,
            }
        }

    def write(self, directory: Path, *, stem: str = "arena-contract") -> Path:
        """Write ``directory/<stem>-<UTC time>.har`` (never overwriting, nor through a link)
        and return its path; raises UnusableFile."""
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UnusableFile(exc.strerror or str(exc)) from None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        text = redact_text(json.dumps(self.document(), ensure_ascii=False, indent=1))
        for n in itertools.count(1):
            path = directory / (f"{stem}-{stamp}.har" if n == 1 else f"{stem}-{stamp}-{n}.har")
            try:
                write_atomic(path, text, replace=False)  # escaped forms masked too
            except FileExistsError:
                continue
            return path
        raise AssertionError("unreachable")


def _entry(sent: Sent) -> dict[str, Any]:
    exchange = sent.exchange
    assert exchange.request is not None and exchange.headers is not None
    url = safe_url(exchange.request.url)
    request: dict[str, Any] = {
        "method": exchange.request.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(sent.request_headers),
        "queryString": [
            {"name": n, "value": v}
            for n, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        ],
        "headersSize": -1,
        "bodySize": len(sent.request_body) if sent.request_body is not None else 0,
    }
    if sent.request_body is not None:
        request["postData"] = {"mimeType": "application/json", "text": _body(sent.request_body)[0]}
    text, encoding = _body(exchange.text or b"")
    content: dict[str, Any] = {
        "size": len(exchange.text or b""),
        "mimeType": exchange.headers.get("Content-Type", ""),
        "text": text,
    }
    if encoding:
        content["encoding"] = encoding
    return {
        "startedDateTime": sent.started.isoformat(timespec="milliseconds"),
        "time": round(sent.elapsed_ms, 3),
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": sent.response.reason or "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(list(exchange.headers.items())),
            "content": content,
            "redirectURL": safe_url(exchange.headers.get("Location", "")),
            "headersSize": -1,
            "bodySize": len(exchange.text or b""),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(sent.elapsed_ms, 3), "receive": 0},
        "comment": redact_text(sent.label),
        "_part": sent.part,
    }


def _headers(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": n, "value": v} for n, v in safe_headers(pairs)]


def _body(data: bytes) -> tuple[str, str | None]:
    """(text, encoding) for HAR: UTF-8 text as is, other bytes as base64; secrets masked in
    the decoded values (by name and by value) before anything is encoded again."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(redact_bytes(data)).decode("ascii"), "base64"
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return redact_text(text), None
    by_name, changed = redact_json(parsed)
    masked = mask_value(by_name)
    if changed or masked != parsed:  # re-serialised only when a secret had to go
        text = json.dumps(masked, ensure_ascii=False)
    return redact_text(text), None
