"""The GitHub workflows of docs/workflows/, run as far as they can run here.

Each `run:` step runs as GitHub runs it (`bash -eo pipefail`), in a scratch project, with
the environment GitHub gives a step: CI, GITHUB_ACTIONS, GITHUB_WORKSPACE, a
GITHUB_STEP_SUMMARY file, the workflow's, job's and step's `env:` with `${{ vars.X }}` and
`${{ secrets.X }}` standing for the bundled mock's URL and user. What cannot run here is
left out: the `uses:` steps (checkout, setup-python, upload-artifact: the scratch project is
the checkout, this Python the setup) and the install line (it needs github.com: its form is
checked instead). ARENA_EXAMPLES=2 keeps the suite's exploration short; nothing else is
changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD
from tests.helpers import run_cli

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / "docs" / "workflows"
#: The actions the workflows may use: none of them can run here.
ACTIONS = ("actions/checkout@", "actions/setup-python@", "actions/upload-artifact@")
#: What the expressions stand for here.
EXPRESSIONS = {
    "vars.ARENA_URL": "mock",
    "secrets.ARENA_EMAIL": DEFAULT_EMAIL,
    "secrets.ARENA_PASSWORD": DEFAULT_PASSWORD,
}


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def expand(value: object) -> str:
    def one(found: re.Match) -> str:
        expression = found.group(1).strip()
        assert expression in EXPRESSIONS, f"no stand-in for ${{{{ {expression} }}}}"
        return EXPRESSIONS[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def steps(workflow: dict) -> list[tuple[str, dict, dict]]:
    """(job, its env, step) for every step of every job, in order."""
    return [
        (name, {**workflow.get("env", {}), **job.get("env", {})}, step)
        for name, job in workflow["jobs"].items()
        for step in job["steps"]
    ]


def run_steps(
    workflow: dict, project: Path, extra_env: dict[str, str] | None = None
) -> tuple[list[tuple[str, int, str]], str]:
    """Run every `run:` step but the install; (name, exit code, output) each, and what the
    steps wrote to GITHUB_STEP_SUMMARY."""
    summary = project.parent / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "PYTEST_"))}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    base.update(
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(project),
        GITHUB_STEP_SUMMARY=str(summary),
        RUNNER_TEMP=str(project.parent),
        ARENA_EXAMPLES="2",
    )
    done = []
    for _, job_env, step in steps(workflow):
        if "uses" in step or step.get("name") == "Install arena-contract":
            continue
        env = {**base, **{k: expand(v) for k, v in {**job_env, **step.get("env", {})}.items()}}
        env.update(extra_env or {})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.append((step["name"], result.returncode, result.stdout + result.stderr))
    return done, summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["arena-contract-pr.yml", "arena-contract-nightly.yml"])
def test_the_workflow_is_one_github_can_run(name):
    workflow = load(name)
    assert set(workflow) >= {"name", True, "jobs"}  # PyYAML reads the key `on:` as True
    for _, _, step in steps(workflow):
        assert ("uses" in step) != ("run" in step), step
        if "uses" in step:
            assert step["uses"].startswith(ACTIONS), step["uses"]
        else:
            assert step.get("name"), step
        if "if" in step:
            assert step["if"] == "${{ !cancelled() }}"
    [install] = [s for _, _, s in steps(workflow) if s.get("name") == "Install arena-contract"]
    assert re.fullmatch(
        r'pip install "arena-contract @ git\+https://github\.com/<owner>/arena-contract@<commit>"',
        install["run"].strip(),
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """An integration's repository, checked out: a test of its own that uses the mock, and
    captures of Arena's answers under recordings/."""
    root = tmp_path / "erp-sync"
    (root / "recordings").mkdir(parents=True)
    for example in (ROOT / "examples").glob("*.json"):
        shutil.copy(example, root / "recordings" / example.name)
    (root / "tests").mkdir()
    (root / "tests" / "test_client.py").write_text(
        "import requests\n\n\n"
        "def test_the_client_lists_runs(arena_mock):\n"
        "    session = arena_mock.login()\n"
        "    guid = arena_mock.engine.dataset.definitions[0].guid\n"
        "    url = f'{arena_mock.base_url}/imports/{guid}/runs'\n"
        "    answer = requests.get(url, headers={'arena_session_id': session}, timeout=10)\n"
        "    assert answer.status_code == 200\n",
        encoding="utf-8",
    )
    return root


# Slow (CI runs it): each step is a fresh process running a whole probe/record/drift; the quick
# run keeps the workflow's form (test_the_workflow_is_one_github_can_run) and the commands'
# behaviour (test_probe_cli, test_record, test_drift_cli, test_docs).
@pytest.mark.slow
def test_the_pull_request_workflow_passes_on_the_mock_and_good_captures(project):
    done, _ = run_steps(load("arena-contract-pr.yml"), project)
    assert [(name, code) for name, code, _ in done] == [
        ("Your tests and the contract suite, against the mock Arena", 0),
        ("Check the captured responses", 0),
    ], done
    report = (project / "arena-contract.xml").read_text(encoding="utf-8")
    assert "test_the_client_lists_runs" in report and "test_probe" in report


def test_the_pull_request_workflow_annotates_a_failing_capture(project):
    broken = (project / "recordings" / "runs.json").read_text(encoding="utf-8")
    (project / "recordings" / "runs.json").write_text(broken.replace('"count"', '"total"'))
    workflow = load("arena-contract-pr.yml")
    job = workflow["jobs"]["contract"]
    job["steps"] = [s for s in job["steps"] if s.get("name") == "Check the captured responses"]
    [(_, code, output)] = run_steps(workflow, project)[0]
    assert code == 1
    assert re.search(r"^::error file=recordings/runs\.json,", output, re.M), output


def first_baseline(project: Path) -> None:
    """What the nightly workflow's header says to do once: record, infer, commit."""
    recorded = project.parent / "first"
    for argv in (
        ["record", "--max-imports", "3", "-o", str(recorded)],
        ["infer", str(recorded), "-o", str(project / "arena-baseline.json")],
    ):
        done = run_cli(*argv, fresh=True, timeout=300)
        assert done.code == 0, done.err


# Slow (CI runs it): each step is a fresh process running a whole probe/record/drift; the quick
# run keeps the workflow's form (test_the_workflow_is_one_github_can_run) and the commands'
# behaviour (test_probe_cli, test_record, test_drift_cli, test_docs).
@pytest.mark.slow
def test_the_nightly_workflow_probes_records_and_reports_drift(project):
    first_baseline(project)
    done, summary = run_steps(load("arena-contract-nightly.yml"), project)
    assert [code for _, code, _ in done] == [0, 0, 0], done
    assert [name for name, _, _ in done] == [
        "Probe the live workspace",
        "Record a sample",
        "Drift against the committed shape summary",
    ]
    assert "## arena-contract probe" in summary and "the contract holds" in summary
    assert "## arena-contract record" in summary and "recorded: " in summary
    assert "drift" in summary.lower() and (project / "drift.md").is_file()
    assert (project / "arena-probe.xml").is_file()
    assert list((project / "recordings" / "nightly").glob("*.har"))


# Slow (CI runs it): each step is a fresh process running a whole probe/record/drift; the quick
# run keeps the workflow's form (test_the_workflow_is_one_github_can_run) and the commands'
# behaviour (test_probe_cli, test_record, test_drift_cli, test_docs).
@pytest.mark.slow
def test_the_nightly_workflow_fails_on_a_breaking_drift_and_reports_it(project):
    """After an Arena release (the mock's renamed-field switch): the record step records,
    the drift step fails and the step summary says why."""
    first_baseline(project)
    workflow = load("arena-contract-nightly.yml")
    job = workflow["jobs"]["live"]
    job["steps"] = [s for s in job["steps"] if "probe" not in s.get("run", "")]
    done, summary = run_steps(workflow, project, {"ARENA_MOCK_DRIFT": "renamed-field"})
    assert [(name, code) for name, code, _ in done] == [
        ("Record a sample", 0),
        ("Drift against the committed shape summary", 1),
    ], done
    assert "submitFileType" in summary and "breaking" in summary.lower(), summary
