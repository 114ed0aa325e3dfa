"""What an import automation sent is judged too (issue 18 item 2): the request bodies of
POST/PUT /imports (JSON), POST .../runs (multipart/form-data) and the commit (JSON), as
captures hold them (HAR postData text or params, cassettes' request bodies)."""

from __future__ import annotations

import json

import pytest
import requests

from arena_contract.captures import read_bytes
from arena_contract.validate import validate_exchange

BASE = "https://api.arenasolutions.com/v1"
GUID, RUN = "L3N6PX663K3K3HOBOOT0", "PV7VWWBSYU1MJKYMBJFB"
CREATED = {"status": 201, "headers": [], "content": {"text": "{}", "mimeType": "application/json"}}


def har_entry(method: str, path: str, post: dict | None) -> bytes:
    request = {
        "method": method,
        "url": BASE + path,
        "headers": [{"name": "arena_session_id", "value": "x"}],
    }
    if post is not None:
        request["postData"] = post
    entry = {"request": request, "response": CREATED}
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()


def findings(data: bytes, path: str = "sent.har") -> list:
    [exchange] = read_bytes(data, path=path).exchanges
    return [f for f in validate_exchange(exchange).findings if f.rule == "request.body"]


def prepared(data: dict, files: dict | None = None) -> requests.PreparedRequest:
    return requests.Request("POST", f"{BASE}/imports/{GUID}/runs", data=data, files=files).prepare()


def form_entry(data: dict, files: dict | None = None) -> bytes:
    sent = prepared(data, files)
    post = {"mimeType": sent.headers["Content-Type"], "text": sent.body.decode("latin-1")}
    entry = json.loads(har_entry("POST", f"/imports/{GUID}/runs", post))
    entry["log"]["entries"][0]["request"]["headers"].append(
        {"name": "Content-Type", "value": sent.headers["Content-Type"]}
    )
    return json.dumps(entry).encode()


CSV = {"submitContent": ("parts.csv", b"Part Number\nP-1\n", "text/csv")}


@pytest.mark.parametrize(
    "form",
    [
        {"submitFileType": "CSV", "commit": "false"},
        {"submitFileType": "CSV"},
        {"submitFileType": "EXCEL_WORKSHEET", "submitWorksheetName": "Parts", "commit": "true"},
    ],
)
def test_a_documented_run_start_is_clean(form):
    assert findings(form_entry(form, CSV)) == []


@pytest.mark.parametrize(
    ("form", "files", "pointer", "says"),
    [
        ({"submitFileType": "XLS"}, CSV, "/submitFileType", "XLS"),
        ({"submitFileType": "CSV", "commit": "yes"}, CSV, "/commit", "yes"),
        ({}, {"submitFileType": (None, "CSV")}, "", "submitContent"),
        ({"commit": "false"}, CSV, "", "submitFileType"),
        ({"submitFileType": "CSV", "submitWorsheetName": "x"}, CSV, "/submitWorsheetName", ""),
    ],
)
def test_each_wrong_part_of_a_run_start_is_named(form, files, pointer, says):
    [found] = findings(form_entry(form, files))
    assert found.target == "request" and found.pointer == pointer and says in found.message
    if "Worsheet" in pointer:  # the page's misspelling: a field the contract does not know
        assert found.severity == "warning"


def test_a_browsers_params_are_read_as_the_form():
    params = [
        {"name": "submitContent", "fileName": "parts.csv", "contentType": "text/csv"},
        {"name": "submitFileType", "value": "CSVFILE"},
    ]
    post = {"mimeType": "multipart/form-data; boundary=x", "params": params}
    [found] = findings(har_entry("POST", f"/imports/{GUID}/runs", post))
    assert found.pointer == "/submitFileType" and "CSVFILE" in found.message


def test_a_run_start_that_is_not_multipart_is_said_so():
    post = {"mimeType": "application/json", "text": '{"submitFileType": "CSV"}'}
    [found] = findings(har_entry("POST", f"/imports/{GUID}/runs", post))
    assert "is not multipart/form-data" in found.message


@pytest.mark.parametrize(
    ("method", "path", "body", "problem"),
    [
        ("POST", "/imports", {"name": "Parts", "resource": "ITEM_SPECS", "mode": "CREATE"}, None),
        ("POST", "/imports", {"name": "Parts", "mode": "CREATE"}, '"resource" is a required'),
        ("POST", "/imports", {"name": 7, "resource": "ITEM_SPECS", "mode": "CREATE"}, "7"),
        ("PUT", f"/imports/{GUID}", {"name": "Parts, winter"}, None),
        ("PUT", f"/imports/{GUID}/runs/{RUN}", {"commit": True}, None),
        ("PUT", f"/imports/{GUID}/runs/{RUN}", {"commit": False}, "true was expected"),
        ("PUT", f"/imports/{GUID}/runs/{RUN}", {}, '"commit" is a required'),
    ],
)
def test_json_bodies_against_their_schema(method, path, body, problem):
    found = findings(
        har_entry(method, path, {"mimeType": "application/json", "text": json.dumps(body)})
    )
    if problem is None:
        assert found == []
    else:
        [one] = found
        assert problem in one.message and one.severity == "error"


def test_a_json_body_that_is_not_json():
    post = {"mimeType": "application/json", "text": "commit=true"}
    [found] = findings(har_entry("PUT", f"/imports/{GUID}/runs/{RUN}", post))
    assert found.message.startswith("the request body is not JSON")


def test_no_request_body_held_is_nothing_to_judge():
    assert findings(har_entry("PUT", f"/imports/{GUID}/runs/{RUN}", None)) == []


@pytest.mark.parametrize("dialect", ["vcrpy", "schemathesis"])
def test_cassettes_request_bodies(dialect):
    sent = '{"commit": false}'
    body = (
        f"'{sent}'" if dialect == "vcrpy" else f"\n      encoding: 'utf-8'\n      string: '{sent}'"
    )
    key = "interactions" if dialect == "vcrpy" else "http_interactions"
    code = "201" if dialect == "vcrpy" else "'201'"
    cassette = (
        f"{key}:\n- request:\n    uri: '{BASE}/imports/{GUID}/runs/{RUN}'\n    method: 'PUT'\n"
        f"    headers:\n      arena_session_id:\n      - 'x'\n    body: {body}\n"
        f"  response:\n    status:\n      code: {code}\n      message: 'Created'\n"
        "    headers: {}\n    body:\n      string: '{}'\n"
    ).encode()
    [found] = findings(cassette, "sent.yaml")
    assert found.pointer == "/commit"


def test_an_automations_own_requests_are_judged_against_the_mock():
    """validate_response of a requests call (the mock's in-process front): what the
    automation sent is judged with what it got back."""
    from arena_contract import validate_response
    from arena_contract.mock import arena

    with arena() as mock:
        http = requests.Session()
        session = http.post(
            f"{mock.base_url}/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
        ).json()["arenaSessionId"]
        http.headers["arena_session_id"] = session
        sent = {"name": "Parts", "resource": "ITEM_SPECS", "mode": "CREATE", "colour": "red"}
        answer = http.post(f"{mock.base_url}/imports", json=sent)
    found = [f for f in validate_response(answer).findings if f.rule == "request.body"]
    assert [(f.pointer, f.severity) for f in found] == [("/colour", "warning")]
