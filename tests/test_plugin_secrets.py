"""No secret in anything a run prints or writes: terminal, JUnit XML, HAR, in plain,
URL-encoded or base64 form. Real subprocesses, so nothing is masked by this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CANARY_PASSWORD, CANARY_SESSION, assert_clean

pytest_plugins = ("pytester",)

EMAIL = "canary@example.com"


def everything(result, *directories: Path) -> str:
    texts = [result.stdout.str(), result.stderr.str()]
    for directory in directories:
        texts += [p.read_text(encoding="utf-8") for p in directory.rglob("*") if p.is_file()]
    return "\n".join(texts)


# Slow (CI runs it): a fresh pytest. Its twin in the quick run is
# test_echoed_secrets.py::test_the_plugin_leaks_no_echoed_secret[in-process]: a login run of
# the plugin with findings printed (-rA -v), a HAR file and JUnit XML, against answers that
# echo the password back in every escaped form, checked for the password and every session id.
@pytest.mark.slow
@pytest.mark.arena_mock(users={EMAIL: CANARY_PASSWORD}, drifts=["null-creator"])
def test_a_login_run_leaks_neither_password_nor_session(pytester, arena_server, monkeypatch):
    monkeypatch.setenv("ARENA_EMAIL", EMAIL)
    monkeypatch.setenv("ARENA_PASSWORD", CANARY_PASSWORD)
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        f"--arena-url={arena_server.url}",
        f"--arena-record={out / 'har'}",
        f"--junitxml={out / 'junit.xml'}",
        "--arena-examples=2",
        "--arena-max-imports=1",
        "-rA",
        "-v",
        "-p",
        "no:cacheprovider",
    )
    assert result.ret == 1  # the drift makes it fail: failure messages are written too
    har = list((out / "har").glob("*.har"))
    assert len(har) == 1 and (out / "junit.xml").is_file()
    text = everything(result, out)
    assert "schema.type" in text and "POST" in har[0].read_text()
    assert_clean(text, CANARY_PASSWORD)


@pytest.mark.arena_mock(users={EMAIL: CANARY_PASSWORD})
def test_a_session_id_and_a_password_flag_do_not_leak(pytester, arena_server, monkeypatch):
    monkeypatch.setenv("ARENA_SESSION_ID", CANARY_SESSION)
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        f"--arena-url={arena_server.url}",
        f"--arena-record={out}",
        f"--junitxml={out / 'junit.xml'}",
        f"--arena-email={EMAIL}",
        f"--arena-password={CANARY_PASSWORD}",
        "--arena-examples=1",
        "--arena-max-imports=1",
        "-rA",
        "-v",
        "-p",
        "no:cacheprovider",
    )
    text = everything(result, out)
    assert "--arena-password puts a secret on the command line" in text
    assert "401" in text  # the mock does not know the session: every answer says so
    assert_clean(text, CANARY_PASSWORD, CANARY_SESSION)
