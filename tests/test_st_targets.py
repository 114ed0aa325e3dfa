"""How the Schemathesis hooks find real GUIDs: within their budget, never past the floor,
saying why when they stop, and without showing the session (a real mock over HTTP)."""

import copy

import pytest
import schemathesis

from arena_contract import contract
from arena_contract.mock import FakeClock, MockArena, serve_in_thread
from arena_contract.suite import st_targets
from tests.helpers import CANARY_SESSION, assert_clean


def asked(engine: MockArena) -> list[str]:
    return [
        e.request.url.split("/v1", 1)[1]
        for e in engine.exchanges()
        if "/login" not in e.request.url
    ]


@pytest.fixture
def arena():
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000)
    with serve_in_thread(engine) as server:
        yield engine, server.url, engine.login()


def test_discovery_takes_the_first_imports_and_their_first_pages(arena):
    engine, url, session = arena
    targets = st_targets.discover(url, session, max_imports=2)
    first_two = [d.guid for d in engine.dataset.definitions[:2]]
    assert list(targets.runs) == first_two and targets.problem is None
    assert all(len(runs) == 20 for runs in targets.runs.values())  # Arena's default page
    assert targets.spent == 3 == len(asked(engine))
    assert asked(engine)[0] == "/imports?limit=2"


@pytest.mark.parametrize("given", [1, 3])
def test_named_imports_cost_one_request_each(arena, given):
    engine, url, session = arena
    names = tuple(d.guid for d in engine.dataset.definitions[:given])
    targets = st_targets.discover(url, session, given=names, max_imports=2)  # all named count
    assert list(targets.runs) == list(names) and targets.spent == given
    assert not any(path.startswith("/imports?") for path in asked(engine))


def test_a_refused_session_stops_discovery_with_the_reason(arena):
    _, url, _ = arena
    targets = st_targets.discover(url, CANARY_SESSION)
    assert targets.runs == {} and targets.spent == 1
    assert targets.problem == "GET /imports answered 401"


def test_discovery_stops_at_the_floor():
    """Remaining requests below the floor: the first answer says so, nothing more is sent."""
    engine = MockArena(seed=0, clock=FakeClock(), quota=60)
    with serve_in_thread(engine) as server:
        session = engine.login()
        targets = st_targets.discover(server.url, session, min_remaining=100)
    assert targets.spent == 1 and len(asked(engine)) == 1
    assert targets.problem and "100" in targets.problem, targets.problem


def test_unreachable_arena_is_one_line():
    targets = st_targets.discover("http://127.0.0.1:9/v1", CANARY_SESSION)
    assert targets.runs == {} and targets.problem and "\n" not in targets.problem
    assert_clean(targets.problem, CANARY_SESSION)


def test_narrow_makes_every_guid_parameter_enumerate_the_targets():
    spec = copy.deepcopy(contract.openapi())
    targets = st_targets.Targets(runs={"A" * 20: ("R" * 20,), "B" * 20: ()})
    st_targets.narrow(spec, targets)
    guid = spec["components"]["parameters"]["importGuid"]["schema"]
    assert guid == {"type": "string", "enum": ["A" * 20, "B" * 20]}
    run_guid = spec["components"]["parameters"]["runGuid"]["schema"]
    assert run_guid == {"type": "string", "enum": ["R" * 20]}
    # Every operation with a run GUID takes it from there (the run, its commit, its files).
    for template, item in spec["paths"].items():
        for operation in item.values():
            refs = [p.get("$ref", "") for p in operation.get("parameters", [])]
            assert ("#/components/parameters/runGuid" in refs) == ("{runGuid}" in template)
    assert contract.openapi()["components"]["parameters"]["importGuid"]["schema"] != guid


def test_pair_gives_a_run_its_import_and_leaves_the_rest(monkeypatch):
    targets = st_targets.Targets(runs={"A" * 20: ("R" * 20,), "B" * 20: ("S" * 20,)})
    monkeypatch.setattr(st_targets, "TARGETS", targets)
    cases = [
        ({"guid": "B" * 20, "runGuid": "R" * 20}, {"guid": "A" * 20, "runGuid": "R" * 20}),
        ({"guid": "B" * 20, "runGuid": "X" * 20}, {"guid": "B" * 20, "runGuid": "X" * 20}),
        ({"guid": "bad guid", "runGuid": "R" * 20}, {"guid": "bad guid", "runGuid": "R" * 20}),
        ({"guid": "A" * 20}, {"guid": "A" * 20}),
    ]
    for given, expected in cases:
        st_targets.pair(given)
        assert given == expected
    st_targets.pair(None)  # a negative case may have no path parameters at all


def test_aim_asks_nothing_without_a_server_or_for_another_api(arena, capsys):
    engine, url, session = arena
    schema = schemathesis.openapi.from_path(contract.openapi_path())
    assert st_targets.aim(schema, environ={}) is None  # no --url: only reading the spec
    other = schemathesis.openapi.from_dict(
        {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}
    )
    other.config.base_url = url
    assert st_targets.aim(other, environ={"ARENA_SESSION_ID": session}) is None
    assert asked(engine) == []


def test_aim_says_what_it_found_without_the_session(arena, capsys, monkeypatch):
    engine, url, session = arena
    monkeypatch.setattr(st_targets, "TARGETS", None)
    schema = schemathesis.openapi.from_path(contract.openapi_path())
    schema.config.base_url = url
    environ = {"ARENA_SESSION_ID": session, "ARENA_MAX_IMPORTS": "1", "ARENA_IMPORT_GUIDS": ""}
    targets = st_targets.aim(schema, environ=environ)
    assert targets is st_targets.TARGETS and len(targets.runs) == 1
    said = capsys.readouterr().err
    assert engine.dataset.definitions[0].guid in said and "2 requests" in said
    assert_clean(said, session)
    guid = schema.raw_schema["components"]["parameters"]["importGuid"]["schema"]
    assert guid["enum"] == [engine.dataset.definitions[0].guid]


def test_bad_settings_are_named_and_left_out(capsys):
    environ = {"ARENA_IMPORT_GUIDS": "A" * 20 + ", lower" + "a" * 15, "ARENA_MAX_IMPORTS": "²"}
    assert st_targets.given_guids(environ) == ("A" * 20,)
    assert st_targets._int_env(environ, "ARENA_MAX_IMPORTS", 2) == 2
    assert st_targets._int_env({"ARENA_MAX_IMPORTS": "0"}, "ARENA_MAX_IMPORTS", 2, minimum=1) == 2
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 3 and "is not an Arena GUID" in said[0]
    assert "ARENA_MAX_IMPORTS='²' is not a non-negative integer" in said[1]
    assert "ARENA_MAX_IMPORTS='0' is not an integer of at least 1" in said[2]
