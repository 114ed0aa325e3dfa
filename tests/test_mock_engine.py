"""The mock Arena's engine, in-process: sessions, GUIDs, filters, paging, headers, quota."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

import orjson
import pytest

from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, FakeClock, MockArena
from arena_contract.mock.clock import FAKE_EPOCH
from arena_contract.mock.errors import MESSAGES

NO_SESSION = {"status": 401, "errors": [{"code": 401, "message": MESSAGES[401]}]}
BIG, MEDIUM, EMPTY, CHINESE, SMALL = range(5)


@pytest.fixture
def engine() -> MockArena:
    return MockArena(clock=FakeClock())


@pytest.fixture
def auth(engine: MockArena) -> dict[str, str]:
    return {"arena_session_id": engine.login()}


def guid(engine: MockArena, index: int) -> str:
    return engine.dataset.definitions[index].guid


def runs_url(engine: MockArena, index: int = BIG) -> str:
    return f"/v1/imports/{guid(engine, index)}/runs"


def login(engine: MockArena, **body: object):
    return engine.handle(
        "POST", "/v1/login", {"Content-Type": "application/json"}, orjson.dumps(body)
    )


def error(response) -> tuple[int, int, str]:
    body = response.json()
    assert body["status"] == response.status
    [entry] = body["errors"]
    return response.status, entry["code"], entry["message"]


# -- login, sessions, logout ---------------------------------------------------


def test_login_answers_both_session_field_spellings(engine: MockArena) -> None:
    response = login(engine, email=DEFAULT_EMAIL, password=DEFAULT_PASSWORD)
    body = response.json()
    assert response.status == 200
    assert body["arena_session_id"] == body["arenaSessionId"]
    assert re.fullmatch(r"MOCK-[A-Za-z0-9]{32}\|", body["arena_session_id"])
    assert body["workspaceId"] == 123456789
    assert isinstance(body["workspaceName"], str)
    assert body["workspaceRequestLimit"] == 1000


def test_session_ids_are_random(engine: MockArena) -> None:
    other = MockArena(clock=FakeClock())
    assert engine.login() != other.login()


@pytest.mark.parametrize(
    "body",
    [
        {"email": DEFAULT_EMAIL, "password": "wrong"},
        {"email": "nobody@example.com", "password": DEFAULT_PASSWORD},
        {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD, "workspaceId": 1},
        {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD, "workspaceId": "123456789x"},
        {"email": DEFAULT_EMAIL},
        {"email": 5, "password": DEFAULT_PASSWORD},
    ],
)
def test_bad_credentials_get_4001(engine: MockArena, body: dict) -> None:
    assert error(login(engine, **body)) == (400, 4001, MESSAGES[4001])


def test_login_takes_the_workspace_id_and_any_email_case(engine: MockArena) -> None:
    response = login(
        engine, email=DEFAULT_EMAIL.upper(), password=DEFAULT_PASSWORD, workspaceId=123456789
    )
    assert response.status == 200


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'"x"'])
def test_unreadable_login_body_gets_the_generic_400(engine: MockArena, body: bytes) -> None:
    response = engine.handle("POST", "/v1/login", {}, body)
    assert error(response) == (400, 400, MESSAGES[400])


def test_configured_users_replace_the_default() -> None:
    engine = MockArena(clock=FakeClock(), users={"a@example.com": "pw-a"})
    assert login(engine, email=DEFAULT_EMAIL, password=DEFAULT_PASSWORD).status == 400
    assert login(engine, email="a@example.com", password="pw-a").status == 200
    assert engine.login()  # the helper logs in as the first configured user


def test_second_login_cancels_the_first_session(engine: MockArena) -> None:
    first, second = engine.login(), engine.login()
    assert engine.handle("GET", "/v1/imports", {"arena_session_id": first}).json() == NO_SESSION
    assert engine.handle("GET", "/v1/imports", {"arena_session_id": second}).status == 200


def test_sessions_end_after_90_idle_minutes(engine: MockArena, auth: dict) -> None:
    clock = engine.clock
    assert isinstance(clock, FakeClock)
    clock.advance(89 * 60)
    assert engine.handle("GET", "/v1/imports", auth).status == 200  # restarts the idle timer
    clock.advance(89 * 60)
    assert engine.handle("GET", "/v1/imports", auth).status == 200
    clock.advance(90 * 60)
    assert engine.handle("GET", "/v1/imports", auth).json() == NO_SESSION


def test_logout_ends_the_session(engine: MockArena, auth: dict) -> None:
    """endpoint_logout.md: PUT /logout, 200 with "no JSON response", 401 on failure."""
    response = engine.handle("PUT", "/v1/logout", auth)
    assert (response.status, response.body, response.header("Content-Length")) == (200, b"", "0")
    assert engine.handle("GET", "/v1/imports", auth).json() == NO_SESSION
    assert engine.handle("PUT", "/v1/logout", auth).json() == NO_SESSION


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"arena_session_id": ""},
        {"arena_session_id": "MOCK-not-a-session|"},
        {"Arena-Session-Id": "placeholder"},  # the hyphen spelling is another header
    ],
)
def test_requests_without_a_live_session_get_401(engine: MockArena, headers: dict) -> None:
    if "Arena-Session-Id" in headers:
        headers = {"Arena-Session-Id": engine.login()}
    for target in ("/v1/imports", runs_url(engine), runs_url(engine) + "/ABCDEFGHIJ0123456789"):
        response = engine.handle("GET", target, headers)
        assert response.status == 401
        assert response.json() == NO_SESSION


def test_session_header_name_is_case_insensitive(engine: MockArena) -> None:
    headers = {"ARENA_SESSION_ID": engine.login()}
    assert engine.handle("GET", "/v1/imports", headers).status == 200


# -- GUIDs -----------------------------------------------------------------------

GOOD = "L3N6PX663K3K3HOBOOT0"


@pytest.mark.parametrize(
    ("sent", "quoted"),
    [
        (GOOD + "%20", GOOD + " "),  # the doc's own example
        (GOOD.lower(), GOOD.lower()),
        (GOOD[:19], GOOD[:19]),
        (GOOD + "A", GOOD + "A"),
        ("L3N6PX663K3K3HOBO-T0", "L3N6PX663K3K3HOBO-T0"),
        ("L3N6PX663K3K3HOBOOT%C3%96", "L3N6PX663K3K3HOBOOTÖ"),
        ("%22quoted%22", '"quoted"'),
        ("AB%2FCD", "AB/CD"),
        ("%ZZ", "%ZZ"),
        ("%FF", "\ufffd"),
    ],
)
def test_malformed_guids_get_3011_quoting_them(
    engine: MockArena, auth: dict, sent: str, quoted: str
) -> None:
    message = f'The guid "{quoted}" is not valid.'
    for target in (f"/v1/imports/{sent}/runs", f"/v1/imports/{sent}"):
        assert error(engine.handle("GET", target, auth)) == (400, 3011, message)
    assert error(engine.handle("GET", f"{runs_url(engine)}/{sent}", auth)) == (400, 3011, message)


def test_percent_encoded_good_guid_is_read_decoded(engine: MockArena, auth: dict) -> None:
    encoded = "".join(f"%{ord(c):02X}" for c in guid(engine, SMALL))
    assert engine.handle("GET", f"/v1/imports/{encoded}/runs", auth).status == 200


def test_unknown_guids_get_3012(engine: MockArena, auth: dict) -> None:
    message = f'The requested object with guid "{GOOD}" is not found.'
    for target in (f"/v1/imports/{GOOD}", f"/v1/imports/{GOOD}/runs", f"{runs_url(engine)}/{GOOD}"):
        assert error(engine.handle("GET", target, auth)) == (400, 3012, message)


def test_a_run_of_another_definition_is_not_found(engine: MockArena, auth: dict) -> None:
    other_run = engine.dataset.definitions[SMALL].runs[0]["guid"]
    response = engine.handle("GET", f"{runs_url(engine, MEDIUM)}/{other_run}", auth)
    assert error(response)[:2] == (400, 3012)


def test_guid_form_is_checked_before_existence_and_the_query(engine: MockArena, auth) -> None:
    response = engine.handle("GET", f"/v1/imports/{GOOD}/runs/bad?offset=%FF", auth)
    assert error(response)[:2] == (400, 3011)
    response = engine.handle("GET", f"/v1/imports/{GOOD}/runs?offset=%FF", auth)
    assert error(response)[:2] == (400, 400)


def test_run_and_definition_lookups(engine: MockArena, auth: dict) -> None:
    definition = engine.dataset.definitions[MEDIUM]
    assert engine.handle("GET", f"/v1/imports/{definition.guid}", auth).json() == definition.wire
    run = definition.runs[5]
    response = engine.handle("GET", f"{runs_url(engine, MEDIUM)}/{run['guid']}", auth)
    assert response.json() == run
    listed = engine.handle("GET", "/v1/imports", auth).json()
    assert listed == {"count": 5, "results": [d.wire for d in engine.dataset.definitions]}


# -- filters -------------------------------------------------------------------


def list_runs(engine: MockArena, auth: dict, index: int = BIG, **query: object) -> dict:
    response = engine.handle("GET", runs_url(engine, index), auth, query=query)
    assert response.status == 200, response.body
    return response.json()


@pytest.mark.parametrize("status", ["CREATED", "RUNNING", "COMPLETE", "ERROR"])
def test_status_filter(engine: MockArena, auth: dict, status: str) -> None:
    expected = [r for r in engine.dataset.definitions[BIG].runs if r["status"] == status]
    body = list_runs(engine, auth, status=status, limit=400)
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected[:400]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("creator.fullName", "Zoë Müller"),
        ("creator.fullName", "李伟"),
        ("creator.fullName", "Seán O'Brien"),
        ("creator.email", "li.wei@example.cn"),
    ],
)
def test_creator_filters(engine: MockArena, auth: dict, name: str, value: str) -> None:
    field = name.split(".")[1]
    expected = [r for r in engine.dataset.definitions[BIG].runs if r["creator"][field] == value]
    body = list_runs(engine, auth, **{name: value, "limit": 400})
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected[:400]


def test_creator_guid_filter_and_combined_filters(engine: MockArena, auth: dict) -> None:
    runs = engine.dataset.definitions[BIG].runs
    person = runs[10]["creator"]
    expected = [r for r in runs if r["creator"] == person and r["status"] == "COMPLETE"]
    body = list_runs(
        engine, auth, **{"creator.guid": person["guid"], "status": "COMPLETE", "limit": 400}
    )
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected[:400]


def test_number_filter(engine: MockArena, auth: dict) -> None:
    body = list_runs(engine, auth, number=14)
    assert [r["number"] for r in body["results"]] == [14]
    assert body["count"] == 1
    assert list_runs(engine, auth, number=9999) == {"count": 0, "results": []}


@pytest.mark.parametrize("value", ["abc", "1.5", "", " 14", "١٤"])
def test_number_filter_must_be_an_integer(engine: MockArena, auth: dict, value: str) -> None:
    response = engine.handle("GET", runs_url(engine), auth, query={"number": value})
    message = f'The specified value "{value}" is not a valid option for the attribute "number".'
    assert error(response) == (400, 3006, message)


@pytest.mark.parametrize("value", ["complete", "QUEUED", "", "COMPLETE "])
def test_filters_match_exactly(engine: MockArena, auth: dict, value: str) -> None:
    assert list_runs(engine, auth, status=value) == {"count": 0, "results": []}


@pytest.mark.parametrize("name", ["colour", "creator.Name", "Status", "creator", "limit2", "é"])
def test_a_parameter_the_run_list_does_not_take_gets_3019(engine, auth, name) -> None:
    """Arena's searches answer an attribute that is not searchable with 400 / 3019 (the GET
    Import Definitions (Search) page); the run list is inferred to do the same."""
    response = engine.handle("GET", runs_url(engine), auth, query={name: "blue", "limit": 5})
    assert error(response) == (400, 3019, f'The attribute "{name}" is not searchable.')


def test_the_first_of_repeated_parameters_counts(engine: MockArena, auth: dict) -> None:
    body = list_runs(engine, auth, status=["ERROR", "COMPLETE"], limit=400)
    assert {r["status"] for r in body["results"]} == {"ERROR"}


# -- paging and count ------------------------------------------------------------


def test_default_page_is_the_first_20(engine: MockArena, auth: dict) -> None:
    body = list_runs(engine, auth)
    assert [r["number"] for r in body["results"]] == list(range(1, 21))
    assert body["count"] == 850


@pytest.mark.parametrize("limit", [400, 37, 1])
def test_paging_through_a_big_list_has_no_repeats_or_gaps(
    engine: MockArena, auth: dict, limit: int
) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = list_runs(engine, auth, offset=offset, limit=limit)["results"]
        assert len(page) <= limit
        seen += [run["guid"] for run in page]
        if len(page) < limit:
            break
        offset += limit
    assert seen == [run["guid"] for run in engine.dataset.definitions[BIG].runs]


def test_offset_past_the_end_gives_an_empty_page(engine: MockArena, auth: dict) -> None:
    assert list_runs(engine, auth, offset=5000) == {"count": 850, "results": []}
    assert list_runs(engine, auth, index=EMPTY) == {"count": 0, "results": []}


OUT_OF_RANGE = (400, 3220, "Limit must be 1-400, offset must equal or bigger than 0.")
NOT_AN_INTEGER = (400, 3041, "The limit or offset parameter is invalid.")


@pytest.mark.parametrize("target", ["runs", "imports"])
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("offset", "-1", OUT_OF_RANGE),
        ("offset", "x", NOT_AN_INTEGER),
        ("offset", "", NOT_AN_INTEGER),
        ("offset", "1.0", NOT_AN_INTEGER),
        ("offset", "+1", NOT_AN_INTEGER),
        ("limit", "0", OUT_OF_RANGE),
        ("limit", "-5", OUT_OF_RANGE),
        ("limit", "401", OUT_OF_RANGE),
        ("limit", "100000", OUT_OF_RANGE),
        ("limit", "x", NOT_AN_INTEGER),
        ("limit", "", NOT_AN_INTEGER),
        ("limit", "2e2", NOT_AN_INTEGER),
    ],
)
def test_bad_paging_gets_arenas_3220_or_3041(engine, auth, target, name, value, expected):
    """Arena's error table: 3220 "Limit must be 1-400, offset must equal or bigger than 0.",
    3041 "The limit or offset parameter is invalid." (never 4328/4329, outbound codes)."""
    url = runs_url(engine) if target == "runs" else "/v1/imports"
    assert error(engine.handle("GET", url, auth, query={name: value})) == expected


def test_limit_over_max_can_clamp(auth: dict) -> None:
    engine = MockArena(clock=FakeClock(), limit_over_max="clamp")
    headers = {"arena_session_id": engine.login()}
    response = engine.handle("GET", runs_url(engine), headers, query={"limit": 1000})
    assert len(response.json()["results"]) == 400
    assert engine.handle("GET", runs_url(engine), headers, query={"limit": 0}).status == 400


def test_count_readings() -> None:
    for reading, expected in (("total", 850), ("page", 7)):
        engine = MockArena(clock=FakeClock(), count_reading=reading)
        headers = {"arena_session_id": engine.login()}
        body = engine.handle("GET", runs_url(engine), headers, query={"limit": 7}).json()
        assert body["count"] == expected
        assert len(body["results"]) == 7


def test_import_list_pages_too(engine: MockArena, auth: dict) -> None:
    body = engine.handle("GET", "/v1/imports", auth, query={"offset": 1, "limit": 2}).json()
    assert body["count"] == 5
    assert body["results"] == [d.wire for d in engine.dataset.definitions[1:3]]
    assert error(engine.handle("GET", "/v1/imports?limit=0", auth))[:2] == (400, 3220)


@pytest.mark.parametrize("option", ["count_reading", "limit_over_max", "reset_format"])
def test_engine_rejects_unknown_option_values(option: str) -> None:
    with pytest.raises(ValueError, match=option):
        MockArena(**{option: "sometimes"})


# -- headers -------------------------------------------------------------------


def assert_arena_headers(response, engine: MockArena) -> None:
    headers = dict(response.headers)
    assert len(headers) == len(response.headers), "no header is sent twice"
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    assert headers["Content-Length"] == str(len(response.body))
    assert parsedate_to_datetime(headers["Date"]) == engine.clock.now()
    assert headers["Server"] == "ArenaSolutions"
    assert headers["X-Arena-Requests-Remaining"].isdigit()
    assert re.fullmatch(  # Arena's form (api_licensing.md), at midnight Pacific
        r"\w{3}, \d\d-\w{3}-\d{4} 00:00:00 GMT-0[78]00 \(P[DS]T\)",
        headers["X-Arena-Next-Request-Limit-Reset"],
    )
    if response.body or response.status != 200:  # the logout's 200 has no body
        orjson.loads(response.body)


def test_every_response_carries_arenas_headers(engine: MockArena, auth: dict) -> None:
    requests = [
        ("GET", "/v1/imports", auth),
        ("GET", runs_url(engine), auth),
        ("GET", runs_url(engine) + "?limit=0", auth),
        ("GET", f"/v1/imports/{GOOD}%20/runs", auth),
        ("GET", f"/v1/imports/{GOOD}/runs", auth),
        ("GET", "/v1/imports", {}),
        ("GET", "/v1/nothing-here", auth),
        ("DELETE", "/v1/imports", auth),
        ("POST", "/v1/login", {}),
        ("PUT", "/v1/logout", auth),
    ]
    for method, target, headers in requests:
        assert_arena_headers(engine.handle(method, target, headers), engine)


def test_content_length_counts_bytes_of_non_ascii_bodies(engine: MockArena, auth: dict) -> None:
    response = engine.handle("GET", f"/v1/imports/{guid(engine, CHINESE)}", auth)
    assert "李伟".encode() in response.body  # sent as UTF-8, not \\u escapes
    assert len(response.body) > len(response.body.decode("utf-8"))
    assert response.header("Content-Length") == str(len(response.body))


# -- quota ---------------------------------------------------------------------


def remaining(response) -> int:
    return int(response.header("X-Arena-Requests-Remaining"))


def test_quota_counts_down_and_refuses_with_4084_then_refills() -> None:
    """api_licensing.md: every request but the login counts, "whether successful or not";
    the window resets at midnight Pacific Time."""
    clock = FakeClock()
    engine = MockArena(clock=clock, quota=4)
    auth = {"arena_session_id": engine.login()}  # a login is not counted: 4 left
    assert remaining(engine.handle("GET", "/v1/imports", {})) == 3  # a 401 counts
    assert remaining(engine.handle("GET", "/v1/nothing-here", auth)) == 2  # a 404 counts
    assert [remaining(engine.handle("GET", "/v1/imports", auth)) for _ in range(2)] == [1, 0]
    refused = engine.handle("GET", "/v1/imports", auth)
    reset = "Tue, 28-Jul-2026 00:00:00 GMT-0700 (PDT)"  # the clock starts at 17:00 in California
    message = (
        'You have exceeded your maximum of "4" requests during the last 24 hours.'
        f' Additional requests can be made at "{reset}".'
    )
    assert error(refused) == (429, 4084, message)
    assert remaining(refused) == 0
    assert refused.header("X-Arena-Next-Request-Limit-Reset") == reset
    assert engine.handle("GET", "/v1/imports", {}).status == 429  # spent for every request
    relogged = login(engine, email=DEFAULT_EMAIL, password=DEFAULT_PASSWORD)
    assert relogged.status == 200  # a login is neither counted nor refused for the quota
    assert relogged.json()["workspaceRequestLimit"] == 4 and remaining(relogged) == 0

    clock.advance(7 * 3600 - 1)  # midnight Pacific is 07:00 UTC in summer
    auth = {"arena_session_id": engine.login()}  # the session has long expired
    assert engine.handle("GET", "/v1/imports", auth).status == 429
    clock.advance(1)
    again = engine.handle("GET", "/v1/imports", auth)
    assert again.status == 200
    assert remaining(again) == 3
    assert again.header("X-Arena-Next-Request-Limit-Reset") == (
        "Wed, 29-Jul-2026 00:00:00 GMT-0700 (PDT)"
    )


def test_errors_with_a_session_count_too(engine: MockArena, auth: dict) -> None:
    before = remaining(engine.handle("GET", "/v1/imports", auth))
    engine.handle("GET", f"/v1/imports/{GOOD}/runs", auth)  # 3012
    assert remaining(engine.handle("GET", "/v1/imports", auth)) == before - 2


# -- determinism -------------------------------------------------------------------


def script(engine: MockArena) -> list[bytes]:
    auth = {"arena_session_id": engine.login()}
    out = []
    for index in range(5):
        target = runs_url(engine, index)
        for query in ({}, {"limit": 400, "offset": 400}, {"status": "ERROR"}):
            response = engine.handle("GET", target, auth, query=query)
            out.append(repr(response.headers).encode() + response.body)
    out.append(engine.handle("GET", f"/v1/imports/{GOOD}", auth).body)
    return out


def test_same_seed_same_bytes() -> None:
    assert script(MockArena(seed=7, clock=FakeClock())) == script(
        MockArena(seed=7, clock=FakeClock())
    )


def test_other_seed_other_data() -> None:
    assert script(MockArena(seed=1, clock=FakeClock())) != script(
        MockArena(seed=2, clock=FakeClock())
    )


def test_data_does_not_depend_on_the_clock() -> None:
    late = FakeClock(FAKE_EPOCH.replace(year=2030))
    early, later = MockArena(clock=FakeClock()), MockArena(clock=late)
    for index in range(5):
        a = early.handle("GET", runs_url(early, index), {"arena_session_id": early.login()})
        b = later.handle("GET", runs_url(later, index), {"arena_session_id": later.login()})
        assert a.body == b.body


# -- robustness ------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/v1",
        "/v1/",
        "/v2/imports",
        "/v1/nothing",
        "/v1//imports",
        "/v1/x/imports",
        "/v1/imports/A/runs/B/C",
        "/v1/imports/A/other",
        "/v1/login/extra",
        "/imports",
    ],
)
def test_unknown_paths_get_404(engine: MockArena, auth: dict, target: str) -> None:
    assert error(engine.handle("GET", target, auth)) == (404, 404, "No resource has been found.")


@pytest.mark.parametrize(
    ("method", "target", "allowed"),
    [
        ("DELETE", "/v1/imports/{g}/runs", "GET, POST"),
        ("BREW", "/v1/imports/{g}/runs", "GET, POST"),
        ("get", "/v1/imports", "GET, POST"),
        ("POST", "/v1/imports/{g}", "GET, PUT"),
        ("DELETE", "/v1/imports/{g}/runs/{g}", "GET, PUT"),
        ("PUT", "/v1/imports/{g}/runs/{g}/errorContent", "GET"),
        ("GET", "/v1/login", "POST"),
        ("GET", "/v1/logout", "PUT"),
        ("POST", "/v1/logout", "PUT"),
    ],
)
def test_unknown_methods_get_405_with_allow(
    engine: MockArena, auth: dict, method: str, target: str, allowed: str
) -> None:
    response = engine.handle(method, target.format(g=guid(engine, BIG)), auth)
    assert error(response) == (405, 405, "The method is not allowed.")
    assert response.header("Allow") == allowed


@pytest.mark.parametrize(
    "query",
    [b"status=%FF", b"status=%E6%9D", b"status=\xff", b"status=%G1", b"offset=5%", b"%ZZ=1"],
)
def test_unreadable_queries_get_the_generic_400(engine: MockArena, auth: dict, query) -> None:
    response = engine.handle("GET", runs_url(engine).encode() + b"?" + query, auth)
    assert error(response) == (400, 400, MESSAGES[400])


def test_huge_targets_get_the_generic_400(engine: MockArena, auth: dict) -> None:
    response = engine.handle("GET", runs_url(engine) + "?status=" + "A" * 9000, auth)
    assert error(response) == (400, 400, MESSAGES[400])


def test_plus_in_the_query_is_a_space(engine: MockArena, auth: dict) -> None:
    name = "Seán O'Brien"
    plus = engine.handle("GET", runs_url(engine) + "?creator.fullName=Se%C3%A1n+O%27Brien", auth)
    assert plus.json() == list_runs(engine, auth, **{"creator.fullName": name})


def test_history_becomes_redacted_exchanges(engine: MockArena, auth: dict) -> None:
    engine.handle("GET", runs_url(engine) + "?limit=3", auth)
    exchange = engine.exchanges("http://127.0.0.1:5000/v1")[-1]
    assert exchange.request.url == f"http://127.0.0.1:5000{runs_url(engine)}?limit=3"
    assert exchange.request.param("limit") == "3"
    assert auth["arena_session_id"] not in repr(exchange.request)
    assert exchange.status == 200
    assert exchange.headers["Server"] == "ArenaSolutions"
    assert len(exchange.body["results"]) == 3
    assert exchange.text == engine.handle("GET", runs_url(engine) + "?limit=3", auth).body


def test_repr_shows_no_session_ids(engine: MockArena, auth: dict) -> None:
    assert auth["arena_session_id"] not in repr(engine)
    assert auth["arena_session_id"] not in repr(engine.sessions)


def test_state_stays_bounded_under_many_logins_and_requests() -> None:
    """Memory stays bounded: one live session per user, a fixed-size history."""
    users = {f"user{i}@example.com": "pw" for i in range(3)}
    engine = MockArena(clock=FakeClock(), users=users, quota=100_000, history=50)
    guid = engine.dataset.definitions[1].guid
    for round_ in range(300):
        session = engine.login(f"user{round_ % 3}@example.com", "pw")
        engine.handle("GET", f"/v1/imports/{guid}/runs", {"arena_session_id": session})
    assert engine.sessions.live == 3
    assert len(engine.exchanges()) == 50
