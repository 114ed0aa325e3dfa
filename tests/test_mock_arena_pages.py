"""The mock answers as Arena's pages say, through both fronts (the loopback server and the
``responses`` hook): GET /imports searches, logout without a body, the four run statuses,
change summaries with url {api, app}."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from arena_contract import vocabulary
from arena_contract.mock import FakeClock, MockArena, arena, serve_in_thread
from arena_contract.validate import validate_response


@pytest.fixture(params=["server", "responses"])
def front(request):
    """(base URL, engine, session headers) of a mock behind one of its two fronts."""
    engine = MockArena(clock=FakeClock())
    if request.param == "server":
        with serve_in_thread(arena=engine) as server:
            yield server.url, engine, {"arena_session_id": engine.login()}
    else:
        with arena(engine=engine) as mock:
            yield mock.base_url, engine, {"arena_session_id": engine.login()}


def search(front, **query):
    base, _, auth = front
    return requests.get(f"{base}/imports", params=query, headers=auth, timeout=10)


def wires(engine: MockArena) -> list[dict]:
    return [dict(d.wire) for d in engine.dataset.definitions]


def test_the_search_pages_attributes_filter(front):
    _, engine, _ = front
    every = wires(engine)
    first = every[1]
    for name, value, keep in [
        ("name", first["name"], lambda d: d["name"] == first["name"]),
        ("number", str(first["number"]), lambda d: d["number"] == first["number"]),
        ("description", first["description"], lambda d: d["description"] == first["description"]),
        ("creator.email", first["creator"]["email"], lambda d: d["creator"] == first["creator"]),
        ("creator.guid", first["creator"]["guid"], lambda d: d["creator"] == first["creator"]),
        ("mode", first["mode"], lambda d: d["mode"] == first["mode"]),
        ("resource", first["resource"], lambda d: d["resource"] == first["resource"]),
        ("name", first["name"][:4] + "*", lambda d: d["name"].startswith(first["name"][:4])),
        ("name", "no such definition", lambda d: False),
    ]:
        answer = search(front, **{name: value})
        assert answer.status_code == 200, answer.text
        expected = [d for d in every if keep(d)]
        assert answer.json() == {"count": len(expected), "results": expected}, (name, value)
        report = validate_response(200, answer.headers, answer.content, request=answer.url)
        assert report.ok, report.findings


def test_an_attribute_that_is_not_searchable_gets_3019(front):
    """The search page's own sample: GET /imports?creator.Name=Heidi Walker."""
    answer = search(front, **{"creator.Name": "Heidi Walker"})
    assert answer.status_code == 400
    assert answer.json() == {
        "status": 400,
        "errors": [{"code": 3019, "message": 'The attribute "creator.Name" is not searchable.'}],
    }


def test_the_search_pages_default_20_max_400():
    engine = MockArena(clock=FakeClock(), run_counts=[0] * 45)
    with arena(engine=engine) as mock:
        auth = {"arena_session_id": engine.login()}
        get = lambda **q: requests.get(f"{mock.base_url}/imports", params=q, headers=auth)  # noqa: E731
        assert len(get().json()["results"]) == vocabulary.DEFAULT_LIMIT == 20
        assert get(limit=400).json()["count"] == 45
        assert get(limit=401).json()["errors"][0]["code"] == 3220


def test_logout_answers_200_without_a_body(front):
    base, _, auth = front
    answer = requests.put(f"{base}/logout", headers=auth, timeout=10)
    assert (answer.status_code, answer.content) == (200, b"")
    again = requests.put(f"{base}/logout", headers=auth, timeout=10)
    assert again.status_code == 401


def test_the_default_workspace_uses_the_four_documented_statuses_only():
    statuses = {run["status"] for d in MockArena().dataset.definitions for run in d.runs}
    assert (
        statuses
        == set(vocabulary.DOCUMENTED_RUN_STATUSES)
        == {
            "CREATED",
            "RUNNING",
            "COMPLETE",
            "ERROR",
        }
    )


def test_purged_runs_only_behind_the_switch():
    plain, purged = MockArena(), MockArena(purged=True)
    for before, after in zip(plain.dataset.definitions, purged.dataset.definitions, strict=True):
        for a, b in zip(before.runs, after.runs, strict=True):
            assert a["status"] == b["status"] or (a["status"], b["status"]) == (
                "COMPLETE",
                "PURGED",
            )
    assert any(r["status"] == "PURGED" for d in purged.dataset.definitions for r in d.runs)


def test_change_summaries_carry_url_api_and_app():
    changes = [
        change
        for d in MockArena().dataset.definitions
        for run in d.runs
        for change in run.get("changes", [])
    ]
    assert changes
    for change in changes:
        assert set(change["url"]) == {"api", "app"}
        assert change["url"]["api"].endswith("/changes/" + change["guid"])


@given(name=st.text(min_size=1, max_size=12).filter(lambda n: n not in vocabulary.IMPORT_FILTERS))
def test_any_other_search_attribute_gets_3019(name):
    engine = MockArena(clock=FakeClock())
    auth = {"arena_session_id": engine.login()}
    if name in vocabulary.PAGING:
        return
    answer = engine.handle("GET", "/v1/imports", auth, query={name: "x"})
    assert answer.status == 400 and answer.json()["errors"][0]["code"] == 3019


def test_check_accepts_the_3019_of_an_unknown_run_list_parameter():
    engine = MockArena(clock=FakeClock())
    auth = {"arena_session_id": engine.login()}
    guid = engine.dataset.definitions[0].guid
    engine.handle("GET", f"/v1/imports/{guid}/runs?colour=blue", auth)
    [exchange] = engine.exchanges()[-1:]
    assert exchange.status == 400 and exchange.body["errors"][0]["code"] == 3019
    from arena_contract.validate import Validator

    assert Validator().check(exchange).ok
