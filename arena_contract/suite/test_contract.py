"""arena-contract's bundled contract suite for GET /imports/<GUID>/runs.

Collected only when the plugin is asked for it (``pytest --arena-url=URL`` or
``--arena-contract``); anywhere else its tests skip. There is one test item per probe of
the schedule (``suite/schedule.py``), named by the behaviour it shows, in the plan's order:
breadth first (every documented behaviour once, one request serving several where it
can), then depth (every filter, form and definition, filter pairs, single runs, the
whole page walk), then exploration with what is left of the budget. When the budget or
the floor stops the run, the remaining items that need a request are skipped with the
reason, and the summary says which behaviours were probed and which were not.

The items are made from the options alone, so collecting sends nothing; which definition
each probe uses is decided when it runs, from the first pages seen.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import pytest

from arena_contract.plugin import RUN_KEY
from arena_contract.suite.engine import execute, schedule, start
from arena_contract.suite.probe import Probe
from arena_contract.suite.runtime import ProbeRun
from arena_contract.suite.schedule import suite_plan


class ContractWarning(UserWarning):
    """A warning finding (e.g. an unknown field); --arena-strict makes it a failure."""


def _plan(config: pytest.Config) -> list[Probe]:
    run = config.stash.get(RUN_KEY, None)
    return suite_plan() if run is None else schedule(run)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "probe" in metafunc.fixturenames:
        probes = _plan(metafunc.config)
        metafunc.parametrize("probe", probes, ids=[p.name for p in probes])


@pytest.fixture(scope="session")
def arena_probe(request: pytest.FixtureRequest) -> Iterator[ProbeRun]:
    run = request.config.stash.get(RUN_KEY, None)
    if run is None:
        pytest.skip("arena-contract's suite runs with --arena-url=URL or --arena-contract")
    if not start(run):
        pytest.exit(f"arena-contract: {run.fatal}", returncode=2)
    try:  # JUnit XML's testsuite property (junitxml may be turned off: -p no:junitxml)
        record = request.getfixturevalue("record_testsuite_property")
    except pytest.FixtureLookupError:
        record = None
    yield run
    run.close()
    if record is not None:
        record("arena-contract", run.coverage().sentence())


def test_probe(
    arena_probe: ProbeRun, probe: Probe, record_property: Callable[[str, object], None]
) -> None:
    result = execute(arena_probe, probe)
    for name, value in result.properties:  # the suite's record_property (conftest.py)
        record_property(name, value)
    if result.fatal is not None:
        arena_probe.fatal = str(result.fatal)
        pytest.exit(f"arena-contract: {result.fatal}", returncode=2)
    for text in result.warning_texts():
        warnings.warn(ContractWarning(text), stacklevel=1)
    if result.outcome == "skipped":
        pytest.skip(result.reason)
    if result.outcome == "failed":
        pytest.fail(result.failure_text(), pytrace=False)
