"""The mock Arena over real HTTP on loopback: same bytes as in-process, concurrent, robust."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import orjson
import pytest
import requests

from arena_contract.mock import FakeClock, MockArena, RunningServer, serve_in_thread


def session(server: RunningServer) -> dict[str, str]:
    response = requests.post(
        server.url + "/login",
        json={"email": "integration@example.com", "password": "arena-mock"},
        timeout=5,
    )
    assert response.status_code == 200
    return {"arena_session_id": response.json()["arena_session_id"]}


def raw_request(server: RunningServer, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes no HTTP client would, and read the whole reply (the server closes)."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as conn:
        conn.sendall(request)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("iso-8859-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


def test_server_url_and_login(arena_server: RunningServer) -> None:
    assert arena_server.url.startswith("http://127.0.0.1:")
    assert arena_server.url.endswith("/v1")
    auth = session(arena_server)
    response = requests.get(arena_server.url + "/imports", headers=auth, timeout=5)
    assert response.status_code == 200
    assert response.json()["count"] == 5


def test_server_sends_the_engines_bytes_and_headers() -> None:
    """The same request sequence gives the same bytes over HTTP as in-process."""
    local = MockArena(seed=4, clock=FakeClock())
    local_auth = {"arena_session_id": local.login()}
    with serve_in_thread(seed=4, clock=FakeClock()) as server:
        auth = session(server)
        guid = local.dataset.definitions[3].guid
        for target in (
            f"/imports/{guid}/runs?limit=400",
            f"/imports/{guid}",
            "/imports/L3N6PX663K3K3HOBOOT0%20/runs",
            f"/imports/{guid}/runs?creator.fullName=%E6%9D%8E%E4%BC%9F",
        ):
            over_http = requests.get(server.url + target, headers=auth, timeout=5)
            in_process = local.handle("GET", "/v1" + target, local_auth)
            assert over_http.status_code == in_process.status
            assert over_http.content == in_process.body
            sent = {k: v for k, v in over_http.headers.items() if k != "Connection"}
            assert sent == dict(in_process.headers)


def test_headers_are_arenas_only_and_length_is_in_bytes(arena_server: RunningServer) -> None:
    guid = arena_server.arena.dataset.definitions[3].guid  # a non-ASCII name
    status, headers, body = raw_request(
        arena_server,
        f"GET /v1/imports/{guid} HTTP/1.1\r\nHost: x\r\narena_session_id: "
        f"{arena_server.arena.login()}\r\n\r\n".encode(),
    )
    assert status == 200
    assert int(headers["Content-Length"]) == len(body) > len(body.decode("utf-8"))
    assert headers["Server"] == "ArenaSolutions"  # not werkzeug's, and only once
    assert headers["Date"] == "Tue, 28 Jul 2026 00:00:00 GMT"  # the engine's clock


def test_session_expiry_follows_the_engines_clock(arena_server: RunningServer) -> None:
    auth = session(arena_server)
    arena_server.arena.clock.advance(90 * 60)
    response = requests.get(arena_server.url + "/imports", headers=auth, timeout=5)
    assert response.status_code == 401


def test_concurrent_requests_are_all_answered_and_counted() -> None:
    with serve_in_thread(clock=FakeClock(), quota=1000) as server:
        auth = session(server)
        guids = [d.guid for d in server.arena.dataset.definitions]

        def ask(i: int) -> tuple[int, int, str]:
            target = f"/imports/{guids[i % 5]}/runs?offset={i % 200}&limit=3"
            response = requests.get(server.url + target, headers=auth, timeout=10)
            expected = [r["number"] for r in server.arena.dataset.definitions[i % 5].runs]
            offset = i % 200
            assert [r["number"] for r in response.json()["results"]] == expected[
                offset : offset + 3
            ]
            return (
                response.status_code,
                int(response.headers["X-Arena-Requests-Remaining"]),
                response.headers["Content-Length"],
            )

        # A few hundred clients at once, each on its own connection (a fresh request each).
        with ThreadPoolExecutor(max_workers=300) as pool:
            answers = list(pool.map(ask, range(600)))
    assert {status for status, _, _ in answers} == {200}
    # Each request was counted once, atomically: 1000 - 600 (a login is not counted), every
    # value seen once.
    assert sorted(left for _, left, _ in answers) == list(range(400, 1000))
    assert server.arena.quota.used == 600  # the login is not counted


@pytest.mark.parametrize(
    ("request_line", "status", "code"),
    [
        (b"GET /v1/imports?status=%FF HTTP/1.1", 400, 400),
        (b"GET /v1/imports?status=\xff\xfe HTTP/1.1", 400, 400),
        (b"GET /v1/imports?status=%G1 HTTP/1.1", 400, 400),
        (b"GET /v1/imports/\xff\xfe/runs HTTP/1.1", 400, 3011),
        (b"GET /v1/imports/%ZZ/runs HTTP/1.1", 400, 3011),
        (b"GET /v1/imports?limit=" + b"9" * 10_000 + b" HTTP/1.1", 400, 400),
        (b"GET /nowhere HTTP/1.1", 404, 404),
        (b"BREW /v1/imports HTTP/1.1", 405, 405),
        (b"DELETE /v1/imports HTTP/1.1", 405, 405),
    ],
)
def test_malformed_requests_get_arena_errors(
    arena_server: RunningServer,
    request_line: bytes,
    status: int,
    code: int,
) -> None:
    login = arena_server.arena.login().encode()
    sent = request_line + b"\r\nHost: x\r\narena_session_id: " + login + b"\r\n\r\n"
    got_status, headers, body = raw_request(arena_server, sent)
    assert got_status == status
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    assert int(headers["Content-Length"]) == len(body)
    assert orjson.loads(body)["errors"][0]["code"] == code
    if status == 405:
        assert headers["Allow"] == "GET, POST"  # GET /imports, POST /imports


def test_oversized_request_lines_do_not_break_the_server(arena_server: RunningServer) -> None:
    status, _, _ = raw_request(
        arena_server, b"GET /v1/imports?x=" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n"
    )
    assert status == 414  # http.server's own refusal, before the app
    assert requests.get(arena_server.url + "/imports", timeout=5).status_code == 401


def test_login_body_over_http(arena_server: RunningServer) -> None:
    bad = requests.post(arena_server.url + "/login", data=b"{not json", timeout=5)
    assert (bad.status_code, bad.json()["errors"][0]["code"]) == (400, 400)
    wrong = requests.post(
        arena_server.url + "/login", json={"email": "x@example.com", "password": "y"}, timeout=5
    )
    assert (wrong.status_code, wrong.json()["errors"][0]["code"]) == (400, 4001)
    chunked = requests.post(
        arena_server.url + "/login",
        data=iter([b'{"email": "integration@example.com", ', b'"password": "arena-mock"}']),
        timeout=5,
    )
    assert chunked.status_code == 200


def test_serve_in_thread_takes_an_engine_or_options() -> None:
    engine = MockArena(clock=FakeClock(), seed=3)
    with serve_in_thread(engine) as server:
        assert server.arena is engine
    with pytest.raises(TypeError), serve_in_thread(engine, seed=3):
        pass
