"""A static Prism mock of the exported contract answers in a form `check` accepts.

Prism serves the spec's own examples and header examples, so this is the examples and the
header schemas put to work: the run list, a filtered list, a malformed GUID (``Prefer:
code=400``, the page's sample GUID with its trailing space) and a missing session
(``Prefer: code=401``), each checked by ``arena-contract check`` with its request.
"""

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from arena_contract.cli import main
from tests.node_tools import ENV, node_tool

# Slow: Prism (Node) in a fresh process. In the quick run, test_spec checks every example
# of every status with `check` (what Prism serves), test_mock_contract the mock's answers.
pytestmark = pytest.mark.slow

IMPORT = "L3N6PX663K3K3HOBOOT0"  # the import GUID of the page's bad-GUID sample, unspoilt


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def prism(exported):
    """``prism mock`` of the exported openapi.yaml on a loopback port; its base URL."""
    command = node_tool("prism")
    port = free_port()
    process = subprocess.Popen(
        [command, "mock", "-h", "127.0.0.1", "-p", str(port), str(exported / "openapi.yaml")],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Prism starts node workers: stop the whole group
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if "Prism is listening" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(90):
            pytest.fail("Prism did not start:\n" + "".join(lines[-20:]))
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(20)


CASES = {
    "list": (f"/imports/{IMPORT}/runs", {}, 200),
    "filtered list": (
        f"/imports/{IMPORT}/runs?status=COMPLETE&creator.email=rjones%40arenasolutions.com",
        {},
        200,
    ),
    "malformed GUID": (f"/imports/{IMPORT}%20/runs", {"Prefer": "code=400"}, 400),
    "missing session": (f"/imports/{IMPORT}/runs", {"Prefer": "code=401"}, 401),
}


def test_prism_answers_what_check_accepts(prism, tmp_path, capsys):
    captures = []
    for name, (target, extra, status) in CASES.items():
        headers = {"Accept": "application/json", **extra}
        if name != "missing session":
            headers["arena_session_id"] = "prism-has-no-sessions"
        for attempt in range(3):  # Prism answers as soon as it listens; a retry costs nothing
            try:
                response = requests.get(prism + target, headers=headers, timeout=30)
                break
            except requests.ConnectionError:
                if attempt == 2:
                    raise
                time.sleep(1)
        assert response.status_code == status, (name, response.status_code, response.text)
        captures.append(
            {
                "request": {"method": "GET", "url": prism + target, "headers": headers},
                "response": {
                    "status": response.status_code,
                    "headers": dict(response.headers),
                    "text": response.text,
                },
            }
        )
    bad_guid = json.loads(captures[2]["response"]["text"])
    assert bad_guid["errors"][0]["code"] == 3011
    assert re.match(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ", captures[0]["response"]["headers"]["Date"])
    path = tmp_path / "prism.json"
    path.write_text(json.dumps(captures))
    code = main(["check", "--strict", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    findings = [
        (e["request"], f["rule"], f["message"])
        for file in report["files"]
        for e in file["exchanges"]
        for f in e["findings"]
    ]
    assert code == 0 and not findings, findings
    assert report["summary"]["exchanges"] == len(CASES)
