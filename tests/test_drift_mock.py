"""Drift on recordings of the bundled mock: each drift switch reports exactly its changes,
other data of the same shape reports nothing, and the plain mock meets the contract.

Most pairs drive the mock's engine directly (fast, no sockets) with a fixed request script
like `arena-contract record`'s; a few go through the real `record` command and HAR files.
"""

import json
import os

import pytest

from arena_contract.drift import compare, contract_shape, drift, infer
from arena_contract.drift.compare import body_pools
from arena_contract.exchange import Exchange, Headers
from arena_contract.mock import DRIFTS, FakeClock, MockArena
from arena_contract.suite.inputs import pick_content_run
from tests.helpers import run_cli

LIST = "body:listImportRuns:/results/*"
RUN = "body:getImportRun:"
READ_FILES = ("Submit", "Result", "Error")

#: What each switch must report (kind, severity, location); None: computed in the test.
#: The switches with no change alter behaviour, not shape: `check` catches those
#: (tests/test_drift_switches_caught.py), drift is not meant to.
EXPECTED = {
    "renamed-field": {
        ("field-removed", "breaking", f"{LIST}/submitFileType"),
        ("field-removed", "breaking", f"{RUN}/submitFileType"),
        ("field-added", "info", f"{LIST}/fileType"),
        ("field-added", "info", f"{RUN}/fileType"),
    },
    "renamed-completion-date": {
        ("field-removed", "breaking", f"{LIST}/completionDateTime"),
        ("field-removed", "breaking", f"{RUN}/completionDateTime"),
        ("field-added", "info", f"{LIST}/completedDateTime"),
        ("field-added", "info", f"{RUN}/completedDateTime"),
    },
    "count-as-string": {
        ("type-changed", "breaking", "body:listImportRuns:/count"),
        ("type-changed", "breaking", "body:listImports:/count"),
    },
    "new-status-value": {
        ("enum-value-undocumented", "breaking", f"{LIST}/status"),
        ("enum-value-undocumented", "breaking", f"{RUN}/status"),
    },
    "null-creator": {
        ("became-nullable", "breaking", f"{LIST}/creator"),
        ("became-nullable", "breaking", f"{RUN}/creator"),
    },
    "missing-required-field": {
        ("field-removed", "breaking", f"{LIST}/status"),
        ("field-removed", "breaking", f"{RUN}/status"),
    },
    "date-without-zone": None,
    "error-form-changed": {
        ("field-removed", "breaking", "body:error:/errors"),
        ("field-removed", "breaking", "body:error:/status"),
        ("field-added", "info", "body:error:/error"),
    },
    "bad-guid-wrong-code": {
        ("error-code-changed", "breaking", "error-code:listImportRuns/bad-guid"),
        ("error-code-changed", "breaking", "error-code:getImportRun/bad-guid"),
    },
    "404-for-unknown-guid": {
        ("status-changed", "breaking", "status:listImportRuns/unknown-guid"),
        ("status-changed", "breaking", "status:getImportRun/unknown-guid"),
        ("error-code-changed", "breaking", "error-code:listImportRuns/unknown-guid"),
        ("error-code-changed", "breaking", "error-code:getImportRun/unknown-guid"),
    },
    "filter-ignored": set(),
    "duplicate-runs-across-pages": set(),
    "page-size-over-limit": set(),
    "missing-rate-limit-header": {
        ("header-removed", "breaking", "header:X-Arena-Requests-Remaining"),
        ("header-removed", "breaking", "header:X-Arena-Next-Request-Limit-Reset"),
    },
    "wrong-content-length": set(),
    # The import lifecycle's: RUNNING is a documented value; only the finished ones go.
    "run-stuck-running": {("enum-value-removed", "info", f"{LIST}/status")},
    # A recording of GETs: no commit. An empty error file is no new shape (a file is not
    # JSON): check catches it (content.rows, tests/test_drift_switches_caught.py).
    "commit-answers-200": set(),
    "empty-error-file": set(),
    "processing-status": {
        ("enum-value-undocumented", "breaking", f"{LIST}/status"),
        ("enum-value-undocumented", "breaking", f"{RUN}/status"),
    },
}


def record(seed: int = 0, drifts: tuple[str, ...] = ()) -> list:
    """Every kind of request the drift groups know, against one mock; GETs only."""
    mock = MockArena(seed=seed, clock=FakeClock(), drifts=drifts)
    session = {"arena_session_id": mock.login(), "Accept": "application/json"}
    definitions = mock.dataset.definitions
    mock.handle("GET", "/v1/imports", session)
    for definition in definitions:
        runs = f"/v1/imports/{definition.guid}/runs"
        mock.handle("GET", runs, session)
        mock.handle("GET", runs + "?limit=5&offset=3", session)
        mock.handle("GET", runs + "?status=COMPLETE", session)
        for run in definition.runs[-3:]:
            mock.handle("GET", f"{runs}/{run['guid']}", session)
        mock.handle("GET", f"/v1/imports/{definition.guid}", session)
        # The probe's read side: the files of the finished run that ended last, as the
        # probe picks it from the first and the last page (tests/test_probe_read_side.py).
        newest = pick_content_run(list(definition.runs))
        failed = pick_content_run(list(definition.runs), errors=True)
        for run, name in ((newest, "submit"), (newest, "result"), (failed, "error")):
            if run is not None:
                mock.handle("GET", f"{runs}/{run['guid']}/{name}Content", session)
    known = definitions[0].guid
    mock.handle("GET", "/v1/imports/NOT-A-GUID/runs", session)
    mock.handle("GET", f"/v1/imports/{known}/runs/bad", session)
    mock.handle("GET", "/v1/imports/AAAAAAAAAAAAAAAAAAAA/runs", session)
    mock.handle("GET", f"/v1/imports/{known}/runs/AAAAAAAAAAAAAAAAAAAA", session)
    mock.handle("GET", f"/v1/imports/{known}/runs", {"Accept": "application/json"})
    return [e for e in mock.exchanges() if e.request.method == "GET"]


@pytest.fixture(scope="module")
def baseline():
    return infer(record())


def _changes(report):
    return {(c.kind, c.severity, c.location) for c in report.changes}


def test_every_switch_has_an_expectation():
    assert set(EXPECTED) == set(DRIFTS)


@pytest.mark.parametrize("name", sorted(DRIFTS))
def test_each_drift_switch_reports_exactly_its_changes(baseline, name):
    expected = EXPECTED[name]
    if expected is None:  # every date-time field the recording holds, and nothing else
        expected = {
            ("format-changed", "breaking", f"body:{pool}:{path}")
            for pool, body in body_pools(baseline).items()
            for path, field in body.fields.items()
            if set(field.formats) == {"date-time-utc"}
        }
        assert len(expected) >= 10
    assert _changes(drift(baseline, infer(record(drifts=(name,))))) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_data_of_the_same_shape_is_no_drift(baseline, seed):
    report = drift(baseline, infer(record(seed)))
    assert report.changes == []
    assert report.notes == []


def test_the_plain_mock_meets_the_contract(baseline):
    report = compare(contract_shape(), baseline)
    assert report.changes == []
    [note] = report.notes
    prefix = "not exercised by the recording, so not compared: "
    assert note.startswith(prefix)
    # The read side is compared (issue 18 item 4): a single definition, the content files
    # and their 3017 refusals; what the recording never asks of them (a malformed or unknown
    # GUID, no session) is all that stays unexercised.
    unasked = {
        f"{operation}/{klass}"
        for operation in ("getImport", *(f"getImportRun{f}Content" for f in READ_FILES))
        for klass in ("bad-guid", "no-session", "unknown-guid")
    }
    assert (
        set(note.removeprefix(prefix).split(", "))
        == {
            "getImportRun/no-session",
            "listImports/filtered",
            "listImports/no-session",
            "listImports/paged",
        }
        | unasked
    )


def test_the_read_side_is_compared(baseline):
    """A single definition's body and a content file's headers are drift's to compare."""
    groups = set(baseline.groups)
    assert {"getImport/ok", "getImportRunResultContent/ok"} <= groups
    assert {f"getImportRun{f}Content/not-downloadable" for f in READ_FILES} <= groups
    changed = []
    for exchange in record():
        path = exchange.request.path
        if path.count("/") == 3 and exchange.status == 200:  # /v1/imports/{guid}
            body = {**exchange.body, "name": 7}  # a number where a name was
            exchange = Exchange(exchange.request, 200, exchange.headers, json.dumps(body))
        elif path.endswith("/resultContent") and exchange.status == 200:
            headers = Headers([(k, v) for k, v in exchange.headers.items() if k != "Content-Type"])
            exchange = Exchange(exchange.request, 200, headers, exchange.text)
        changed.append(exchange)
    found = _changes(drift(baseline, infer(changed)))
    assert ("type-changed", "breaking", "body:getImport:/name") in found
    # Only the result files lost their Content-Type: the other answers keep it.
    assert {(kind, where) for kind, _, where in found if where.startswith("header:")} == {
        ("became-optional", "header:Content-Type")
    }


@pytest.mark.parametrize("name", ["renamed-field", "null-creator", "404-for-unknown-guid"])
def test_the_contract_catches_the_same_switches(name):
    report = compare(contract_shape(), infer(record(drifts=(name,))))
    assert {c.severity for c in report.changes} == {c[1] for c in EXPECTED[name]}


# -- through `arena-contract record` (HAR files) -------------------------------------------


@pytest.fixture
def quiet_env(monkeypatch):
    """No ARENA_* settings from the developer's shell: `record` must record the mock."""
    for name in list(os.environ):
        if name.startswith("ARENA_"):
            monkeypatch.delenv(name)


def _record(tmp_path, name, *drifts):
    out = tmp_path / name
    assert run_cli("record", "--out", out, *(f"--drift={d}" for d in drifts)).code == 0
    return str(out)


def _drift_cli(*argv):
    code, out, _ = run_cli("drift", *argv, "--format", "json")
    changes = json.loads(out)["changes"]
    return code, {(c["kind"], c["severity"], c["location"]) for c in changes}


def test_recorded_har_pairs(tmp_path, quiet_env):
    plain = _record(tmp_path, "plain")
    assert _drift_cli(plain, _record(tmp_path, "again")) == (0, set())
    assert _drift_cli("--spec", plain) == (0, set())
    assert _drift_cli(plain, _record(tmp_path, "renamed", "renamed-field")) == (
        1,
        {
            ("field-removed", "breaking", f"{LIST}/submitFileType"),
            ("field-removed", "breaking", f"{RUN}/submitFileType"),
            ("field-added", "info", f"{LIST}/fileType"),
            ("field-added", "info", f"{RUN}/fileType"),
        },
    )
    headers = _record(tmp_path, "headers", "missing-rate-limit-header")
    assert _drift_cli(plain, headers) == (1, EXPECTED["missing-rate-limit-header"])
