"""The mock's fronts say what they are and what they served: their repr names the drift
switches, ``findings()`` runs the validator over what they served, and a user's test that
fails against a drifted fixture gets a report section naming the drift and the findings.

Requests go over real HTTP (``serve_in_thread``) or through ``responses`` (``arena()``)
with ``requests``, as a user's client would send them.
"""

from __future__ import annotations

import pytest
import requests

from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, DRIFTS, arena, serve_in_thread
from tests.helpers import MOCK_SESSION
from tests.test_drift_switches_caught import CAUGHT_BY

pytest_plugins = ("pytester",)


def user_traffic(base_url: str, engine) -> None:
    """What a user's client might send: each kind of answer the contract knows."""
    http = requests.Session()
    login = http.post(
        f"{base_url}/login", json={"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD}
    )
    http.headers["arena_session_id"] = login.json()["arena_session_id"]
    http.get(f"{base_url}/imports")
    for definition in engine.dataset.definitions:
        runs = f"{base_url}/imports/{definition.guid}/runs"
        http.get(runs)
        http.get(runs, params={"status": "COMPLETE"})
        http.get(runs, params={"limit": 5})
        http.get(runs, params={"limit": 5, "offset": 5})
        for run in definition.runs[:1]:
            http.get(f"{runs}/{run['guid']}")
    first = engine.dataset.definitions[0].guid
    # An import automation's writes and reads: a dry run with a bad record, its error file,
    # its commit (the mock finishes it at once: run_timing (0, 0) below).
    csv = b"Part Number,Descrptn\r\nP-1,Fan\r\n,no number\r\n"  # as its mapping names them
    started = http.post(
        f"{base_url}/imports/{first}/runs",
        files={"submitContent": ("parts.csv", csv, "text/csv")},
        data={"submitFileType": "CSV", "commit": "false"},
    ).json()
    run = f"{base_url}/imports/{first}/runs/{started['guid']}"
    http.get(run)
    http.get(f"{run}/errorContent")
    http.put(run, json={"commit": True})
    http.get(f"{base_url}/imports/{first.lower()}/runs")  # malformed
    http.get(f"{base_url}/imports/AAAAAAAAAAAAAAAAAAAA/runs")  # unknown
    requests.get(f"{base_url}/imports/{first}/runs")  # no session


@pytest.mark.parametrize("front", ["arena", "serve_in_thread"])
@pytest.mark.parametrize("drift", [None, *sorted(DRIFTS)])
def test_findings_name_each_switchs_rule(front, drift):
    drifts = [drift] if drift else []
    opener = arena if front == "arena" else serve_in_thread
    with opener(seed=3, drifts=drifts, run_timing=(0, 0)) as fake:
        engine = fake.engine if front == "arena" else fake.arena
        base_url = fake.base_url if front == "arena" else fake.url
        user_traffic(base_url, engine)
        found = fake.findings()
        assert f"drifts={drifts}" in repr(fake)
    if drift is None:
        assert found == []
        return
    rule, severity = CAUGHT_BY[drift]
    caught = [f for f in found if f.finding.rule == rule]
    assert caught, (drift, {f.finding.rule for f in found})
    # The worst of them, as in test_drift_switches_caught: a repeat within one walk is an
    # error, the same runs compared with a page of another walk stay warnings.
    worst = "error" if any(f.finding.severity == "error" for f in caught) else "warning"
    assert worst == severity
    for item in caught:
        assert item.request.split(" ")[1].startswith(base_url), item.request
        assert str(item).startswith(item.request)
        assert not MOCK_SESSION.search(str(item))


USER_TESTS = """
import json
import pytest
import requests

def runs_of(base_url, session, guid):
    r = requests.get(f"{base_url}/imports/{guid}/runs", headers={"arena_session_id": session})
    return r.json()["results"]

@pytest.mark.arena_mock(drifts=["renamed-field"])
def test_keyerror_under_a_drift(arena_mock):
    session = arena_mock.login()
    guid = arena_mock.engine.dataset.definitions[0].guid
    assert [run["submitFileType"] for run in runs_of(arena_mock.base_url, session, guid)]

@pytest.mark.arena_mock(drifts=["wrong-content-length"])
def test_json_error_over_http(arena_server):
    login = {"email": "integration@example.com", "password": "arena-mock"}
    session = requests.post(arena_server.url + "/login", json=login).json()["arena_session_id"]
    guid = arena_server.arena.dataset.definitions[0].guid
    assert runs_of(arena_server.url, session, guid)

@pytest.mark.arena_mock(drifts=["null-creator"])
def test_passes_under_a_drift(arena_mock):
    session = arena_mock.login()
    guid = arena_mock.engine.dataset.definitions[0].guid
    assert runs_of(arena_mock.base_url, session, guid)

def test_fails_on_a_plain_mock(arena_mock):
    assert arena_mock.engine.seed == 99  # the test's own bug

@pytest.mark.arena_mock(drifts=["null-creator", "count-as-string"])
def test_repr_in_an_assertion(arena_mock):
    assert arena_mock is None
"""


def test_a_failed_users_test_is_told_the_drift_and_what_was_served(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=4)
    out = result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*_ test_keyerror_under_a_drift _*",
            "*KeyError*",
            "*- arena-contract: arena_mock -*",
            "drift switches in effect: renamed-field (Runs carry `fileType` instead of *",
            "what the mock served against the contract (* finding(s), 2 kind(s)):",
            "  [[]error] schema.required at /results/0/submitFileType: *(and * more at "
            "/results/*/submitFileType)",
            "    in GET https://api.arenasolutions.com/v1/imports/*/runs",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*_ test_json_error_over_http _*",
            "*JSONDecodeError*",
            "*- arena-contract: arena_server -*",
            "drift switches in effect: wrong-content-length (*",
            "  [[]error] header.content-length at Content-Length: *",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*assert InProcessMock(*, drifts=[[]'null-creator', 'count-as-string'[]])*"]
    )
    # A passing test, and a failing one on a plain mock that served nothing wrong: no section.
    sections = out.count("- arena-contract: arena_")
    assert sections == 3, out  # the KeyError, the JSONDecodeError and the repr test
    assert not MOCK_SESSION.search(out)


def test_docs_name_every_public_name_of_the_mock():
    import re
    from pathlib import Path

    import arena_contract.mock as mock

    text = (Path(__file__).parent.parent / "docs" / "mock.md").read_text(encoding="utf-8")
    table = text.split("### The public names of `arena_contract.mock`", 1)[1].split("###", 1)[0]
    named = set()
    for row in re.findall(r"^\| (.+?) \|", table, re.M):
        named |= set(re.findall(r"`([A-Za-z_]+)", row))
    assert set(mock.__all__) <= named, set(mock.__all__) - named
