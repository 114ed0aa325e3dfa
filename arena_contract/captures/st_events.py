"""Schemathesis' NDJSON report (``schemathesis run --report ndjson``): its event stream.

One JSON object per line, each one event: ``{"Initialize": {..., "schemathesis_version"}}``
first, then ``{"ScenarioStarted": ...}``, ``{"ScenarioFinished": ...}`` and so on. The
exchanges are in each ``ScenarioFinished``'s ``recorder.interactions``, by test case:
``{"request": {"method", "uri", "headers", "body"?}, "response": {"status_code",
"headers", "content", "elapsed", "content_size"?}}``, headers as lists of values and bytes
as ``{"$base64": ...}``. Every other event holds no exchange and is passed over.

What the report leaves out (Schemathesis 4's ``reporting/ndjson.py``): each response's
``Date`` header (so its rule does not judge it: ``UNRECORDED``), a few request headers
(User-Agent, Accept, Content-Length...) and, for a body kept only in part, the rest
(``content_size`` then gives the whole size: the body is one ``body.recorded`` warning).
"""

from __future__ import annotations

import binascii
from typing import Any

from arena_contract.captures.capture import (
    EntryError,
    Loaded,
    clipped,
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

FORMAT = "schemathesis-ndjson"
#: Response headers the report never keeps.
UNRECORDED = frozenset({"date"})
#: The longest test case id shown in an origin or a message.
_CASE_CHARACTERS = 40


def is_event_stream(first: Any) -> bool:
    """Whether ``first``, a file's first record, is Schemathesis' ``Initialize`` event."""
    start = first.get("Initialize") if isinstance(first, dict) else None
    return isinstance(start, dict) and "schemathesis_version" in start


def add_event(item: Any, *, label: str, origin: str, loaded: Loaded) -> None:
    """The exchanges of one event (a line) added to ``loaded``; its problems, by ``label``."""
    if not isinstance(item, dict) or len(item) != 1:
        loaded.problems.append(f"{label}: not a Schemathesis event (one name and its data)")
        return
    scenario = item.get("ScenarioFinished")
    if scenario is None:
        return  # an event without exchanges: started, finished, a phase, a warning...
    try:
        recorder = expect_object(
            expect_object(scenario, "ScenarioFinished").get("recorder"), "recorder"
        )
        interactions = expect_object(recorder.get("interactions", {}), "recorder.interactions")
    except EntryError as exc:
        loaded.problems.append(f"{label}: {exc}")
        return
    for case, interaction in interactions.items():
        case = clipped(case, _CASE_CHARACTERS)  # Schemathesis' ids have six letters
        loaded.add(
            f"{label}: interaction {case}",
            _interaction_exchange,
            interaction,
            origin=f"{origin}/{case}",
        )


def _interaction_exchange(
    interaction: Any, *, origin: str, budget: InflationBudget
) -> Exchange | None:
    recorded = recorded_request(interaction)
    if recorded is None:
        return None
    interaction, request, method, url = recorded
    response = interaction.get("response")
    if response is None:
        return None  # the request got no response (a network error): nothing to judge
    response = expect_object(response, "response")
    exchange = Exchange(
        request=Request(
            method=method,
            url=url,
            headers=make_headers(request.get("headers"), "request.headers"),
            body=_bytes(request.get("body"), "request.body") or None,
        ),
        status=expect_status(response.get("status_code"), "response.status_code"),
        headers=make_headers(response.get("headers"), "response.headers"),
        origin=origin,
        unrecorded=UNRECORDED,
    )
    raw = _bytes(response.get("content"), "response.content")
    kept = len(raw) if raw is not None else 0
    size = response.get("content_size", kept)  # written only for a body kept in part
    if type(size) is not int or size < 0:
        raise EntryError("response.content_size is not a number of bytes")
    if size > kept:
        exchange.truncated = f"the report kept {kept} of the body's {size} bytes (content_size)"
    elif raw is not None:
        set_body(exchange, raw, budget)
    return exchange


def _bytes(value: Any, where: str) -> bytes | None:
    """Bytes written as ``{"$base64": ...}``; None for none."""
    if value is None:
        return None
    encoded = expect_str(expect_object(value, where).get("$base64"), f"{where}.$base64")
    try:
        return strict_base64(encoded)
    except (binascii.Error, ValueError):
        raise EntryError(f"{where}.$base64 is not valid base64") from None
