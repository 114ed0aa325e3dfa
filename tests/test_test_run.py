"""The test run itself: a quick default and a thorough CI run, chosen in one place each.

A plain `pytest` deselects the tests marked `slow` and searches with the quick Hypothesis
profile; .ci/run runs every test with the thorough one. How hard a property test searches
is the profile's business, not each test's.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from hypothesis import settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYTEST_INI = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"][
    "ini_options"
]


def test_a_plain_pytest_deselects_the_slow_tests():
    addopts = shlex.split(PYTEST_INI["addopts"])
    assert addopts[addopts.index("-m") + 1] == "not slow"
    assert any(marker.startswith("slow:") for marker in PYTEST_INI["markers"])


def test_the_run_spreads_over_the_cores_with_a_plugin_the_dev_extra_installs():
    """CI installs '.[dev]' and runs a plain `pytest`: -n in addopts needs pytest-xdist
    there, or every run stops at "unrecognized arguments"."""
    addopts = shlex.split(PYTEST_INI["addopts"])
    assert addopts[addopts.index("-n") + 1] == "auto"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(
        re.match(r"pytest-xdist\b", need) for need in project["optional-dependencies"]["dev"]
    )


def test_ci_runs_every_test_with_the_thorough_profile():
    """.ci/run ends with the README's plain `pytest` (tests/test_docs.py), which the
    environment it exports makes thorough: the last -m given wins over addopts' one."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "pytest"
    [export] = [line for line in commands if line.startswith("export HYPOTHESIS_PROFILE=")]
    env = dict(word.split("=", 1) for word in shlex.split(export)[1:])
    assert env["HYPOTHESIS_PROFILE"] == "ci"
    assert shlex.split(env["PYTEST_ADDOPTS"]) == ["-m", "slow or not slow"]
    assert settings.get_profile("ci").max_examples > settings.get_profile("dev").max_examples


def test_no_test_hard_codes_how_many_examples_without_saying_why():
    unexplained = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name != "conftest.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bmax_examples\s*=", line) and "#" not in line
    ]
    assert not unexplained, "set max_examples in the profiles (tests/conftest.py):\n" + "\n".join(
        unexplained
    )
