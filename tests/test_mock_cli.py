"""`arena-contract serve` as a user runs it: a subprocess printing its URL, stopped by Ctrl-C."""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from arena_contract.cli import main
from arena_contract.mock import DRIFTS
from tests.helpers import start_cli

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def serve(*args: str) -> Iterator[tuple[subprocess.Popen, str]]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    proc = start_cli("serve", *args, env={"PYTHONPATH": path}, cwd=ROOT)
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=20), "serve printed no URL"
        yield proc, proc.stdout.readline().strip()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def stop(proc: subprocess.Popen, signum: int = signal.SIGINT) -> tuple[int, str, str]:
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=10)
    return proc.returncode, out, err


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c() -> None:
    with serve("--seed", "2", "--quota", "50") as (proc, url):
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        login = requests.post(
            url + "/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
            timeout=5,
        )
        assert login.json()["workspaceRequestLimit"] == 50
        session_id = login.json()["arena_session_id"]
        imports = requests.get(
            url + "/imports", headers={"arena_session_id": session_id}, timeout=5
        )
        assert imports.status_code == 200
        assert imports.headers["X-Arena-Requests-Remaining"] == "49"  # the login is not counted
        code, out, err = stop(proc)
    assert code == 0
    assert out == ""  # only the URL goes to stdout
    assert session_id not in err and "arena-mock" not in err  # no secrets in the log
    assert "GET /v1/imports" in err


def test_serve_options_reach_the_engine() -> None:
    args = (
        "--user",
        "qa@example.com:s3cret",
        "--drift",
        "count-as-string",
        "--count-reading",
        "page",
    )
    with serve(*args, "--quiet") as (proc, url):
        default = {"email": "integration@example.com", "password": "arena-mock"}
        assert requests.post(url + "/login", json=default, timeout=5).status_code == 400
        login = requests.post(
            url + "/login", json={"email": "qa@example.com", "password": "s3cret"}, timeout=5
        )
        auth = {"arena_session_id": login.json()["arena_session_id"]}
        body = requests.get(url + "/imports?limit=2", headers=auth, timeout=5).json()
        assert body["count"] == "2"  # page reading, told as a string
        code, _, err = stop(proc, signal.SIGTERM)
    assert code == 0
    assert "s3cret" not in err and "GET /v1/imports" not in err


def test_help_shows_the_default_login(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "integration@example.com / arena-mock" in text
    for option in ("--host", "--port", "--seed", "--quota", "--user", "--count-reading", "--drift"):
        assert option in text


def test_list_drifts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--list-drifts"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(DRIFTS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--drift", "nope"], "unknown drift nope"),
        (["--quota", "-1"], "--quota cannot be negative"),
    ],
)
def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_malformed_user_is_refused_without_echoing_a_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--user", "qa@example.com:"])
    assert exit_info.value.code == 2
    assert "EMAIL:PASSWORD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["serve", "--user", "no-colon-secret"])
    assert "no-colon-secret" not in capsys.readouterr().err


def test_a_busy_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"cannot listen on 127.0.0.1 port {port}" in line and "in use" in line


@pytest.mark.parametrize("host", ["256.1.1.1", "no-such-host.invalid", "::zz"])
def test_a_bad_host_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], host: str) -> None:
    assert main(["serve", "--host", host]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"arena-contract serve: cannot listen on {host} port 0: ")


@pytest.mark.parametrize("port", ["-5", "-1", "65536", "70000", "1e3", "0x50", "", "٣"])
def test_a_port_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", port])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "expected a port number, 0 to 65535" in err and "Traceback" not in err
