"""The Python API for sequences: one Validator checks the responses a user's own client got
(requests or httpx, over real HTTP to the mock on loopback) in order, so the pages of one
list are seen together; Exchange.from_response builds the Exchange; what the Validator
cannot read is a TypeError naming what it takes; an Exchange given only bytes parses them.
"""

from __future__ import annotations

import json

import httpx
import pytest
import requests

from arena_contract import Exchange, Validator
from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, serve_in_thread

CLIENTS = {
    "requests": lambda url, headers: requests.get(url, headers=headers, timeout=10),
    "httpx": lambda url, headers: httpx.get(url, headers=headers, timeout=10),
}


def pages(drifts: list[str], client: str, limit: int = 5) -> list:
    """Two pages of one run list (offsets 0 and ``limit``), as the client got them."""
    with serve_in_thread(seed=5, drifts=drifts) as server:
        login = {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD}
        session = requests.post(server.base_url + "/login", json=login, timeout=10).json()
        headers = {"arena_session_id": session["arena_session_id"]}
        guid = server.engine.dataset.definitions[0].guid
        url = f"{server.base_url}/imports/{guid}/runs?limit={limit}&offset="
        return [CLIENTS[client](f"{url}{offset}", headers) for offset in (0, limit)]


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize("limit", [2, 5, 20])
def test_two_pages_repeating_a_run_report_pages_overlap(client, limit):
    first, second = pages(["duplicate-runs-across-pages"], client, limit)
    validator = Validator()
    assert validator.check_response(first).ok
    report = validator.check_response(second)
    overlap = [f for f in report.findings if f.rule == "list.pages-overlap"]
    assert overlap and not report.ok, report.findings
    assert overlap[0].severity == "error"  # a walk: the second page starts where the first ended
    # Each page alone is a fine page: only the sequence shows the repeat.
    alone = Validator().check_response(second).findings
    assert not [f for f in alone if f.rule.startswith("list.")]


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_pages_that_agree_report_nothing(client):
    validator = Validator()
    reports = [validator.check_response(page) for page in pages([], client)]
    assert all(report.ok and not report.findings for report in reports)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_an_exchange_from_a_response_takes_its_request_along(client):
    first, _ = pages([], client)
    exchange = Exchange.from_response(first)
    assert exchange.request is not None and exchange.request.method == "GET"
    assert exchange.request.param("limit") == "5" and exchange.request.param("offset") == "0"
    assert exchange.status == 200 and exchange.text == first.content
    assert exchange.body == json.loads(first.content)
    assert exchange.headers is not None and "X-Arena-Requests-Remaining" in exchange.headers
    # A request given explicitly wins over the response's.
    other = Exchange.from_response(first, "https://api.arenasolutions.com/v1/imports/X/runs")
    assert other.request is not None and other.request.param("limit") is None


NOT_READABLE = [None, {}, {"status": 200}, "body", b"{}", 200, [], object()]


@pytest.mark.parametrize("value", NOT_READABLE, ids=lambda v: type(v).__name__)
def test_what_the_validator_cannot_read_is_a_type_error_naming_what_it_takes(value):
    with pytest.raises(TypeError, match=r"takes an arena_contract\.Exchange") as raised:
        Validator().check(value)
    assert type(value).__name__ in str(raised.value)
    with pytest.raises(TypeError, match=r"requests\.Response or an httpx\.Response") as raised:
        Validator().check_response(value)
    assert type(value).__name__ in str(raised.value)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_response_handed_to_check_points_at_check_response(client):
    first, _ = pages([], client)
    with pytest.raises(TypeError, match=r"Validator\.check_response"):
        Validator().check(first)


def test_an_unread_streamed_httpx_response_says_to_read_it():
    response = httpx.Response(200, stream=httpx.ByteStream(b"{}"))
    with pytest.raises(TypeError, match=r"read it first"):
        Validator().check_response(response)


RUN_LIST = {"count": 0, "results": []}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(RUN_LIST).encode(),
        json.dumps(RUN_LIST),
        json.dumps(RUN_LIST, indent=2).encode(),
        b"\xef\xbb\xbf" + json.dumps(RUN_LIST).encode(),
        json.dumps(RUN_LIST, ensure_ascii=False).encode("utf-8"),
    ],
)
def test_an_exchange_without_a_parsed_body_parses_its_text(text):
    exchange = Exchange(text=text)
    assert exchange.body == RUN_LIST and exchange.body_error is None
    assert isinstance(exchange.text, bytes)
    assert not Validator().check(exchange).findings


@pytest.mark.parametrize("text", [b"", b"{", b"[1, 2", b"\xff\xfe", b'{"a": 1, "a": 2}'])
def test_an_exchange_with_text_that_is_not_json_says_why(text):
    exchange = Exchange(text=text)
    assert exchange.body is None and exchange.body_error
    assert [f.rule for f in Validator().check(exchange).findings] == ["body.json"]
