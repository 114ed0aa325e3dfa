"""The HAR writer: HAR 1.2 that `check` reads, secrets masked by name and by value,
bodies kept byte for byte when they hold no secret."""

from __future__ import annotations

import json

import responses

from arena_contract.checker import check_paths
from arena_contract.live.budget import Budget
from arena_contract.live.client import ArenaClient
from arena_contract.live.har import HarRecorder
from arena_contract.live.session import ArenaSession
from tests.helpers import arena_headers, load

BASE = "https://arena.test/v1"
SESSION = "Har-Session-Secret-0042|"
PASSWORD = "Har-Password-Secret-0042"
GUID = "L3N6KHLNYFY8RAQ8SWYT"


def test_a_har_file_is_redacted_and_checks_clean(tmp_path):
    page = json.dumps(load("page-sample.json"), ensure_ascii=False).encode()
    recorder = HarRecorder()
    with responses.RequestsMock() as mock:
        mock.post(f"{BASE}/login", json={"arena_session_id": SESSION, "workspaceId": 1})
        headers = arena_headers(page)
        content_type = headers.pop("Content-Type")
        mock.get(
            f"{BASE}/imports/{GUID}/runs", body=page, headers=headers, content_type=content_type
        )
        # An answer that echoes the secret somewhere no name gives it away.
        mock.put(f"{BASE}/logout", json={"note": f"bye {SESSION}"})
        client = ArenaClient(BASE, Budget(10, 0), on_sent=recorder.add)
        session = ArenaSession(client, email="har@example.com", password=PASSWORD)
        session.ensure()
        client.get(f"/imports/{GUID}/runs", part="essential", label="unfiltered list")
        session.close()
    path = recorder.write(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert SESSION not in text and PASSWORD not in text
    document = json.loads(text)
    assert document["log"]["version"] == "1.2"
    login, runs, logout = document["log"]["entries"]
    assert json.loads(login["request"]["postData"]["text"])["password"] == "[REDACTED]"
    assert json.loads(login["response"]["content"]["text"])["arena_session_id"] == "[REDACTED]"
    assert {"name": "arena_session_id", "value": "[REDACTED]"} in runs["request"]["headers"]
    assert runs["response"]["content"]["text"].encode() == page  # byte for byte
    assert runs["comment"] == "unfiltered list" and runs["_part"] == "essential"
    assert "[REDACTED]" in logout["response"]["content"]["text"]
    (result,) = check_paths([str(path)])
    assert result.error is None and len(result.exchanges) == 1 and result.ok


def test_files_are_never_overwritten(tmp_path):
    recorder = HarRecorder()
    first, second = recorder.write(tmp_path), recorder.write(tmp_path)
    assert first != second and first.exists() and second.exists()
