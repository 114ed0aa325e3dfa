"""The in-process front: a user's ``requests`` code talking to ``arena()``, and the fixtures."""

from __future__ import annotations

from base64 import b64encode
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import requests

import arena_contract.mock as mock
from arena_contract.mock import DEFAULT_BASE_URL, ArenaMock, FakeClock, MockArena, arena
from arena_contract.mock.fixtures import mock_options


def list_runs(base_url: str, session_id: str, import_guid: str, **params: object) -> dict:
    """What a user's client might look like."""
    response = requests.get(
        f"{base_url}/imports/{import_guid}/runs",
        headers={"arena_session_id": session_id, "Content-Type": "application/json"},
        params=params,
        timeout=5,
    )
    response.raise_for_status()
    return response.json()


def test_requests_code_talks_to_the_mock() -> None:
    with arena(seed=2, clock=FakeClock()) as fake:
        assert fake.base_url == DEFAULT_BASE_URL
        login = requests.post(
            fake.base_url + "/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
            timeout=5,
        )
        session_id = login.json()["arenaSessionId"]
        guid = fake.engine.dataset.definitions[1].guid
        body = list_runs(fake.base_url, session_id, guid, status="ERROR", limit=400)
        assert body["count"] == len(body["results"]) > 0
        assert len(fake.calls) == 2
        with pytest.raises(requests.HTTPError):
            list_runs(fake.base_url, session_id, guid + "%20")


def test_same_bytes_as_the_engine_alone() -> None:
    local = MockArena(seed=3, clock=FakeClock())
    local_auth = {"arena_session_id": local.login()}
    with arena(seed=3, clock=FakeClock()) as fake:
        auth = {"arena_session_id": fake.login()}
        guid = local.dataset.definitions[3].guid
        for target in (f"/imports/{guid}/runs?limit=400", "/imports/bad/runs", "/imports"):
            got = requests.get(fake.base_url + target, headers=auth, timeout=5)
            expected = local.handle("GET", "/v1" + target, local_auth)
            assert (got.status_code, got.content) == (expected.status, expected.body)
            assert dict(got.headers) == dict(expected.headers)


def test_any_base_url_maps_to_the_api_root() -> None:
    with arena("http://arena.test/api/v1/", clock=FakeClock()) as fake:
        assert fake.base_url == "http://arena.test/api/v1"
        auth = {"arena_session_id": fake.login()}
        assert requests.get(fake.base_url + "/imports", headers=auth, timeout=5).ok
        [exchange] = [e for e in fake.exchanges() if e.request.path.endswith("/imports")]
        assert exchange.request.url == "http://arena.test/api/v1/imports"
        with pytest.raises(requests.ConnectionError):  # not under the base URL
            requests.get("http://arena.test/other", timeout=5)


def test_exchanges_hide_the_session_id() -> None:
    with arena(clock=FakeClock()) as fake:
        session_id = fake.login()
        requests.get(
            fake.base_url + "/imports", headers={"arena_session_id": session_id}, timeout=5
        )
        exchange = fake.exchanges()[-1]
        assert exchange.status == 200
        assert session_id not in repr(exchange.request)


def test_no_exchange_shows_a_session_id_in_any_encoding() -> None:
    """The login answers (through the engine and over the front), the requests that carry
    the session and the logout: no session id in any exchange's text, body or repr."""
    with arena(clock=FakeClock()) as fake:
        sessions = [fake.login()]
        answer = requests.post(
            fake.base_url + "/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
            timeout=5,
        )
        sessions.append(answer.json()["arena_session_id"])
        auth = {"arena_session_id": sessions[-1]}
        requests.get(fake.base_url + "/imports", headers=auth, timeout=5)
        requests.put(fake.base_url + "/logout", headers=auth, timeout=5)
        exchanges = fake.exchanges()
    assert [e.request.path for e in exchanges] == ["/v1/login"] * 2 + ["/v1/imports", "/v1/logout"]
    for exchange in exchanges:
        shown = repr(exchange) + repr(exchange.body)
        for session_id in sessions:
            raw = session_id.encode()
            for form in (session_id, quote(session_id, safe=""), b64encode(raw).decode()):
                assert form not in shown
                assert form.encode() not in (exchange.text or b"")
    login = exchanges[0]
    assert login.body["arena_session_id"] == "[REDACTED]"
    assert int(login.headers["Content-Length"]) == len(login.text)


def test_a_short_content_length_truncates_as_on_the_wire() -> None:
    with arena(clock=FakeClock(), drifts=["wrong-content-length"]) as fake:
        guid = fake.engine.dataset.definitions[3].guid
        auth = {"arena_session_id": fake.login()}
        got = requests.get(f"{fake.base_url}/imports/{guid}", headers=auth, timeout=5)
        assert len(got.content) == int(got.headers["Content-Length"])
        assert fake.engine.exchanges()[-1].text != got.content  # the validator sees it all


def test_arena_takes_an_engine_or_options() -> None:
    engine = MockArena(clock=FakeClock())
    with arena(engine=engine) as fake:
        assert fake.engine is engine
    with pytest.raises(TypeError), arena(engine=engine, seed=1):
        pass


def test_arena_mock_fixture(arena_mock: ArenaMock) -> None:
    auth = {"arena_session_id": arena_mock.login()}
    response = requests.get(arena_mock.base_url + "/imports", headers=auth, timeout=5)
    assert response.headers["Date"] == "Tue, 28 Jul 2026 00:00:00 GMT"  # a FakeClock
    arena_mock.engine.clock.advance(90 * 60)
    assert (
        requests.get(arena_mock.base_url + "/imports", headers=auth, timeout=5).status_code == 401
    )


def test_marker_options_reach_the_engine() -> None:
    class Node:
        def __init__(self, marker) -> None:
            self.marker = marker

        def get_closest_marker(self, name: str):
            return self.marker if name == "arena_mock" else None

    options = mock_options(Node(SimpleNamespace(kwargs={"seed": 7, "quota": 3})))
    assert options["seed"] == 7 and options["quota"] == 3
    assert isinstance(options["clock"], FakeClock)
    assert set(mock_options(Node(None))) == {"clock"}


def test_facade_exports_what_it_lists() -> None:
    assert set(mock.__all__) == set(mock._EXPORTS)
    for name in mock.__all__:
        assert getattr(mock, name) is not None
    with pytest.raises(AttributeError):
        mock.no_such_name  # noqa: B018
