"""HAR 1.2 (browser devtools, mitmproxy, Charles, proxies): ``log.entries[]``.

Only entries whose method and URL path name an operation of the contract
(paths.CONTRACT_REQUESTS) are kept; a browser session records everything else too (including
OPTIONS preflights on the same URLs). Entries are checked only as far as this needs, so a
malformed entry for some other URL does not make the file unreadable.

Decisions:

* ``response.status`` 0 is how Chrome records a request that got no response (blocked,
  cancelled, network error): there is nothing to check, so the entry is skipped.
* ``content.text`` is the body after Content-Encoding was undone, so ``Exchange.text`` is
  the decoded bytes (the header rules skip Content-Length when Content-Encoding is set).
  ``encoding: "base64"`` marks a base64 body.
* No ``content.text``: devtools did not keep the body (Chrome drops some; Playwright's
  ``content: "omit"``, or ``"attach"``, which writes it to a file beside the HAR named in
  ``_file``). That is an exchange with ``truncated`` saying so, one note (body.recorded),
  not a finding against the server; unless ``content.size`` is 0, as for an empty body,
  which is then judged as one.
* A body the recorder cut (Schemathesis' ``content.comment`` "Body truncated: N of M bytes
  recorded", or ``content.size`` over the bytes kept) is an exchange with ``truncated``:
  one note (body.recorded), the prefix not judged as JSON nor against Content-Length. So
  is a binary body it kept as text, its undecodable bytes replaced by U+FFFD and its
  length no longer ``content.size`` (``capture.lossy_text``).
* Header lists keep duplicates; ``Headers`` joins them the way HTTP does.
* A bad entry is a problem naming ``entries[i]``; the good entries are still returned.

A large HAR is not parsed whole but streamed (stream.py), with the same ``entry_exchange``.
"""

from __future__ import annotations

import re
from typing import Any

from arena_contract.captures.capture import (
    CaptureError,
    EntryError,
    Loaded,
    clipped,
    decode_text,
    expect_object,
    expect_status,
    expect_str,
    is_contract_request,
    make_headers,
    set_body,
)
from arena_contract.captures.inflate import InflationBudget
from arena_contract.exchange import Exchange, Request


def is_har(doc: Any) -> bool:
    return isinstance(doc, dict) and "log" in doc


def read_har(doc: dict[str, Any], *, path: str) -> Loaded:
    """The contract exchanges of a HAR document; raises CaptureError if it has no entries list."""
    log = doc.get("log")
    if not isinstance(log, dict):
        raise CaptureError(f"{path}: HAR file has no log object")
    entries = log.get("entries")
    if not isinstance(entries, list):
        raise CaptureError(f"{path}: HAR file has no log.entries list")
    loaded = Loaded()
    for index, entry in enumerate(entries):
        where = f"entries[{index}]"
        loaded.add(f"{path}: {where}", entry_exchange, entry, origin=f"{path}#{where}")
    return loaded


def entry_exchange(
    entry: Any, *, origin: str, budget: InflationBudget | None = None
) -> Exchange | None:
    """One entry's Exchange, None when it is not for the contract or got no response.

    Raises EntryError for an entry it cannot use. Also used by the streaming reader.
    """
    entry = expect_object(entry, "the entry")
    request = expect_object(entry.get("request"), "request")
    url = expect_str(request.get("url"), "request.url")
    method = expect_str(request.get("method", "GET"), "request.method")
    if not is_contract_request(method, url):
        return None
    response = expect_object(entry.get("response"), "response")
    status = expect_status(response.get("status"), "response.status")
    if status == 0:
        return None
    exchange = Exchange(
        request=Request(
            method=method,
            url=url,
            headers=make_headers(request.get("headers"), "request.headers"),
            **posted(request.get("postData")),
        ),
        status=status,
        headers=make_headers(response.get("headers"), "response.headers"),
        origin=origin,
    )
    content = response.get("content")
    if content is not None and not isinstance(content, dict):
        raise EntryError("response.content is not an object")
    text = content.get("text") if content else None
    if text is None:
        exchange.truncated = unrecorded_body(content or {})
        if exchange.truncated is None:
            set_body(exchange, b"", budget)  # the empty body it recorded
        return exchange
    raw = decode_text(text, content.get("encoding"), "response.content")
    exchange.truncated = recorded_part(content, raw, exchange)
    if exchange.truncated is None:
        set_body(exchange, raw, budget, size=content.get("size"))
    return exchange


def posted(data: Any) -> dict[str, Any]:
    """A request's ``postData``: its text as the body, or its ``params`` as form fields
    (a browser that split a multipart form and kept no text); nothing when it has neither."""
    if data is None:
        return {}
    data = expect_object(data, "request.postData")
    text = data.get("text")
    if isinstance(text, str) and text:
        return {"body": text.encode("utf-8", "surrogatepass")}
    params = data.get("params")
    if isinstance(params, list) and params:
        form = []
        for param in params:
            param = expect_object(param, "request.postData.params[]")
            name = expect_str(param.get("name"), "request.postData.params[].name")
            value = param.get("fileName") or param.get("value") or ""
            form.append((name, value if isinstance(value, str) else str(value)))
        return {"form": tuple(form)}
    return {}


#: Schemathesis' mark on a body it kept a prefix of (its ``content.comment``).
_SCHEMATHESIS_CUT = re.compile(r"Body truncated: (\d+) of (\d+) bytes recorded")


def unrecorded_body(content: dict[str, Any]) -> str | None:
    """Why an entry with no ``content.text`` holds no body, as ``Exchange.truncated``; None
    when ``content.size`` says the body was empty (0 bytes, nothing kept in a file)."""
    size, kept_in = content.get("size"), content.get("_file")
    if type(size) is int and size == 0 and not kept_in:
        return None
    what = f"the body's {size} bytes" if type(size) is int and size > 0 else "the body"
    where = (
        f" (it is in {clipped(kept_in, 80)!r} beside the HAR)" if isinstance(kept_in, str) else ""
    )
    return f"the HAR holds none of {what}: no content.text{where}"


def recorded_part(content: dict[str, Any], raw: bytes, exchange: Exchange) -> str | None:
    """How much of the body the HAR kept, when it kept only part of it; else None.

    Schemathesis says so in ``content.comment``; otherwise ``content.size`` (HAR 1.2: the
    body's length, after any Content-Encoding was undone) larger than the bytes kept says
    it, unless the body is still encoded (a recorder that kept the compressed bytes)."""
    comment = content.get("comment")
    found = _SCHEMATHESIS_CUT.search(comment) if isinstance(comment, str) else None
    if found:
        return f"the HAR kept {found[1]} of the body's {found[2]} bytes ({found[0]})"
    size = content.get("size")
    encoded = exchange.headers is not None and exchange.headers.get("Content-Encoding")
    if type(size) is int and size > len(raw) and not encoded:
        return f"the HAR kept {len(raw)} of the body's {size} bytes (content.size)"
    return None
