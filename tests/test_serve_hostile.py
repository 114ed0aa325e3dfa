"""`serve` against hostile clients: its log shows no password and no session id in any
encoding, a password need not be on the command line, idle sockets are closed, and a
malformed chunked body gets Arena's JSON 400 (no HTML 500, no traceback)."""

from __future__ import annotations

import base64
import json
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, quote_plus

import pytest
import requests

from arena_contract.mock import serve_in_thread
from tests.helpers import run_cli, start_cli
from tests.test_echoed_secrets import generated_passwords, leaks

EMAIL = "serve@example.com"


@contextmanager
def serve(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """A running `arena-contract serve`: its URL, and (after the block) its stderr lines."""
    process = start_cli("serve", *args, env=env)
    said: list[str] = []
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://"), process.stderr.read()
        while not said or "Ctrl-C to stop" not in said[-1]:  # serving from now on
            said.append(process.stderr.readline())
        yield url, said
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        said += err.splitlines()
    assert process.returncode == 0


def encodings(secret: str) -> list[str]:
    """``secret`` as a client might put it in a path or a query value."""
    raw = secret.encode()
    return [
        quote(secret, safe=""),
        quote(quote(secret, safe=""), safe=""),
        quote_plus(secret),
        quote(base64.b64encode(raw).decode(), safe=""),
        base64.urlsafe_b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "".join(f"%{b:02X}" for b in raw),
    ]


@pytest.mark.parametrize("password", generated_passwords(2, seed=21))
def test_the_request_log_shows_no_password_or_session_id(password):
    with serve("--user", EMAIL, env={"ARENA_MOCK_PASSWORD": password}) as (url, said):
        login = requests.post(
            f"{url}/login", json={"email": EMAIL, "password": password}, timeout=10
        )
        session = login.json()["arena_session_id"]
        auth = {"arena_session_id": session}
        for secret in (session, password):
            for form in encodings(secret):
                requests.get(f"{url}/imports/{form}", headers=auth, timeout=10)
                requests.get(f"{url}/imports?limit=3&q={form}", headers=auth, timeout=10)
                requests.get(f"{url}/imports?{form}", headers=auth, timeout=10)
        requests.put(f"{url}/logout", headers=auth, timeout=10)
    log = "\n".join(said)
    assert "GET /v1/imports" in log  # the request log is there
    problems = leaks(log, password) + leaks(log, session)
    for secret in (session, password):
        problems += [f"sent form {form!r}" for form in encodings(secret) if form in log]
    assert not problems, problems


def test_a_password_on_the_command_line_is_warned_about_and_one_from_the_environment_is_not():
    with serve("--user", f"{EMAIL}:Flag-Password-1") as (url, said):
        pass
    assert any("ps and shell history show it" in line for line in said)
    with serve("--user", EMAIL, env={"ARENA_MOCK_PASSWORD": "Env-Password-1"}) as (url, said):
        login = requests.post(
            f"{url}/login", json={"email": EMAIL, "password": "Env-Password-1"}, timeout=10
        )
        assert login.status_code == 200
    assert not any("warning" in line for line in said)


def test_a_user_without_a_password_is_one_usage_error():
    no_password = {"ARENA_MOCK_PASSWORD": None}
    done = run_cli("serve", "--user", EMAIL, env=no_password, fresh=True, timeout=60)
    assert done.code == 2 and done.out == ""
    assert done.err.strip().splitlines() == [
        f"arena-contract serve: --user {EMAIL} needs a password: set ARENA_MOCK_PASSWORD"
    ]


def test_idle_sockets_are_closed_so_they_cannot_pile_up():
    with serve_in_thread(idle_timeout=0.5) as server:
        port = int(server.url.split(":")[2].split("/")[0])
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
        stalled = socket.create_connection(("127.0.0.1", port))
        stalled.sendall(b"GET /v1/imports HTTP/1.1\r\nHost: x\r\n")  # never finished
        try:
            for sock in [*idle, stalled]:
                sock.settimeout(30)
            closed = [sock.recv(1) == b"" for sock in idle]  # a timeout here: still held
            assert all(closed)
            said = b""
            while chunk := stalled.recv(65536):
                said += chunk
            assert said == b"" or b" 408 " in said
            assert requests.get(f"{server.url}/imports", timeout=10).status_code == 401
        finally:
            for sock in [*idle, stalled]:
                sock.close()


#: Chunked bodies that do not parse: bad sizes, a missing CRLF, a size too large to read.
BAD_CHUNKED = [
    b"ZZZ\r\n{}\r\n0\r\n\r\n",
    b"-5\r\n{}\r\n0\r\n\r\n",
    b"2\r\n{}XX0\r\n\r\n",
    b"FFFFFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
    b"\r\n\r\n",
    b"2;ext=\xff\r\n{}\r\n0\r\n\r\n",
]


def test_a_malformed_chunked_login_body_gets_arenas_json_400(caplog):
    # The server logs as `serve` does; a short idle timeout ends the wait for the
    # petabyte chunk the client announced and never sends.
    caplog.set_level("INFO", logger="werkzeug")
    with serve_in_thread(idle_timeout=2, quiet=False) as server:
        port = int(server.url.split(":")[2].split("/")[0])
        answers = []
        for body in BAD_CHUNKED:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
                sock.sendall(
                    b"POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body
                )
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            answers.append(answer)
    for body, answer in zip(BAD_CHUNKED, answers, strict=True):
        head, _, payload = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400 "), (body, answer[:300])
        assert json.loads(payload)["status"] == 400
    logged = caplog.text  # werkzeug logs a crashed request as "Error on request" + traceback
    assert "POST /v1/login" in logged
    assert "Traceback" not in logged and "Error on request" not in logged, logged
