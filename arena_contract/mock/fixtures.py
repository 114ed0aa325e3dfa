"""The bodies of the pytest fixtures ``arena_mock`` (in-process, ``responses``) and
``arena_server`` (loopback HTTP), which the project's pytest plugin offers.

Both run on a :class:`FakeClock` so a test moves time instead of sleeping
(``arena_mock.clock.advance(...)``, ``arena_server.clock.advance(...)``).
Engine options come from an ``arena_mock`` marker on the test, module or class::

    @pytest.mark.arena_mock(seed=7, quota=5, drifts=["renamed-field"])
    def test_my_client(arena_mock): ...

``base_url`` in the marker moves the ``responses`` mock (ignored by the server).
The plugin (arena_contract.plugin) declares the fixtures and registers the marker; it
imports this module only when a test asks for a fixture, to keep pytest's start-up fast.
When such a test fails, the plugin adds :func:`failure_section` to its report: the drift
switches in effect and what the mock served against the contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from arena_contract.mock.clock import FakeClock
from arena_contract.mock.front import MockFront
from arena_contract.mock.responses_mock import InProcessMock, arena
from arena_contract.mock.served import explain
from arena_contract.mock.wsgi import ServedMock, serve_in_thread


def mock_options(node: Any) -> dict[str, Any]:
    """Engine options for a test: its closest ``arena_mock`` marker, on a FakeClock by default."""
    marker = node.get_closest_marker("arena_mock")
    options = dict(marker.kwargs) if marker else {}
    options.setdefault("clock", FakeClock())
    return options


@contextmanager
def mock_for(node: Any) -> Iterator[InProcessMock]:
    """The ``arena_mock`` fixture's body: ``requests`` to Arena answered in-process."""
    with arena(**mock_options(node)) as mock:
        yield mock


@contextmanager
def server_for(node: Any) -> Iterator[ServedMock]:
    """The ``arena_server`` fixture's body: a fresh mock on a free loopback port."""
    options = mock_options(node)
    options.pop("base_url", None)
    with serve_in_thread(**options) as server:
        yield server


def failure_section(fake: MockFront) -> str | None:
    """For a failed test that used ``fake``: the drift switches in effect and the findings on
    what it served; None when the mock ran plain and served nothing against the contract."""
    if not fake.engine.drifts and not fake.findings():
        return None
    return explain(fake.engine, fake.base_url)
