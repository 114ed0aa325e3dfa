"""What public clients of Arena do that Arena's pages do not show (docs/assumptions.md, "seen in
clients"): OAuth client_credentials tokens sent as ``Authorization: Bearer``, an
``Arena-Usage-Reason`` header, ``workspaceId`` as digits in a string; and arena-contract's
--token / ARENA_TOKEN, masked like a session id."""

from __future__ import annotations

import json
import os

import orjson
import pytest
import requests

from arena_contract.cli import main
from arena_contract.live.settings import SettingsError, resolve
from arena_contract.mock import (
    DEFAULT_EMAIL,
    DEFAULT_PASSWORD,
    FakeClock,
    MockArena,
    arena,
    serve_in_thread,
)

FORM = {
    "grant_type": "client_credentials",
    "client_id": DEFAULT_EMAIL,
    "client_secret": DEFAULT_PASSWORD,
}


def settings_from_env():
    environ = {**os.environ, "ARENA_URL": "https://api.arenasolutions.com/v1"}
    return resolve(lambda option: None, lambda option: None, environ)


@pytest.fixture
def clean_env(monkeypatch):
    for name in [n for n in os.environ if n.startswith("ARENA_")]:
        monkeypatch.delenv(name)


@pytest.mark.parametrize("encoding", ["form", "json"])
def test_the_mock_issues_client_credentials_tokens_and_takes_them_as_bearer(encoding):
    engine = MockArena(clock=FakeClock())
    with arena(engine=engine) as mock:
        sent = {"data": FORM} if encoding == "form" else {"json": FORM}
        answer = requests.post(f"{mock.base_url}/oauth/token", **sent, timeout=10)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] == 90 * 60
        bearer = {"Authorization": f"Bearer {body['access_token']}"}
        listed = requests.get(f"{mock.base_url}/imports", headers=bearer, timeout=10)
        assert listed.status_code == 200 and listed.json()["count"] == 5
        # a token request is a login: not counted
        assert listed.headers["X-Arena-Requests-Remaining"] == str(engine.quota.limit - 1)
        out = requests.put(f"{mock.base_url}/logout", headers=bearer, timeout=10)
        assert out.status_code == 200
        assert requests.get(f"{mock.base_url}/imports", headers=bearer).status_code == 401


@pytest.mark.parametrize(
    "form",
    [
        {**FORM, "client_secret": "wrong"},
        {**FORM, "grant_type": "password"},
        {k: v for k, v in FORM.items() if k != "client_id"},
    ],
)
def test_a_bad_token_request_is_refused_in_arenas_form(form):
    engine = MockArena(clock=FakeClock())
    answer = engine.handle("POST", "/v1/oauth/token", (), orjson.dumps(form))
    assert answer.status == 400 and answer.json()["errors"][0]["code"] == 4001


@pytest.mark.parametrize(
    ("workspace", "status"),
    [(123456789, 200), ("123456789", 200), ("12345678a", 400), ("", 400), (True, 400)],
)
def test_the_login_takes_workspace_id_as_digits_in_a_string(workspace, status):
    engine = MockArena(clock=FakeClock())
    body = {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD, "workspaceId": workspace}
    answer = engine.handle(
        "POST", "/v1/login", {"Content-Type": "application/json"}, orjson.dumps(body)
    )
    assert answer.status == status


def test_token_and_session_id_exclude_each_other(clean_env, monkeypatch):
    monkeypatch.setenv("ARENA_TOKEN", "tok")
    monkeypatch.setenv("ARENA_SESSION_ID", "sid")
    with pytest.raises(SettingsError, match="either"):
        settings_from_env()


@pytest.mark.parametrize("token", ["has space", "tab\there", "ünïcode"])
def test_an_unsendable_token_is_refused_before_any_request(clean_env, monkeypatch, token):
    monkeypatch.setenv("ARENA_TOKEN", token)
    with pytest.raises(SettingsError, match="token"):
        settings_from_env()


def test_probe_with_a_token_sends_it_as_bearer_with_the_usage_reason(
    clean_env, monkeypatch, tmp_path, capsys
):
    engine = MockArena(clock=FakeClock())
    token = engine.handle("POST", "/v1/oauth/token", (), orjson.dumps(FORM)).json()["access_token"]
    monkeypatch.setenv("ARENA_TOKEN", token)
    monkeypatch.setenv("ARENA_USAGE_REASON", "nightly contract check")
    report = tmp_path / "probe.json"
    with serve_in_thread(engine) as server:
        code = main(
            ["probe", "--url", server.url, "--examples", "0", "--format", "json", "-o", str(report)]
        )
        log = engine.exchanges(server.url)
    said = capsys.readouterr()
    assert code == 0, said.out + said.err
    requests_sent = [e.request for e in log if not e.request.url.endswith("/oauth/token")]
    assert not [r for r in requests_sent if r.url.endswith(("/login", "/logout"))]
    for request in requests_sent:
        headers = {name.lower(): value for name, value in request.headers.items()}
        if "authorization" in headers:  # the mock's log masks it, as every log does
            assert token not in headers["authorization"]
        assert headers.get("arena-usage-reason") == "nightly contract check"
    authorized = [r for r in requests_sent if "authorization" in {n.lower() for n in r.headers}]
    assert len(authorized) >= len(requests_sent) - 3  # all but the no-session probes
    everything = said.out + said.err + report.read_text(encoding="utf-8")
    assert token not in everything
    assert json.loads(report.read_text(encoding="utf-8"))["ok"] is True


@pytest.mark.parametrize(
    "host",
    [
        "https://api.arenagov.com/v1",
        "https://api.europe.arenaplm.com/v1",
        "https://api.uk.arenaplm.com/v1",
        "https://api.arenaplm.cn/v1",
    ],
)
def test_drift_compares_one_workspace_recorded_through_different_hosts(host):
    """api_format.md's regional bases: the same answers through another host are no drift."""
    from arena_contract.drift import drift, infer
    from arena_contract.exchange import Exchange

    engine = MockArena(clock=FakeClock())
    session = engine.login()
    guid = engine.dataset.definitions[1].guid
    for target in ("/v1/imports", f"/v1/imports/{guid}/runs", f"/v1/imports/{guid}/runs?limit=5"):
        engine.handle("GET", target, {"arena_session_id": session})
    here: list[Exchange] = engine.exchanges("https://api.arenasolutions.com/v1")
    there: list[Exchange] = engine.exchanges(host)
    assert {e.request.url.split("/v1")[0] for e in there} == {host.removesuffix("/v1")}
    assert drift(infer(here), infer(there)).changes == []


def test_the_plugin_takes_the_token_as_it_takes_a_session_id():
    """--arena-token and ARENA_TOKEN for pytest, never an ini key (a secret), as the session id."""
    from arena_contract.live.options import OPTIONS

    by_name = {option.name: option for option in OPTIONS}
    token, session = by_name["token"], by_name["session-id"]
    assert (token.flag, token.env, token.ini) == ("--arena-token", "ARENA_TOKEN", None)
    assert token.secret and session.secret
    reason = by_name["usage-reason"]
    assert (reason.flag, reason.env, reason.ini) == (
        "--arena-usage-reason",
        "ARENA_USAGE_REASON",
        "arena_usage_reason",
    )
