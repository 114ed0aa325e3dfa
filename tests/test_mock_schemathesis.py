"""External conformance: `schemathesis run openapi.yaml` against the running mock finds nothing.

Run as the command users run, from the repository root so that schemathesis.toml (which
names each relaxation and why) applies, with every Schemathesis check turned on.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from arena_contract.mock import FakeClock, MockArena, serve_in_thread

ROOT = Path(__file__).parent.parent


def schemathesis_command() -> list[str]:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the schemathesis command is not installed next to this Python")
    return [found]


def schemathesis_run(engine: MockArena, tmp_path) -> tuple[subprocess.CompletedProcess, str]:
    """`schemathesis run openapi.yaml` against the engine, with arena-contract's hooks."""
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "arena_contract.schemathesis_hooks"}
    with serve_in_thread(engine) as server:
        session = engine.login()
        done = subprocess.run(
            [
                *schemathesis_command(),
                "run",
                "openapi.yaml",
                "--url",
                server.url,
                "-H",
                f"arena_session_id: {session}",
                "--checks",
                "all",
                "--max-examples",
                "25",
                "--seed",
                "1",
                "--no-color",
                "--report",
                "vcr,har",
                "--report-dir",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
    return done, session


def test_schemathesis_finds_no_failure_against_the_mock(tmp_path):
    engine = MockArena(seed=0, clock=FakeClock(), quota=1_000_000)
    done, session = schemathesis_run(engine, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "passed" in output
    assert session not in output


def test_check_reads_schemathesis_own_recordings(tmp_path, capsys):
    """Schemathesis's VCR cassette and HAR of a run against the mock are real third-party
    captures: `arena-contract check` reads both and finds the mock conforming."""
    from arena_contract.cli import main

    test_schemathesis_finds_no_failure_against_the_mock(tmp_path)
    reports = sorted(p for p in tmp_path.iterdir() if p.suffix in (".yaml", ".har", ".json"))
    assert len(reports) == 2, reports  # har-<time>.json and vcr-<time>.yaml
    code = main(["check", "--format", "json", *map(str, reports)])
    import json

    doc = json.loads(capsys.readouterr().out)
    formats = {f["format"] for f in doc["files"]}
    assert formats >= {"schemathesis-vcr", "har"}, formats
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
        schemathesis_run(engine, tmp_path / name)
        [hars[name]] = (tmp_path / name).glob("har-*.json")
    assert main(["drift", str(hars["plain"]), str(hars["again"])]) == 0
    capsys.readouterr()
    code = main(["drift", "--format", "json", str(hars["plain"]), str(hars["drifted"])])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["summary"]["breaking"] >= 1
    assert any(
        "/errors" in c["location"] and c["severity"] == "breaking" for c in report["changes"]
    )
