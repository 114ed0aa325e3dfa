"""The counts a run reports equal what the server saw. A login answered with a session id
no header can carry ends the run at once (one line, exit 2, nothing more sent, the report
counts the one login); the Schemathesis hooks' discovery never spends more than the
probe's request limit, whatever ARENA_MAX_IMPORTS says; ``-o`` that cannot be written is
refused before any request."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest
import requests

from arena_contract import contract
from arena_contract.cli import main
from arena_contract.redact import MASK, redact_text
from arena_contract.suite import st_targets
from tests.hostile import Seen, hostile_mock

EMAIL = "count@example.com"
PASSWORD = "Count-Password-1"


def unsendable_ids(count: int, seed: int = 15) -> list[str]:
    """Session ids a header cannot carry: a non-Latin-1, a Latin-1 non-ASCII, a control
    character, a blank, or nothing but blanks, at a random place in a plausible id."""
    rng = random.Random(seed)
    bad = ["中", "é", "🙂", "\x00", "\x1b", "\x7f", "\u2028", " ", "\t", "\r\n"]
    ids = [" ", "\t", "séssion-中-1234"]
    while len(ids) < count:
        base = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(24))
        at = rng.randrange(len(base))
        ids.append(base[:at] + rng.choice(bad) + base[at:])
    return ids


def answering_login_with(session_id: str):
    def rewrite(request: Seen, body: bytes) -> bytes:
        if request.path.endswith("/login"):
            document = json.loads(body)
            if "arena_session_id" in document:
                document["arena_session_id"] = session_id
            return json.dumps(document, ensure_ascii=False).encode()
        return body

    return rewrite


@pytest.mark.parametrize("session_id", unsendable_ids(8))
def test_an_unsendable_session_id_ends_the_run_at_once(session_id, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ARENA_EMAIL", EMAIL)
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)
    report = tmp_path / "r.json"
    with hostile_mock(rewrite=answering_login_with(session_id), users={EMAIL: PASSWORD}) as seen:
        code = main(["probe", "--url", seen.url, "--format", "json", "-o", str(report)])
        requests_seen = list(seen.requests)
    err = capsys.readouterr().err
    assert code == 2
    assert requests_seen == ["POST /v1/login"]  # no retry, no discovery, no logout
    document = json.loads(report.read_text())
    assert document["requests"]["sent"] == len(requests_seen)
    assert "Traceback" not in err
    if session_id.strip():
        assert session_id not in report.read_text() + err


def test_an_unwritable_report_costs_no_request(tmp_path, capsys):
    with hostile_mock() as seen:
        for argv in (
            ["-o", str(tmp_path / "nodir" / "r.json")],
            ["--junit-xml", str(tmp_path)],
            ["--record", str(tmp_path / "file.txt" / "har")],
        ):
            (tmp_path / "file.txt").write_text("x")
            assert main(["probe", "--url", seen.url, *argv]) == 2
            assert seen.requests == []
        assert main(["record", "--url", seen.url, "--out", str(tmp_path / "file.txt")]) == 2
        assert seen.requests == []
    assert "Traceback" not in capsys.readouterr().err


def many_imports(count: int):
    guids = [f"IMP{n:017d}" for n in range(count)]

    def rewrite(request: Seen, body: bytes) -> bytes:
        if request.path.endswith("/imports"):
            return json.dumps({"count": count, "results": [{"guid": g} for g in guids]}).encode()
        return body

    return rewrite


def schema_for(url: str, session_id: str) -> SimpleNamespace:
    """What aim() reads of a Schemathesis schema: the spec, the base URL and the headers."""
    import yaml

    raw = yaml.safe_load(contract.openapi_path().read_text(encoding="utf-8"))
    config = SimpleNamespace(base_url=url, headers={"arena_session_id": session_id})
    return SimpleNamespace(raw_schema=raw, config=config)


@pytest.mark.parametrize(
    ("environ", "cap"),
    [
        ({"ARENA_MAX_IMPORTS": "999999999999999999"}, st_targets.DEFAULT_MAX_REQUESTS),
        ({"ARENA_MAX_IMPORTS": "999999999999999999", "ARENA_MAX_REQUESTS": "25"}, 25),
        ({"ARENA_MAX_IMPORTS": "5"}, 6),
    ],
)
def test_the_hooks_discovery_is_capped_like_the_probe(environ, cap, monkeypatch):
    monkeypatch.setattr(st_targets, "TARGETS", None)  # aim() sets it for its process
    hostile = {"rewrite": many_imports(3000), "limit_over_max": "clamp"}  # any limit is 200
    with hostile_mock(**hostile, users={EMAIL: PASSWORD}) as seen:
        login = requests.post(
            f"{seen.url}/login", json={"email": EMAIL, "password": PASSWORD}, timeout=10
        )
        session_id = login.json()["arena_session_id"]
        before = len(seen.requests)
        st_targets.aim(schema_for(seen.url, session_id), {**environ, "ARENA_MIN_REMAINING": "0"})
        spent = len(seen.requests) - before
    assert 0 < spent <= cap
    assert redact_text(f"echoed {session_id}") == f"echoed {MASK}"  # registered as a secret
