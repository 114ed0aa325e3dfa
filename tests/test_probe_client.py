"""The live client and session: Exchanges out, no redirects followed, one-line errors,
one login and one logout, secrets masked."""

from __future__ import annotations

import socket

import pytest
import requests
import responses

from arena_contract.live.budget import Budget, BudgetExhausted
from arena_contract.live.client import ArenaClient, ArenaTimeout, ArenaUnreachable, segment
from arena_contract.live.session import ArenaSession, LoginFailed
from arena_contract.redact import MASK
from arena_contract.suite.judge import judge

BASE = "https://arena.test/v1"
EMAIL, PASSWORD = "probe-client@example.com", "Client-Secret-3381"
USERS = {EMAIL: PASSWORD}


def client(base: str = BASE, **budget: int) -> ArenaClient:
    return ArenaClient(
        base, Budget(budget.get("max_requests", 50), budget.get("floor", 0)), timeout=(2, 2)
    )


def logins(server) -> list[str]:
    return [
        e.request.url.rsplit("/", 1)[1]
        for e in server.arena.exchanges()
        if e.request.url.endswith(("/login", "/logout"))
    ]


@pytest.mark.arena_mock(users=USERS)
def test_an_answer_is_an_exchange_with_the_session_masked(arena_server):
    c = client(arena_server.url)
    session = ArenaSession(c, email=EMAIL, password=PASSWORD)
    session.ensure()
    exchange = c.get("/imports", part="discovery")
    assert exchange.status == 200 and isinstance(exchange.body, dict)
    assert exchange.request.headers["arena_session_id"] == MASK
    assert exchange.text and exchange.headers["Server"] == "ArenaSolutions"
    session.close()
    assert session.logins == 1 and session.logged_out
    assert logins(arena_server) == ["login", "logout"]


@pytest.mark.arena_mock(users=USERS)
def test_a_malformed_guid_is_sent_as_given(arena_server):
    c = client(arena_server.url)
    ArenaSession(c, email=EMAIL, password=PASSWORD).ensure()
    exchange = c.get(f"/imports/{segment('ABCDEFGHIJKLMNOPQRST ')}/runs", part="essential")
    assert exchange.request.url.endswith("/imports/ABCDEFGHIJKLMNOPQRST%20/runs")
    assert exchange.status == 400 and judge(exchange).ok


@pytest.mark.arena_mock(users=USERS)
def test_a_refused_login_is_one_line_and_never_retried(arena_server):
    c = client(arena_server.url)
    session = ArenaSession(c, email=EMAIL, password="wrong-password-1")
    for _ in range(2):
        with pytest.raises(LoginFailed) as caught:
            session.ensure()
        assert str(caught.value).startswith("login refused: HTTP 400, code 4001")
    session.close()
    assert logins(arena_server) == ["login"]
    assert c.budget.reserved == 0


def test_the_session_id_may_come_as_arenaSessionId():
    with responses.RequestsMock() as mock:
        mock.post(f"{BASE}/login", json={"arenaSessionId": "Camel-Secret-7781|"})
        mock.get(f"{BASE}/imports", json={"count": 0, "results": []})
        c = client()
        ArenaSession(c, email=EMAIL, password=PASSWORD).ensure()
        c.get("/imports", part="discovery")
        assert mock.calls[1].request.headers["arena_session_id"] == "Camel-Secret-7781|"


def test_a_redirect_is_not_followed_and_is_a_finding():
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/imports", status=302, headers={"Location": "https://evil.test/x"})
        c = client()
        c.session_id = "Redirect-Secret-1"
        exchange = c.get("/imports", part="discovery")
        assert len(mock.calls) == 1  # nothing went to evil.test
    verdict = judge(exchange)
    assert verdict.errors[0].rule == "probe.redirect"
    assert "https://evil.test/x" in verdict.errors[0].message


def test_an_html_answer_is_a_finding_not_a_crash():
    with responses.RequestsMock() as mock:
        mock.get(
            f"{BASE}/imports/ABCDEFGHIJKLMNOPQRST/runs",
            body="<html>Maintenance</html>",
            content_type="text/html",
            status=503,
        )
        exchange = client().get(
            "/imports/ABCDEFGHIJKLMNOPQRST/runs", part="essential", session=None
        )
    rules = {f.rule for f in judge(exchange).errors}
    assert "body.json" in rules and "header.content-type" in rules


def test_connection_refused_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ArenaUnreachable) as caught:
        client(f"http://127.0.0.1:{port}/v1").get("/imports", part="discovery")
    assert str(caught.value) == f"cannot connect to 127.0.0.1:{port}: Connection refused"


@pytest.mark.parametrize(
    ("error", "kind", "text"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), ArenaTimeout, "read timeout"),
        (requests.exceptions.ConnectTimeout("x"), ArenaTimeout, "no answer within 2 s"),
        (
            requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"),
            ArenaUnreachable,
            "certificate verification failed",
        ),
    ],
)
def test_timeouts_and_tls_errors_are_one_line(error, kind, text):
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/imports", body=error)
        c = client()
        c.session_id = "Timeout-Secret-1"
        with pytest.raises(kind) as caught:
            c.get("/imports", part="discovery")
    assert text in str(caught.value) and "\n" not in str(caught.value)
    assert "Timeout-Secret-1" not in str(caught.value)


def test_the_budget_is_asked_before_sending():
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/imports", json={"count": 0, "results": []})
        c = client(max_requests=1)
        c.get("/imports", part="discovery")
        with pytest.raises(BudgetExhausted):
            c.get("/imports", part="discovery")
        assert len(mock.calls) == 1
