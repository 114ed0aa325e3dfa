"""pytest fixtures: ``arena_mock`` (in-process, ``responses``) and ``arena_server`` (loopback HTTP).

Both run on a :class:`FakeClock` so a test moves time instead of sleeping
(``arena_mock.engine.clock.advance(...)``, ``arena_server.arena.clock.advance(...)``).
Engine options come from an ``arena_mock`` marker on the test, module or class::

    @pytest.mark.arena_mock(seed=7, quota=5, drifts=["renamed-field"])
    def test_my_client(arena_mock): ...

``base_url`` in the marker moves the ``responses`` mock (ignored by the server).
The project's pytest plugin exposes these fixtures and registers the marker
(``MARKER``, via :func:`pytest_configure`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from arena_contract.mock.clock import FakeClock
from arena_contract.mock.responses_mock import ArenaMock, arena
from arena_contract.mock.wsgi import RunningServer, serve_in_thread

MARKER = (
    "arena_mock(**options): MockArena options (seed, quota, users, drifts, count_reading, "
    "limit_over_max, clock, base_url) for the arena_mock and arena_server fixtures"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


def mock_options(node: Any) -> dict[str, Any]:
    """Engine options for a test: its closest ``arena_mock`` marker, on a FakeClock by default."""
    marker = node.get_closest_marker("arena_mock")
    options = dict(marker.kwargs) if marker else {}
    options.setdefault("clock", FakeClock())
    return options


@pytest.fixture
def arena_mock(request: pytest.FixtureRequest) -> Iterator[ArenaMock]:
    """``requests`` calls to Arena's URL answered in-process by a fresh mock."""
    with arena(**mock_options(request.node)) as mock:
        yield mock


@pytest.fixture
def arena_server(request: pytest.FixtureRequest) -> Iterator[RunningServer]:
    """A fresh mock Arena on a free loopback port: ``.url`` (ends in /v1) and ``.arena``."""
    options = mock_options(request.node)
    options.pop("base_url", None)
    with serve_in_thread(**options) as server:
        yield server
