"""Write the same exchanges in every capture format `check` reads (for tests).

An exchange here is ``(method, url, status, headers, body bytes)``. Each writer produces the
file a real tool would: a capture list, JSON Lines, HAR 1.2, a VCR.py cassette and a
Schemathesis cassette (bodies as base64 where they are not UTF-8 text).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import yaml

Exchange = tuple[str, str, int, dict[str, str], bytes]

FORMATS = ("capture", "jsonl", "har", "vcr", "schemathesis")


def _text(body: bytes) -> tuple[str, bool]:
    """(text, is_base64) for a body."""
    try:
        return body.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(body).decode("ascii"), True


def _capture(method: str, url: str, status: int, headers: dict[str, str], body: bytes) -> dict:
    text, b64 = _text(body)
    response = {"status": status, "headers": headers, "text": text}
    if b64:
        response["encoding"] = "base64"
    return {"request": {"method": method, "url": url, "headers": {}}, "response": response}


def _har(method: str, url: str, status: int, headers: dict[str, str], body: bytes) -> dict:
    text, b64 = _text(body)
    content = {"size": len(body), "mimeType": headers.get("Content-Type", ""), "text": text}
    if b64:
        content["encoding"] = "base64"
    return {
        "startedDateTime": "2026-11-28T13:43:54.000Z",
        "time": 1,
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": [],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in headers.items()],
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0},
    }


def _vcr(method: str, url: str, status: int, headers: dict[str, str], body: bytes) -> dict:
    return {
        "request": {"body": None, "headers": {}, "method": method, "uri": url},
        "response": {
            "body": {"string": body},  # bytes: VCR.py's !!binary
            "headers": {k: [v] for k, v in headers.items()},
            "status": {"code": status, "message": ""},
        },
    }


def _schemathesis(
    index: int, method: str, url: str, status: int, headers: dict[str, str], body: bytes
) -> dict:
    return {
        "id": f"{index:016x}",
        "status": "SUCCESS",
        "request": {"uri": url, "method": method, "headers": {}},
        "response": {
            "status": {"code": str(status), "message": ""},
            "headers": {k: [v] for k, v in headers.items()},
            "body": {"base64_string": base64.b64encode(body).decode("ascii")},
            "http_version": "1.1",
        },
    }


def write(directory: Path, fmt: str, exchanges: list[Exchange]) -> Path:
    """The exchanges as one file of format ``fmt`` in ``directory``."""
    if fmt == "capture":
        path = directory / "exchanges.json"
        path.write_text(json.dumps([_capture(*e) for e in exchanges]))
    elif fmt == "jsonl":
        path = directory / "exchanges.jsonl"
        path.write_text("".join(json.dumps(_capture(*e)) + "\n" for e in exchanges))
    elif fmt == "har":
        path = directory / "exchanges.har"
        doc = {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}}}
        doc["log"]["entries"] = [_har(*e) for e in exchanges]
        path.write_text(json.dumps(doc))
    elif fmt == "vcr":
        path = directory / "exchanges.yaml"
        doc = {"interactions": [_vcr(*e) for e in exchanges], "version": 1}
        path.write_text(yaml.safe_dump(doc))
    elif fmt == "schemathesis":
        path = directory / "exchanges.st.yaml"
        doc = {
            "command": "st run",
            "recorded_with": "Schemathesis 4.1.4",
            "http_interactions": [_schemathesis(i, *e) for i, e in enumerate(exchanges)],
        }
        path.write_text(yaml.safe_dump(doc))
    else:
        raise ValueError(fmt)
    return path
