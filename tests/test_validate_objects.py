"""validate_response takes the objects HTTP users hold: a requests or httpx Response alone,
and their request objects as ``request=``; the report is the one the validator gives on
the mock's own record of the same exchange (the server's side is the oracle).

Requests go over real HTTP to the mock, with each client, across a family of requests
and the drift switches that change what a single response shows.
"""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
import requests

from arena_contract import Request, validate_exchange, validate_response
from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, serve_in_thread

#: (path under the definition, query): a list, filters, pages, a run, bad and unknown GUIDs.
REQUESTS = [
    ("runs", {}),
    ("runs", {"status": "COMPLETE"}),
    ("runs", {"limit": "3", "offset": "2"}),
    ("runs", {"limit": "401"}),
    ("run", {}),
    ("malformed", {}),
    ("unknown", {}),
]
DRIFTS = [None, "null-creator", "count-as-string", "filter-ignored", "missing-rate-limit-header"]


def rules(report) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.pointer) for f in report.findings]


@pytest.fixture(scope="module", params=DRIFTS)
def server(request):
    drifts = [request.param] if request.param else []
    with serve_in_thread(seed=5, drifts=drifts) as running:
        login = {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD}
        session = requests.post(running.url + "/login", json=login).json()["arena_session_id"]
        yield running, session


def url_for(server, kind: str) -> str:
    running, _ = server
    definition = running.arena.dataset.definitions[0]
    base = f"{running.url}/imports"
    return {
        "runs": f"{base}/{definition.guid}/runs",
        "run": f"{base}/{definition.guid}/runs/{definition.runs[0]['guid']}",
        "malformed": f"{base}/{definition.guid.lower()}/runs",
        "unknown": f"{base}/AAAAAAAAAAAAAAAAAAAA/runs",
    }[kind]


def served(server):
    """The mock's own record of the last exchange, checked: what the answer must give."""
    running, _ = server
    return validate_exchange(running.arena.exchanges(running.url)[-1])


@pytest.mark.parametrize(("kind", "query"), REQUESTS)
def test_a_requests_response_alone(server, kind, query):
    _, session = server
    response = requests.get(
        url_for(server, kind), params=query, headers={"arena_session_id": session}
    )
    report = validate_response(response)
    assert rules(report) == rules(served(server))
    assert rules(validate_response(response, request=response.request)) == rules(report)
    parts = validate_response(
        response.status_code, response.headers, response.content, request=response.request
    )
    assert rules(parts) == rules(report)


@pytest.mark.parametrize(("kind", "query"), REQUESTS)
def test_an_httpx_response_alone(server, kind, query):
    _, session = server
    response = httpx.get(url_for(server, kind), params=query, headers={"arena_session_id": session})
    report = validate_response(response)
    assert rules(report) == rules(served(server))
    parts = validate_response(
        response.status_code, response.headers, response.content, request=response.request
    )
    assert rules(parts) == rules(report)


def test_the_request_gives_the_rules_their_context():
    # A filtered list whose request is not given cannot be checked against its filter:
    # with filter-ignored, only the request object shows the fault.
    with serve_in_thread(seed=5, drifts=["filter-ignored"]) as running:
        login = {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD}
        session = requests.post(running.url + "/login", json=login).json()["arena_session_id"]
        guid = running.arena.dataset.definitions[0].guid
        response = requests.get(
            f"{running.url}/imports/{guid}/runs",
            params={"status": "COMPLETE"},
            headers={"arena_session_id": session},
        )
    assert "list.filter" in {f.rule for f in validate_response(response).findings}
    alone = validate_response(response.status_code, response.headers, response.content)
    assert "list.filter" not in {f.rule for f in alone.findings}
    for request in (response.request, httpx.Request("GET", response.request.url)):
        given = validate_response(
            response.status_code, response.headers, response.content, request=request
        )
        assert "list.filter" in {f.rule for f in given.findings}


def test_a_response_built_by_hand_has_no_request():
    body = b'{"count": 0, "results": []}'
    response = httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    report = validate_response(response)  # httpx raises on .request here: no context
    assert "header.date" in {f.rule for f in report.findings}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((200,), {}, "give a requests/httpx response, or status, headers and body"),
        ((200, {}), {}, "give a requests/httpx response, or status, headers and body"),
        ((httpx.Response(200), {}), {}, "takes no headers or body besides it"),
        ((200, {}, b"{}"), {"request": 42}, "request: expected a URL, a mapping"),
    ],
)
def test_wrong_calls_say_what_is_expected(args, kwargs, message):
    with pytest.raises(TypeError, match=message):
        validate_response(*args, **kwargs)


def test_older_forms_still_work():
    url = "https://api.arenasolutions.com/v1/imports/L3N6KHLNYFY8RAQ8SWYT/runs"
    for request in (url, {"method": "get", "url": url}, Request("GET", url)):
        report = validate_response(200, {}, {"count": 0, "results": []}, request=request)
        assert "header.date" in {f.rule for f in report.findings}


def test_the_validator_imports_no_http_library():
    code = (
        "import sys, arena_contract.validate\n"
        "print('requests' in sys.modules, 'httpx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"]
