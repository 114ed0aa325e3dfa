"""The two fronts of the mock speak one vocabulary, and the old names still work."""

from __future__ import annotations

import requests

import arena_contract.mock as mock
from arena_contract.mock import FakeClock, MockEngine, MockFront, arena, serve_in_thread

SHARED = ("base_url", "engine", "clock", "login", "exchanges", "findings")


def _use(front: MockFront) -> None:
    session_id = front.login()
    response = requests.get(
        front.base_url + "/imports", headers={"arena_session_id": session_id}, timeout=5
    )
    assert response.status_code == 200
    assert front.base_url.endswith("/v1")
    assert front.clock is front.engine.clock
    assert [e.status for e in front.exchanges()] == [200, 200]  # the login, the list
    assert front.findings() == []


def test_both_fronts_are_a_mock_front_with_one_vocabulary() -> None:
    engine = MockEngine(clock=FakeClock())
    with arena(engine=engine) as in_process:
        assert isinstance(in_process, mock.InProcessMock) and isinstance(in_process, MockFront)
        _use(in_process)
    with serve_in_thread(MockEngine(clock=FakeClock())) as served:
        assert isinstance(served, mock.ServedMock) and isinstance(served, MockFront)
        _use(served)
    for front in (in_process, served):
        assert all(hasattr(front, name) for name in SHARED)
        assert type(front).__name__ in repr(front) and "drifts=[]" in repr(front)


def test_the_old_names_are_aliases() -> None:
    assert mock.MockArena is mock.MockEngine
    assert mock.ArenaMock is mock.InProcessMock
    assert mock.RunningServer is mock.ServedMock
    engine = MockEngine(clock=FakeClock())
    with serve_in_thread(arena=engine) as server:  # the old keyword
        assert server.engine is engine
        assert server.arena is server.engine  # the old attribute names
        assert server.url == server.base_url


def test_clock_moves_the_engine_without_sleeping() -> None:
    with arena(clock=FakeClock()) as fake:
        before = fake.engine.clock.now()
        fake.clock.advance(90 * 60)
        assert (fake.engine.clock.now() - before).total_seconds() == 90 * 60
