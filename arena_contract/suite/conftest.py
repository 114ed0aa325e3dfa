"""The suite's own ``record_property``: the request and what was observed, per test, in a
form every JUnit family takes.

pytest's ``record_property`` writes <properties> into each <testcase>, which the xunit2
schema (pytest's default ``junit_family``) does not allow: pytest warns once per test (72
warnings on a green run with ``--junitxml``). This one writes user properties only where
they are allowed (no JUnit report, or ``junit_family`` xunit1/legacy); under xunit2 the same
lines go to the test's report as an ``arena-contract`` section instead (shown with ``-rA``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

#: The families whose <testcase> may hold <properties> (pytest's junitxml says the same).
PROPERTIES_ALLOWED = ("xunit1", "legacy")
#: The lines of a test's "arena-contract" report section.
SECTION: pytest.StashKey[list[str]] = pytest.StashKey()


def _takes_properties(config: pytest.Config) -> bool:
    if not getattr(config.option, "xmlpath", None):
        return True  # no JUnit report: user properties harm nothing, and plugins read them
    return config.getini("junit_family") in PROPERTIES_ALLOWED


@pytest.fixture
def record_property(request: pytest.FixtureRequest) -> Callable[[str, object], None]:
    node = request.node
    if _takes_properties(request.config):

        def as_property(name: str, value: object) -> None:
            node.user_properties.append((name, value))

        return as_property
    lines = node.stash.setdefault(SECTION, [])

    def as_section_line(name: str, value: object) -> None:
        lines.append(f"{name}: {value}")

    return as_section_line


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    lines = item.stash.get(SECTION, None)
    if lines and call.when == "call":
        report.sections.append(("arena-contract", "\n".join(lines)))
    return report
