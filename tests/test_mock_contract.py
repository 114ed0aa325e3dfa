"""What the mock sends passes the project's own validator, through every front.

Many generated requests (every filter, paging values good and bad, malformed and
unknown GUIDs, missing and dead sessions, login, logout, the quota running out)
go through the engine in-process, the ``responses`` front and the HTTP server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import orjson
import pytest
import requests

from arena_contract import validate_exchange, vocabulary  # public exports: missing, this file fails
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.mock import Dataset, FakeClock, MockArena, arena, serve_in_thread
from arena_contract.redact import safe_headers

GOOD = "L3N6PX663K3K3HOBOOT0"
BAD_GUIDS = [GOOD + "%20", GOOD.lower(), GOOD[:19], GOOD + "Z", "L3N6PX663K3K-HOBOOT0", "%ZZ"]
LOGIN = orjson.dumps({"email": "integration@example.com", "password": "arena-mock"})

# (method, target under /v1, send the session?, body)
Call = tuple[str, str, bool, bytes]


def run_list_queries(data: Dataset) -> Iterator[str]:
    yield ""
    for status in (*vocabulary.RUN_STATUSES, "QUEUED", "complete"):
        yield f"?status={status}"
    for number in ("1", "14", "9999", "-3", "abc", "1.5"):
        yield f"?number={number}"
    person = data.people[1]  # Zoë Müller
    for name in ("guid", "email", "fullName"):
        yield "?" + urlencode({f"creator.{name}": person[name]})
    yield "?creator.fullName=%E6%9D%8E%E4%BC%9F&status=COMPLETE"
    for paging in (
        "limit=1",
        "limit=400",
        "offset=400&limit=400",
        "offset=800&limit=400",
        "offset=5000",
        "limit=401",
        "limit=0",
        "limit=x",
        "offset=-1",
        "offset=x",
        "status=ERROR&offset=3&limit=7",
    ):
        yield "?" + paging


def calls(data: Dataset) -> list[Call]:
    out: list[Call] = [("POST", "/login", False, LOGIN), ("GET", "/imports", True, b"")]
    out.append(("GET", "/imports?offset=2&limit=2", True, b""))
    for definition in data.definitions:
        runs = f"/imports/{definition.guid}/runs"
        out.append(("GET", f"/imports/{definition.guid}", True, b""))
        out += [("GET", runs + query, True, b"") for query in run_list_queries(data)]
        for run in definition.runs[:2] + definition.runs[-2:]:
            out.append(("GET", f"{runs}/{run['guid']}", True, b""))
        out += [("GET", f"{runs}/{bad}", True, b"") for bad in BAD_GUIDS[:2]]
        out.append(("GET", f"{runs}/{GOOD}", True, b""))
    for bad in BAD_GUIDS:
        out += [("GET", f"/imports/{bad}/runs", True, b""), ("GET", f"/imports/{bad}", True, b"")]
    out += [("GET", f"/imports/{GOOD}/runs", True, b""), ("GET", f"/imports/{GOOD}", True, b"")]
    guid = data.definitions[0].guid
    out += [
        ("GET", f"/imports/{guid}/runs", False, b""),
        ("GET", f"/imports/{BAD_GUIDS[0]}/runs", False, b""),  # 401 comes before the GUID
        ("DELETE", f"/imports/{guid}/runs", True, b""),  # 405 with Allow
        ("POST", "/login", False, b'{"email": "integration@example.com", "password": "no"}'),
        ("GET", "/nothing-here", True, b""),
        ("PUT", "/logout", True, b""),
        ("GET", f"/imports/{guid}/runs", True, b""),  # the session is over now
    ]
    return out


def exchange_from(response: requests.Response) -> Exchange:
    """A response received by ``requests``, as the validator reads it."""
    request = response.request
    headers = Headers(safe_headers(list(request.headers.items())))
    try:
        body, error = orjson.loads(response.content), None
    except orjson.JSONDecodeError as exc:
        body, error = None, str(exc)
    return Exchange(
        Request(request.method or "GET", request.url or "", headers),
        response.status_code,
        Headers(response.headers.items()),
        response.content,
        body,
        error,
    )


def through_requests(base_url: str, script: list[Call]) -> list[Exchange]:
    exchanges, session_id = [], ""
    for method, target, with_session, body in script:
        headers = {"Content-Type": "application/json"}
        if with_session:
            headers["arena_session_id"] = session_id
        response = requests.request(
            method, base_url + target, headers=headers, data=body, timeout=10
        )
        if target == "/login" and response.ok:
            session_id = response.json()["arena_session_id"]
        exchanges.append(exchange_from(response))
    return exchanges


def in_process(engine: MockArena, script: list[Call]) -> list[Exchange]:
    session_id = ""
    for method, target, with_session, body in script:
        headers = {"arena_session_id": session_id} if with_session else {}
        response = engine.handle(method, "/v1" + target, headers, body)
        if target == "/login" and response.status == 200:
            session_id = response.json()["arena_session_id"]
    return engine.exchanges()


def over_responses(engine: MockArena, script: list[Call]) -> list[Exchange]:
    with arena(engine=engine) as fake:
        return through_requests(fake.base_url, script)


def over_http(engine: MockArena, script: list[Call]) -> list[Exchange]:
    with serve_in_thread(engine) as server:
        return through_requests(server.url, script)


FRONTS: dict[str, Callable[[MockArena, list[Call]], list[Exchange]]] = {
    "engine": in_process,
    "responses": over_responses,
    "http": over_http,
}


def assert_all_conform(exchanges: list[Exchange]) -> None:
    failures = []
    for exchange in exchanges:
        report = validate_exchange(exchange)
        if not report.ok:
            where = f"{exchange.request.method} {exchange.request.url} -> {exchange.status}"
            failures += [f"{where}: {f.rule}: {f.message}" for f in report.errors]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("front", FRONTS)
@pytest.mark.parametrize("count_reading", ["total", "page"])
def test_everything_the_mock_sends_conforms(front: str, count_reading: str) -> None:
    engine = MockArena(seed=11, clock=FakeClock(), count_reading=count_reading, history=10_000)
    script = calls(engine.dataset)
    exchanges = FRONTS[front](engine, script)
    assert len(exchanges) == len(script) > 200
    assert {e.status for e in exchanges} >= {200, 400, 401, 404}
    assert_all_conform(exchanges)


@pytest.mark.parametrize("front", FRONTS)
def test_the_quota_refusal_conforms(front: str) -> None:
    engine = MockArena(clock=FakeClock(), quota=3)
    guid = engine.dataset.definitions[1].guid
    script: list[Call] = [("POST", "/login", False, LOGIN)]
    script += [("GET", f"/imports/{guid}/runs", True, b"")] * 4
    exchanges = FRONTS[front](engine, script)
    # The login is not counted (api_licensing.md): three lists, then the refusal.
    assert [e.status for e in exchanges] == [200, 200, 200, 200, 429]
    assert_all_conform(exchanges)
