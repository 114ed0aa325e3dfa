"""No secret in anything a run prints or writes: terminal, JUnit XML, HAR, in plain,
URL-encoded or base64 form. Real subprocesses, so nothing is masked by this process."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

pytest_plugins = ("pytester",)

EMAIL = "canary@example.com"
CANARY_PASSWORD = "Canary-Pw-5b7e1d9c/+="
CANARY_SESSION = "CANARY-SID-0f3a9e77c2d1|"
#: The shape of the mock's session ids (mock/sessions.py): a leaked live one would match.
MOCK_SESSION = re.compile(r"MOCK-[A-Za-z0-9]{32}")


def forms(secret: str) -> set[str]:
    raw = secret.encode()
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }


def everything(result, *directories: Path) -> str:
    texts = [result.stdout.str(), result.stderr.str()]
    for directory in directories:
        texts += [p.read_text(encoding="utf-8") for p in directory.rglob("*") if p.is_file()]
    return "\n".join(texts)


def assert_clean(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in forms(secret):
            assert form not in text, f"{form!r} leaked"
    assert not MOCK_SESSION.search(text), "a live session id leaked"


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
