"""Every command, given a canary password and session id, prints and writes neither.

Real subprocesses (nothing masked by this process); everything they print and every file
they write is scanned for the canaries in plain, URL-encoded and base64 forms, and for any
live session id of the mock.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
import requests

from tests.helpers import (
    CANARY_PASSWORD,
    CANARY_SESSION,
    RUNS_URL,
    arena_headers,
    assert_clean,
    run_cli,
    start_cli,
)

EMAIL = "canary@example.com"


def files(directory: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in directory.rglob("*") if p.is_file()
    )


LOGIN = {"ARENA_EMAIL": EMAIL, "ARENA_PASSWORD": CANARY_PASSWORD}


# JSON's fresh process is slow (CI runs it); the quick run has probe's text, HAR and JUnit XML
# here, and probe's JSON through the real entry point in this process, against answers that
# echo the password (test_echoed_secrets.py::test_echoed_secrets_leak_into_no_output).
@pytest.mark.arena_mock(users={EMAIL: CANARY_PASSWORD}, drifts=["null-creator"])
@pytest.mark.parametrize("output", ["text", pytest.param("json", marks=pytest.mark.slow)])
def test_probe_logging_in(arena_server, tmp_path, output):
    text = run_cli(
        "probe",
        "--url",
        arena_server.url,
        "--format",
        output,
        "--examples",
        "2",
        "--max-imports",
        "1",
        "--record",
        str(tmp_path / "har"),
        "--junit-xml",
        str(tmp_path / "junit.xml"),
        env=LOGIN,
        fresh=True,
    ).text
    assert "schema.type" in text  # failures were printed, with their requests
    assert (tmp_path / "junit.xml").is_file() and list((tmp_path / "har").glob("*.har"))
    assert_clean(text + files(tmp_path), CANARY_PASSWORD)


@pytest.mark.arena_mock(users={EMAIL: CANARY_PASSWORD})
def test_probe_with_a_session_id(arena_server, tmp_path):
    text = run_cli(
        "probe",
        "--url",
        arena_server.url,
        "--examples",
        "1",
        "--max-imports",
        "1",
        "--junit-xml",
        str(tmp_path / "junit.xml"),
        env={"ARENA_SESSION_ID": CANARY_SESSION},
        fresh=True,
    ).text
    assert "401" in text  # the mock does not know that session
    assert_clean(text + files(tmp_path), CANARY_SESSION)


@pytest.mark.arena_mock(users={EMAIL: CANARY_PASSWORD})
def test_record(arena_server, tmp_path):
    argv = ("record", "--url", arena_server.url, "--out", tmp_path)
    text = run_cli(*argv, env=LOGIN, fresh=True).text
    har = json.loads(next(tmp_path.glob("*.har")).read_text(encoding="utf-8"))
    assert any(e["request"]["url"].endswith("/login") for e in har["log"]["entries"])
    assert_clean(text + files(tmp_path), CANARY_PASSWORD)


def test_serve_logs_no_password_or_session():
    server = start_cli("serve", "--user", f"{EMAIL}:{CANARY_PASSWORD}")
    try:
        url = server.stdout.readline().strip()
        login = requests.post(
            f"{url}/login", json={"email": EMAIL, "password": CANARY_PASSWORD}, timeout=10
        )
        session = login.json()["arena_session_id"]
        requests.get(f"{url}/imports", headers={"arena_session_id": session}, timeout=10)
        requests.get(f"{url}/imports?arena_session_id={session}", timeout=10)
        requests.put(f"{url}/logout", headers={"arena_session_id": session}, timeout=10)
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "/imports" in err  # the request log is there, without the secrets
    assert_clean(url + out + err, CANARY_PASSWORD, session)


def test_check_masks_secrets_in_captures(tmp_path):
    body = b'{"count": 0, "results": [], "extra": 1}'
    capture = {
        "request": {
            "method": "GET",
            "url": f"{RUNS_URL}?arena_session_id={CANARY_SESSION}",
            "headers": {"arena_session_id": CANARY_SESSION, "Cookie": CANARY_SESSION},
        },
        "response": {"status": 200, "headers": arena_headers(body), "text": body.decode()},
    }
    path = tmp_path / "capture.json"
    path.write_text(json.dumps(capture), encoding="utf-8")
    text = "".join(
        run_cli("check", "--format", fmt, path, fresh=True).text
        for fmt in ("text", "json", "junit", "github")
    )
    assert "schema.unknown-field" in text and "imports/L3N6KHLNYFY8RAQ8SWYT/runs" in text
    assert_clean(text, CANARY_SESSION)


def test_secret_parameters_are_masked_in_free_text():
    from arena_contract.redact import MASK, mask_secret_params

    line = f"Bad request ('GET /v1/imports?arena_session_id={CANARY_SESSION}&limit=2 HTTP/1.1')"
    masked = mask_secret_params(line)
    assert CANARY_SESSION not in masked and f"arena_session_id={MASK}&limit=2" in masked
