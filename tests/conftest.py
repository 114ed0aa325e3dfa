import copy
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import load, run_cli

# Hypothesis profiles: how hard every property test searches, chosen per run, not per test.
# A test sets max_examples itself only where it needs a specific number (with a comment).
#   dev (the default): quick, for the plain `pytest` a developer runs (under 3 min on 2 cores).
#   ci: thorough; .ci/run selects it (HYPOTHESIS_PROFILE=ci, or --hypothesis-profile=ci).
#       100 examples, four times dev: at 250 the whole .ci/run (slow tests included) took
#       9 min 10 s on a quiet 2-core machine, too close to CI's 10-minute limit.
#   explore: by hand, to hunt: random and long, failures kept in .hypothesis/ to replay.
# dev and ci are derandomized: the same code gives the same verdict on every run and machine,
# so a red run is a bug to reproduce, not noise from a shared, loaded machine. No deadline:
# per-example time on a loaded 2-core runner says nothing (speed is benchmarks/' business).
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=25, derandomize=True, database=None, **_COMMON)
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("explore", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Every command and pytest this run starts (a probe, a plugin run in a fresh directory) keeps
# Hypothesis's Unicode tables in one place, found by the next: each fresh process built them
# again in its own directory, about 2.5 s of CPU a time.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(__file__).resolve().parent.parent / ".hypothesis")
)


@pytest.fixture(autouse=True)
def _secrets_registered_by_a_test_stay_in_it():
    """What one test registers as a secret (a generated session id, a password given to a
    command run in this process) masks nothing in the next test's output: a generated
    ``": 1`` once broke a later test's JSON, depending on the order the files ran in."""
    from arena_contract import redact

    with redact._lock:
        before, needles = dict(redact._secrets), set(redact._needles)
    yield
    with redact._lock:
        redact._secrets.clear()
        redact._secrets.update(before)
        redact._needles.clear()
        redact._needles.update(needles)


@pytest.fixture
def page_sample():
    return copy.deepcopy(load("page-sample.json"))


@pytest.fixture
def page_bad_guid():
    return copy.deepcopy(load("page-bad-guid.json"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The contract as `arena-contract contract export DIR` writes it: a copy for each test
    module (a module may write beside it)."""
    out = tmp_path_factory.mktemp("contract") / "arena-spec"
    assert run_cli("contract", "export", out).code == 0
    return out
