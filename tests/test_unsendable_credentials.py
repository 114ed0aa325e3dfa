"""A credential that cannot be sent as it is (a session id with a non-Latin-1 character,
a blank or a newline; an email or password with a control character) is one usage error
at the start (exit 2), not an exception per request; nothing is sent."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.live.settings import SettingsError, resolve
from tests.helpers import run_cli
from tests.hostile import hostile_mock

pytest_plugins = ("pytester",)

URL = "https://api.arenasolutions.com/v1"
#: Session ids no header can carry: non-Latin-1, Latin-1 but not ASCII, blanks, controls.
BAD_SESSIONS = [
    "SESSION-中文-1234",
    "SESSION-é-1234",
    "SESSION-🙂-1234",
    "SESSION 1234",
    "SESSION-1234\nX-Injected: 1",
    "SESSION-12\r34",
    "SESSION\t1234",
    "SESSION-\x7f-1234",
    "SESSION-\u2028-1234",
]
BAD_CREDENTIALS = ["pass\nword", "pass\rword", "pass\x1bword", "pass\x85word"]


def from_env(env: dict[str, str]):
    return resolve(lambda o: None, lambda o: None, {"ARENA_URL": URL, **env})


@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_a_session_id_is_accepted_only_when_a_header_can_carry_it(session_id):
    try:
        settings = from_env({"ARENA_SESSION_ID": session_id})
    except SettingsError as exc:
        assert "ARENA_SESSION_ID" in str(exc) and session_id not in str(exc)
        return
    # Whatever is accepted, requests sends as it is.
    request = requests.Request("GET", URL, headers={"arena_session_id": settings.session_id})
    prepared = request.prepare()
    assert prepared.headers["arena_session_id"].encode("ascii")


@pytest.mark.parametrize("value", BAD_SESSIONS)
def test_unsendable_session_ids_are_refused(value):
    with pytest.raises(SettingsError, match="ARENA_SESSION_ID: a session id is sent in a header"):
        from_env({"ARENA_SESSION_ID": value})


@pytest.mark.parametrize("name", ["ARENA_EMAIL", "ARENA_PASSWORD"])
@pytest.mark.parametrize("value", BAD_CREDENTIALS)
def test_control_characters_in_credentials_are_refused(name, value):
    env = {"ARENA_EMAIL": "a@example.com", "ARENA_PASSWORD": "Password-1", name: value}
    with pytest.raises(SettingsError, match=f"{name} holds a control character"):
        from_env(env)


def test_non_ascii_passwords_are_fine():
    env = {"ARENA_EMAIL": "ä@example.com", "ARENA_PASSWORD": "pässwörd-中文"}
    assert from_env(env).password == "pässwörd-中文"


REFUSED = [
    "arena-contract: ARENA_SESSION_ID: a session id is sent in a header and must be "
    "visible ASCII characters (it holds a blank, a control or a non-ASCII character)"
]


def refused(command: str, url: str, directory, *, fresh: bool) -> tuple[int, str]:
    """``command``'s exit code and standard error with an unsendable session id: in a fresh
    process, or through the real entry point in this one (the same code, no start-up)."""
    argv = [command, "--url", url, *(["--out", str(directory)] if command == "record" else [])]
    ran = run_cli(*argv, env={"ARENA_SESSION_ID": "SESSION-中文-1234"}, fresh=fresh, timeout=60)
    return ran.code, ran.err


# In this process for both commands; in a fresh process (slow) for the probe too.
@pytest.mark.parametrize(
    ("command", "fresh"),
    [("probe", False), ("record", False), pytest.param("probe", True, marks=pytest.mark.slow)],
)
def test_the_commands_refuse_it_in_one_line_and_send_nothing(command, fresh, tmp_path):
    with hostile_mock() as server:
        code, err = refused(command, server.url, tmp_path, fresh=fresh)
    assert code == 2
    assert err.strip().splitlines() == REFUSED
    assert server.requests == []


# In this process (the same plugin code, without a fresh pytest's start-up); in a fresh
# pytest too (slow).
@pytest.mark.parametrize("fresh", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_the_plugin_refuses_it_as_a_usage_error(pytester, monkeypatch, fresh):
    monkeypatch.setenv("ARENA_SESSION_ID", "SESSION-é-1234")
    with hostile_mock() as server:
        args = (f"--arena-url={server.url}", "-p", "no:cacheprovider")
        run = pytester.runpytest_subprocess if fresh else pytester.runpytest_inprocess
        result = run(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*arena-contract: ARENA_SESSION_ID: a session id is sent*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert server.requests == []
