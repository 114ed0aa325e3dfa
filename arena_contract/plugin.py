"""The pytest plugin (entry point ``pytest11``): arena-contract's options and its bundled suite.

pytest loads this module in every run once arena-contract is installed, so it imports only
the options table; the suite, the client and the mock load when the suite is asked for::

    pytest --arena-url=https://api.arenasolutions.com/v1     # any directory, even an empty one
    pytest --arena-contract                                  # against the bundled mock
    pytest --arena-url=mock --arena-mock-drift=null-creator  # a drifted mock: must fail

An exported ARENA_URL alone never starts the suite (it spends the workspace's quota and
may end a user's session): the command line must ask, with ``--arena-url`` or
``--arena-contract``. The suite joins the project's own tests (its testpaths, or the paths
given); ``--arena-only`` (env ARENA_ONLY, ini arena_only) runs it alone. The plugin also
masks every registered secret in test reports (and so in JUnit XML), and offers the mock's
``arena_mock`` and ``arena_server`` fixtures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from arena_contract.live.options import BY_NAME, OPTIONS, PYTEST_ONLY

#: Where the run's state lives for the suite, the summary and ``arena-contract probe``.
RUN_KEY: pytest.StashKey[Any] = pytest.StashKey()

#: pytest's own option, a row of the one table: the suite without the project's tests.
ONLY = BY_NAME["only"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arena-contract", "contract tests against Arena PLM (arena-contract)")
    group.addoption(
        "--arena-contract",
        action="store_true",
        default=None,
        help="run arena-contract's bundled suite (against --arena-url, ARENA_URL, the ini "
        "arena_url, or else the bundled mock)",
    )
    for option in (*OPTIONS, *PYTEST_ONLY):
        group.addoption(option.flag, **option.argparse_kwargs())
        if option.ini:
            parser.addini(option.ini, option.help_text(), type="string", default="")


def _wanted(config: pytest.Config) -> bool:
    given = config.getoption
    return bool(
        given("arena_contract")
        or given("arena_url")
        or given("arena_mock_drift")
        or given(ONLY.dest)
        or given("arena_mock_runs")
        or given("arena_plan")
    )


def _alone(config: pytest.Config) -> bool:
    """--arena-only, ARENA_ONLY or the ini arena_only: the suite without the project's tests."""
    from arena_contract.live.settings import SettingsError, flag_value

    if config.getoption(ONLY.dest):
        return True
    raw, source = os.environ.get(ONLY.env or "", ""), ONLY.env
    if raw.strip() == "":
        raw, source = config.getini(ONLY.dest), f"ini {ONLY.dest}"
    try:
        return flag_value(raw, str(source))
    except SettingsError as exc:
        raise pytest.UsageError(f"arena-contract: {exc}") from None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "arena_mock(**options): MockEngine options (seed, quota, users, drifts, count_reading, "
        "limit_over_max, clock, base_url) for the arena_mock and arena_server fixtures",
    )
    # `arena-contract probe` prepares the run itself (from its own flags) before this runs.
    if config.stash.get(RUN_KEY, None) is None:
        if not _wanted(config):
            return
        config.stash[RUN_KEY] = _prepare(config)
    from arena_contract.suite import SUITE_PATH

    suite = str(SUITE_PATH.parent)  # the directory: node ids then read test_contract.py::...
    if suite in config.args:
        return  # `arena-contract probe` names the suite alone
    if _alone(config):
        config.args = [suite]
    else:
        # Whatever pytest was to collect (the paths given, testpaths, or the current
        # directory), and the suite: a CI line that adds --arena-url keeps its own tests.
        config.args.append(suite)


def _prepare(config: pytest.Config) -> Any:
    from arena_contract.live.settings import SettingsError, resolve
    from arena_contract.suite.runtime import ProbeRun

    if getattr(config.option, "numprocesses", None):
        # Each xdist worker would log in (ending the others' sessions) with its own budget.
        raise pytest.UsageError("arena-contract: the contract suite runs in one process: drop -n")
    try:
        settings = resolve(
            lambda o: config.getoption(o.dest), lambda o: config.getini(o.ini), os.environ
        )
    except SettingsError as exc:
        raise pytest.UsageError(f"arena-contract: {exc}") from None
    return ProbeRun(settings)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None and run.settings.plan:  # --arena-plan: plan, and run nothing
        from arena_contract.suite.estimate import plan_instead

        plan_instead(config, items, run)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = session.config.stash.get(RUN_KEY, None)
    if (
        run is not None
        and run.plan is not None
        and exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED
    ):
        session.exitstatus = 2 if run.plan.error else 0  # a plan is the whole of the run


def pytest_report_header(config: pytest.Config) -> list[str]:
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return []
    return [f"arena-contract: {run.target}"] + [
        f"arena-contract: warning: {note}" for note in run.settings.warnings()
    ]


# -- secrets out of every report ----------------------------------------------------------


def _redact_report(report: pytest.TestReport | pytest.CollectReport) -> None:
    from arena_contract.redact import redact_text

    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        report.longrepr = (*longrepr[:2], redact_text(longrepr[2]))
    elif longrepr is not None:
        text = str(longrepr)
        masked = redact_text(text)
        if masked != text:  # a string loses the colours: only when a secret had to go
            report.longrepr = masked
    report.sections = [(title, redact_text(content)) for title, content in report.sections]
    props = getattr(report, "user_properties", None)
    if props:
        report.user_properties = [(name, redact_text(str(value))) for name, value in props]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _redact_report(report)


@pytest.hookimpl(tryfirst=True)
def pytest_collectreport(report: pytest.CollectReport) -> None:
    _redact_report(report)


def pytest_unconfigure(config: pytest.Config) -> None:
    """The last line of defence: a JUnit XML report written by this run is scanned for every
    secret the run knew, in its escaped forms too (XML, JSON, URL, base64)."""
    if config.stash.get(RUN_KEY, None) is None:
        return
    xml_path = getattr(config.option, "xmlpath", None)
    if xml_path:
        from arena_contract.redact import scrub_file

        scrub_file(xml_path)


# -- the summary --------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    write = terminalreporter.write_line
    terminalreporter.write_sep("=", "arena-contract")
    if run.plan is not None:
        for line in run.plan.lines():
            write(line)
        return
    for line in run.summary():
        write(line)
    stopped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "arena-contract stopped" in str(r.longrepr)
    ]
    if stopped:
        write(f"skipped: {len(stopped)} test(s) after the stop")
    for note in run.settings.warnings():
        write(f"warning: {note}", yellow=True)


# -- the mock's fixtures, loaded only when a test asks for them ----------------------------

MOCK_FIXTURES = ("arena_mock", "arena_server")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed test that used a mock fixture gets a report section: the drift switches in
    effect and what the mock served against the contract (the likely cause of a KeyError)."""
    report = yield
    if report.failed and call.when == "call":
        funcargs = getattr(item, "funcargs", {})
        for name in MOCK_FIXTURES:
            if name in funcargs:
                from arena_contract.mock.fixtures import failure_section

                section = failure_section(funcargs[name])
                if section:
                    report.sections.append((f"arena-contract: {name}", section))
    return report


@pytest.fixture
def arena_mock(request: pytest.FixtureRequest) -> Iterator[Any]:
    """``requests`` calls to Arena's URL answered in-process by a fresh mock: an
    ``InProcessMock`` (``.base_url``, ``.engine``, ``.clock``, ``.calls``)."""
    from arena_contract.mock.fixtures import mock_for

    with mock_for(request.node) as mock:
        yield mock


@pytest.fixture
def arena_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh mock Arena on a free loopback port: a ``ServedMock`` (``.base_url``, ending in
    /v1, ``.engine``, ``.clock``)."""
    from arena_contract.mock.fixtures import server_for

    with server_for(request.node) as server:
        yield server
