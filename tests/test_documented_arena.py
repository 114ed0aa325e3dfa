"""Against an Arena built from its documentation pages alone (tests/documented_arena.py: the
reset header verbatim, lower-case header names, 3220, 3019, a logout without a body), check,
the probe, record + check and drift --spec report no error and nothing breaking, and the
Schemathesis configuration `contract export` writes fails on none of it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from arena_contract.cli import main
from arena_contract.live.budget import Budget
from arena_contract.live.client import ArenaClient
from tests.documented_arena import EMAIL, PASSWORD, RESET, WORKSPACE, documented_arena


@pytest.fixture
def arena_env(monkeypatch):
    for name in [n for n in os.environ if n.startswith("ARENA_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)


def login_request(url: str) -> urllib.request.Request:
    """POST /login as the login page's sample user."""
    return urllib.request.Request(
        url + "/login",
        data=json.dumps({"email": EMAIL, "password": PASSWORD}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )


def test_the_server_is_the_pages(arena_env):
    """What the tests below rest on: the answers are the pages' to the letter."""
    with documented_arena() as (url, _):
        with urllib.request.urlopen(login_request(url)) as answer:
            names = [name for name, _ in answer.getheaders()]
            assert names == [name.lower() for name in names]
            assert answer.headers["X-Arena-Next-Request-Limit-Reset"] == RESET
            token = json.load(answer)["arena_session_id"]
        logout = urllib.request.Request(
            url + "/logout", headers={"arena_session_id": token}, method="PUT"
        )
        with urllib.request.urlopen(logout) as answer:
            assert answer.status == 200 and answer.read() == b""
            assert answer.headers["content-length"] is None


def test_the_probe_finds_the_contract_holds(arena_env, tmp_path, capsys):
    out = tmp_path / "probe.json"
    with documented_arena() as (url, arena):
        args = ["probe", "--url", url, "--email", EMAIL, "--workspace-id", str(WORKSPACE)]
        code = main([*args, "--format", "json", "-o", str(out)])
    said = capsys.readouterr()
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, said.out + said.err
    assert report["ok"] is True
    assert ("PUT", "/v1/logout", 200) in arena.log  # logged out, though no body came


def test_record_then_check_and_drift_spec_report_nothing(arena_env, tmp_path, capsys):
    with documented_arena() as (url, _):
        assert main(["record", "--url", url, "--email", EMAIL, "-o", str(tmp_path), "-q"]) == 0
    [har] = tmp_path.glob("*.har")
    capsys.readouterr()
    assert main(["check", str(har)]) == 0, capsys.readouterr().out
    drift_json = tmp_path / "drift.json"
    assert main(["drift", "--spec", str(har), "--format", "json", "-o", str(drift_json)]) == 0
    report = json.loads(drift_json.read_text(encoding="utf-8"))
    assert report["changes"] == [], report["changes"]


@pytest.mark.parametrize("body", [b"", b'{"status": 200}', None])
@pytest.mark.parametrize("status", [200, 204])
def test_the_live_client_takes_any_2xx_logout_with_or_without_a_body(
    arena_env, monkeypatch, status, body
):
    """The live session logs out on any 2xx, whether a body comes or not."""
    from arena_contract.live import session as live_session

    with documented_arena() as (url, arena):
        original = arena.answer

        def answer(method, target, headers, raw):
            if method == "PUT":
                original(method, target, headers, raw)
                return status, None if body is None else body
            return original(method, target, headers, raw)

        monkeypatch.setattr(arena, "answer", answer)
        client = ArenaClient(url, Budget(max_requests=10, min_remaining=0))
        session = live_session.ArenaSession(client, email=EMAIL, password=PASSWORD)
        session.ensure()
        session.close()
        assert session.logged_out is True, session.note


def schemathesis_bin() -> Path:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert found, "schemathesis is a dependency: its command belongs next to this Python"
    return Path(found)


# Slow: `schemathesis run` in a fresh process. In the quick run the documented Arena is
# probed, recorded, checked and drift-compared in-process above.
@pytest.mark.slow
def test_the_exported_schemathesis_configuration_fails_only_on_what_is_documented(tmp_path):
    """The documented Arena answers an ill-typed filter (number=null) with an empty list: no
    page documents a refusal, so ST201 must not fail it (nor ST204 for an Allow header).
    Run as the README says, with Schemathesis' default checks and the exported settings."""
    spec = tmp_path / "spec"
    assert main(["contract", "export", str(spec)]) == 0
    with documented_arena() as (url, _):
        with urllib.request.urlopen(login_request(url)) as answer:
            token = json.load(answer)["arena_session_id"]
        clean = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
        env = {
            **clean,
            "SCHEMATHESIS_HOOKS": "arena_contract.schemathesis_hooks",
            "ARENA_SESSION_ID": token,
        }
        done = subprocess.run(
            [
                str(schemathesis_bin()),
                "run",
                "openapi.yaml",
                "--url",
                url,
                "-H",
                f"arena_session_id: {token}",
                "--max-examples",
                "10",
                "--seed",
                "1",
                "--no-color",
            ],
            cwd=spec,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.parametrize("field", ["arena_session_id", "arenaSessionId"])
def test_the_live_client_reads_the_token_from_either_field(arena_env, monkeypatch, field):
    """Arena's login sample says arena_session_id; several public clients read arenaSessionId."""
    from arena_contract.live import session as live_session

    with documented_arena() as (url, arena):
        original = arena.login

        def login(raw):
            status, body = original(raw)
            return status, {field: body["arena_session_id"]}

        monkeypatch.setattr(arena, "login", login)
        client = ArenaClient(url, Budget(max_requests=10, min_remaining=0))
        session = live_session.ArenaSession(client, email=EMAIL, password=PASSWORD)
        session.ensure()
        assert client.get("/imports", part="discovery").status == 200
        session.close()
        assert session.logged_out is True
