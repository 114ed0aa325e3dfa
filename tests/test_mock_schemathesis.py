"""External conformance: `schemathesis run` against the running mock finds nothing.

Run as docs/contract.md tells users to: from a directory made by `arena-contract contract export`
(so its schemathesis.toml, which names each relaxation and why, applies), with the hooks
module, every Schemathesis check, and the real import GUIDs the hooks find. The mock's own
record of what it served shows that run lists and runs were answered and checked.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from arena_contract.mock import FakeClock, MockArena, serve_in_thread
from tests.helpers import run_cli

ROOT = Path(__file__).parent.parent

# Slow: `schemathesis run` in fresh processes. In the quick run, test_st_targets runs the
# hooks' discovery and targets in-process against the mock, test_contract_export has
# Schemathesis load the bundle, test_mock_contract checks the mock's every answer.
pytestmark = pytest.mark.slow


CONTRACT_MD = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
#: docs/contract.md's Schemathesis commands, as users copy them (the tests run exactly these).
DOC_COMMANDS = re.search(
    r"```sh\n(arena-contract contract export [^\n]*\nSCHEMATHESIS_HOOKS=.*?)```", CONTRACT_MD, re.S
)


def bin_dir() -> Path:
    # Schemathesis is a dependency (pyproject.toml): its command missing is a broken
    # install, which fails here rather than skipping.
    assert shutil.which("schemathesis", path=str(Path(sys.executable).parent)), (
        "the schemathesis command is not installed next to this Python"
    )
    return Path(sys.executable).parent


def schemathesis_run(
    engine: MockArena,
    tmp_path,
    *,
    env: dict[str, str] | None = None,
    session: bool = True,
    options: tuple[str, ...] = ("--checks", "all", "--max-examples", "25"),
) -> tuple[subprocess.CompletedProcess, str]:
    """docs/contract.md's commands in an empty directory, against the engine instead of Arena,
    with ``options`` (and a seed and reports) added to `schemathesis run`."""
    assert DOC_COMMANDS, "docs/contract.md lost its Schemathesis commands"
    script = DOC_COMMANDS.group(1).replace("\\\n", " ").strip()
    assert script.count("https://api.arenasolutions.com/v1") == 1
    if not session:
        script = script.replace(' -H "arena_session_id: $ARENA_SESSION_ID"', "")
    common = (
        "--seed",
        "1",
        "--no-color",
        "--report",
        "vcr,har,ndjson",
        "--report-dir",
        str(tmp_path),
    )
    # The hooks read ARENA_* settings: only those the test gives apply.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
    path = f"{bin_dir()}{os.pathsep}{os.environ.get('PATH', '')}"
    tmp_path.mkdir(parents=True, exist_ok=True)
    with serve_in_thread(engine) as server:
        session_id = engine.login()
        run = script.replace("https://api.arenasolutions.com/v1", server.url)
        given_session = {"ARENA_SESSION_ID": session_id} if session else {}
        done = subprocess.run(
            ["bash", "-c", f"set -e\n{run} {shlex.join([*options, *common])}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env={**clean, "PATH": path, **given_session, **(env or {})},
        )
    return done, session_id


def served(engine: MockArena) -> Counter:
    """What the mock answered, by (endpoint, status, who asked)."""
    counted: Counter = Counter()
    for exchange in engine.exchanges():
        path = urlsplit(exchange.request.url).path
        parts = path.split("/")
        endpoint = {2: "imports", 4: "runs", 5: "run"}.get(len(parts) - 1, "other")
        if not path.startswith("/v1/imports"):
            endpoint = "other"
        agent = exchange.request.headers.get("User-Agent", "")
        who = "hooks" if agent.startswith("arena-contract/") else "schemathesis"
        counted[(endpoint, exchange.status, who)] += 1
    return counted


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory):
    """One full run against the plain mock: its result, session, engine and report dir."""
    tmp_path = tmp_path_factory.mktemp("schemathesis")
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000)
    done, session = schemathesis_run(engine, tmp_path)
    return done, session, engine, tmp_path


def test_schemathesis_finds_no_failure_against_the_mock(plain_run):
    done, session, engine, _ = plain_run
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "passed" in output
    assert session not in output
    log = served(engine)
    # Real GUIDs: run lists and single runs were answered, so their bodies were checked.
    assert log[("runs", 200, "schemathesis")] >= 20, log
    assert log[("run", 200, "schemathesis")] >= 20, log
    # Finding them took GET /imports and one run list per import (2 by default).
    # A few hundred requests, as docs/contract.md says (Schemathesis keeps no budget of its own).
    # (About 600 with --max-examples 25: the contract's seven read operations.)
    assert sum(n for key, n in log.items() if key[2] == "schemathesis") <= 700, log
    hooks = {key: n for key, n in log.items() if key[2] == "hooks"}
    assert hooks == {("imports", 200, "hooks"): 1, ("runs", 200, "hooks"): 2}, hooks
    guids = [d.guid for d in engine.dataset.definitions[:2]]
    assert all(guid in done.stderr for guid in guids), done.stderr
    # A real run GUID always went with its own import (the hooks pair them in every phase),
    # so each such read was answered with the run.
    owner = {run["guid"]: d.guid for d in engine.dataset.definitions[:2] for run in d.runs}
    for exchange in engine.exchanges():
        parts = urlsplit(exchange.request.url).path.split("/")
        # Schemathesis also tries other methods and leaving the session out: not run reads.
        read = exchange.request.method == "GET" and exchange.status != 401
        if read and len(parts) == 6 and parts[5] in owner and parts[3] in guids:
            assert (parts[3], exchange.status) == (owner[parts[5]], 200), exchange.request.url


def test_named_imports_are_tested_without_discovery(tmp_path):
    """ARENA_IMPORT_GUIDS names the imports, as for the probe: no GET /imports is spent, and
    only those imports' runs are asked for; a malformed entry is named and left out."""
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000)
    chosen = engine.dataset.definitions[-1].guid
    done, _ = schemathesis_run(
        engine,
        tmp_path,
        env={"ARENA_IMPORT_GUIDS": f"{chosen}, not-a-guid"},
        options=("--include-operation-id", "listImportRuns", "--max-examples", "10"),
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "'not-a-guid' is not an Arena GUID" in done.stderr
    log = served(engine)
    assert ("imports", 200, "hooks") not in log and log[("runs", 200, "hooks")] == 1, log
    answered = {
        urlsplit(e.request.url).path.split("/")[3]
        for e in engine.exchanges()
        if e.status == 200 and urlsplit(e.request.url).path.endswith("/runs")
    }
    assert answered == {chosen}, answered


def test_without_a_session_the_hooks_say_so_and_ask_nothing(tmp_path):
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000)
    done, _ = schemathesis_run(engine, tmp_path, session=False, options=("--phases", "examples"))
    assert "no session" in done.stderr and "arena_session_id" in done.stderr
    assert not any(key[2] == "hooks" for key in served(engine)), served(engine)


def test_check_reads_schemathesis_own_recordings(plain_run, capsys):
    """Schemathesis's VCR cassette, HAR and NDJSON event stream of a run against the mock are
    real third-party captures: `arena-contract check` reads the same answers in all three
    and finds the mock conforming."""
    from arena_contract.cli import main

    tmp_path = plain_run[3]
    reports = sorted(
        p for p in tmp_path.glob("*.*") if p.suffix in (".yaml", ".har", ".json", ".ndjson")
    )
    assert len(reports) == 3, reports  # har-<time>.json, ndjson-<time>.ndjson, vcr-<time>.yaml
    code = main(["check", "--format", "json", *map(str, reports)])
    import json

    doc = json.loads(capsys.readouterr().out)
    formats = {f["format"] for f in doc["files"]}
    assert formats == {"schemathesis-vcr", "har", "schemathesis-ndjson"}, formats
    assert len({len(f["exchanges"]) for f in doc["files"]}) == 1  # the same answers in each
    assert doc["summary"]["exchanges"] > 50
    errors = [
        (f["path"], e["request"], x["rule"], x["message"])
        for f in doc["files"]
        for e in f["exchanges"]
        for x in e["findings"]
        if x["severity"] == "error"
    ]
    assert code == 0, errors[:10]


def test_schemathesis_users_get_arenas_rules_through_the_hooks(tmp_path):
    """A drift that Schemathesis's own checks cannot see (a malformed GUID answered with
    400 but code 3012) fails `schemathesis run` through the arena_contract_rules check."""
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000, drifts=("bad-guid-wrong-code",))
    done, _ = schemathesis_run(engine, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-3000:]
    assert "arena_contract_rules" in output and "error.bad-guid" in output


def test_drift_reads_har_files_another_tool_captured(tmp_path, capsys):
    """Schemathesis's own HAR reports of the plain mock and of a drifted one: `drift`
    names the change; two reports of the plain mock give none."""
    import json

    from arena_contract.cli import main

    hars = {}
    for name, drifts in (("plain", ()), ("again", ()), ("drifted", ("error-form-changed",))):
        engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000, drifts=drifts)
        schemathesis_run(engine, tmp_path / name, options=("--max-examples", "5"))
        [hars[name]] = (tmp_path / name).glob("har-*.json")
    assert main(["drift", str(hars["plain"]), str(hars["again"])]) == 0
    capsys.readouterr()
    code = main(["drift", "--format", "json", str(hars["plain"]), str(hars["drifted"])])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["summary"]["breaking"] >= 1
    assert any(
        "/errors" in c["location"] and c["severity"] == "breaking" for c in report["changes"]
    )


def test_one_runs_har_and_ndjson_report_show_no_drift_either_way(plain_run):
    """The NDJSON report drops every Date header its HAR keeps: not a drift, either way."""
    tmp_path = plain_run[3]
    [har] = tmp_path.glob("har-*.json")
    [events] = tmp_path.glob("ndjson-*.ndjson")
    for baseline, after in ((har, events), (events, har)):
        shape = tmp_path / f"{baseline.stem}.shape.json"
        assert run_cli("infer", baseline, "-o", shape).code == 0
        ran = run_cli("drift", shape, after)
        assert (ran.code, ran.out.splitlines()[-1]) == (
            0,
            "No drift (0 breaking, 0 warning, 0 info).",
        ), ran.out
