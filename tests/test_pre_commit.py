"""The pre-commit hook this repository offers (.pre-commit-hooks.yaml), tried as users try it.

``pre-commit try-repo`` builds the hook's own virtualenv by pip-installing this repository
(from the package index pip is configured with: no other network), then runs the hook on a
scratch repository holding a conforming capture, a failing one and a file of another kind.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import run_cli

ROOT = Path(__file__).parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
DATA = ROOT / "tests" / "data"


def test_the_hook_is_check_on_every_capture_format():
    [hook] = HOOKS
    assert hook["id"] == "arena-contract-check" and hook["language"] == "python"
    assert hook["entry"] == "arena-contract check"
    files = re.compile(hook["files"])
    captures = [p for p in (DATA / "captures").iterdir() if p.is_file()]
    assert {p.suffix for p in captures} >= {".har", ".json", ".jsonl", ".yaml", ".yml"}
    assert all(files.search(p.as_posix()) for p in captures)
    for other in ("README.md", "arena_contract/cli/check.py", "pyproject.toml", "notes.txt"):
        assert not files.search(other), other
    # `check` reads every file the pattern takes when a directory is given: the same set.
    done = run_cli("check", "--help", fresh=True)
    assert done.code == 0, done.err
    check_help = done.out
    for suffix in re.findall(r"\.(?:json|jsonl|ndjson|har|yaml|yml)\b", check_help):
        assert files.search("recordings/x" + suffix), suffix


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which(
        "pre-commit"
    )
    if found is None:
        pytest.skip("pre-commit is not installed (pip install '.[dev]' brings it)")
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this repository as a git work tree (not an sdist)")
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
    )
    # The hook definition is product: a work tree without it is broken, not unfinished.
    assert tracked.returncode == 0, (
        ".pre-commit-hooks.yaml is not tracked by git (try-repo reads git's files)"
    )
    return found


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


# Slow: try-repo pip-installs the repository into a fresh virtualenv. In the quick run, the
# hook's definition is checked above (its entry is `arena-contract check`, its file pattern
# takes every capture format) and test_cli_check runs that command.
@pytest.mark.slow
def test_pre_commit_try_repo_runs_check_on_the_captures(tmp_path):
    command = pre_commit()
    project = tmp_path / "project"
    (project / "recordings").mkdir(parents=True)
    good = ROOT / "examples" / "bad-guid.capture.json"  # Arena's bad-GUID answer, conforming
    shutil.copy(good, project / "recordings" / "good.json")
    broken = json.loads(good.read_text())
    broken["response"]["status"] = 299
    (project / "recordings" / "broken.json").write_text(json.dumps(broken))
    (project / "README.md").write_text("not a capture: the hook's pattern leaves it out\n")
    # arena-contract's own files beside the recordings: passed over with a note, not failed.
    (project / "recordings" / "arena-known.json").write_text(
        '{"format": "arena-contract baseline", "version": 1, "findings": []}'
    )
    shape = run_cli("infer", good, fresh=True)
    assert shape.code == 0, shape.err
    (project / "recordings" / "shape.json").write_text(shape.out, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    done = subprocess.run(
        [command, "try-repo", str(ROOT), "arena-contract-check", "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert re.search(r"arena-contract check\.+Failed", output), output[-3000:]
    assert "recordings/broken.json" in output and "FAILED" in output
    assert re.search(r"recordings/good\.json: capture, 1 response\(s\), ok", output), output[-3000:]
    assert "README.md" not in output
    assert "recordings/arena-known.json: a baseline of known findings" in output
    assert "recordings/shape.json: a shape summary (arena-contract infer)" in output
    assert "schema.required" not in output
