"""Every subcommand whose output cannot be written (`> /dev/full`) says so in one line and
exits 2: never a traceback, never Python's "Exception ignored" as the process ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = str(ROOT / "examples")

COMMANDS = {
    "check": ["check", EXAMPLES],
    "check-json": ["check", "--format", "json", EXAMPLES],
    "check-junit": ["check", "--format", "junit", EXAMPLES],
    "infer": ["infer", EXAMPLES],
    "infer-text": ["infer", "--format", "text", EXAMPLES],
    "drift": ["drift", "--spec", EXAMPLES],
    "drift-json": ["drift", "--spec", "--format", "json", EXAMPLES],
    "rules": ["rules"],
    "rules-json": ["rules", "--format", "json"],
    "contract": ["contract", "path"],
    "serve": ["serve", "--list-drifts"],
    "serve-url": ["serve", "--port", "0"],
    "probe": ["probe", "--max-requests", "8", "--examples", "0"],
    "record": ["record", "--max-requests", "12"],
}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_full_output_device_is_one_line_and_exit_2(tmp_path, name):
    argv = COMMANDS[name] + (["--output", str(tmp_path)] if name == "record" else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "arena_contract", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("arena-contract")]
    assert lines[-1] == "arena-contract: cannot write standard output: No space left on device"
