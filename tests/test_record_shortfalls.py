"""`arena-contract record` says why a sample falls short of its plan and exits 1: GET /imports
answered in a way that names no definition (an error status, an empty list, no results
list, a body that is not JSON, one cut short). The server is the mock behind a real WSGI
front that answers GET /imports one such way; everything else is the mock's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from arena_contract.cli import main
from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, FakeClock, MockArena, make_app
from arena_contract.mock.wsgi import build_server
from tests.helpers import arena_headers

NOT_JSON = "GET /imports answered a body that is not JSON ("
ERROR_503 = b'{"status":503,"errors":[{"code":503,"message":"The service is unavailable."}]}'

#: name -> (status, body of GET /imports, what record must say, definitions it still records)
DISCOVERY_FAULTS = {
    "error status": (503, ERROR_503, "GET /imports answered HTTP 503", []),
    "empty list": (
        200,
        b'{"count":0,"results":[]}',
        "GET /imports listed no import definitions",
        [],
    ),
    "no results": (200, b'{"count":3}', "GET /imports has no results list", []),
    "html": (200, b"<html>maintenance</html>", NOT_JSON, []),
    # The part that arrived names one definition (its creator's guid is not one): recorded.
    "cut short": (
        200,
        b'{"count":2,"results":[{"guid":"GUID0000000000000001","creator":{"guid":"CREA'
        b'TOR000000000000001"}},{"gu',
        NOT_JSON,
        ["GUID0000000000000001"],
    ),
}


@contextmanager
def arena_with_imports(status: int, body: bytes) -> Iterator[tuple[str, MockArena]]:
    engine = MockArena(seed=4, clock=FakeClock())
    mock = make_app(engine)

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "GET" and environ["PATH_INFO"].rstrip("/") == "/v1/imports":
            start_response(f"{status} X", list(arena_headers(body).items()))
            return [body]
        return mock(environ, start_response)

    server = build_server(engine)  # its request handler keeps arena_session_id (underscores)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", engine
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("fault", sorted(DISCOVERY_FAULTS))
def test_record_says_why_no_definition_was_recorded(tmp_path, capsys, monkeypatch, fault):
    status, body, says, salvaged = DISCOVERY_FAULTS[fault]
    monkeypatch.setenv("ARENA_PASSWORD", DEFAULT_PASSWORD)
    with arena_with_imports(status, body) as (url, engine):
        code = main(["record", "--url", url, "--email", DEFAULT_EMAIL, "--out", str(tmp_path)])
        served = [e.request.url for e in engine.exchanges(url)]
    err = capsys.readouterr().err
    assert code == 1, err
    reasons = [line for line in err.splitlines() if line.startswith("arena-contract: incomplete: ")]
    assert reasons and reasons[0].startswith(f"arena-contract: incomplete: {says}"), err
    assert "Traceback" not in err
    # What could be recorded was: the answers that need no definition.
    (har,) = tmp_path.glob("*.har")
    labels = [e["comment"] for e in json.loads(har.read_text("utf-8"))["log"]["entries"]]
    assert {"unknown import GUID", "malformed GUID", "no session"} <= set(labels)
    assert labels.count("unfiltered list") == len(salvaged)
    assert [u.split("/")[-2] for u in served if u.endswith("/runs")][: len(salvaged)] == salvaged
    if salvaged:
        assert f"recording the {len(salvaged)} named in what arrived" in reasons[0]
