"""A mock Arena PLM for the Import Engine endpoints: one engine, two fronts.

- :class:`MockEngine` answers requests in memory (``handle``), deterministically
  for a seed, with named drift switches (``DRIFTS``);
- :func:`serve_in_thread` (and ``arena-contract serve``) puts it on real HTTP and
  yields a :class:`ServedMock`;
- :func:`arena` answers a ``requests`` user's calls in-process via ``responses`` and
  yields an :class:`InProcessMock`.

Both fronts are a :class:`MockFront` and speak one vocabulary: ``base_url``, ``engine``,
``clock``, ``login()``, ``exchanges()``, ``findings()``. The old names ``MockArena``,
``ArenaMock`` and ``RunningServer`` (with ``.url`` and ``.arena``) remain as aliases.

The assumptions about Arena's behaviour are in each module's docstring and in
docs/mock.md. Names load on first use, so importing one light submodule (the
CLI reads ``sessions`` for its help text) does not pull in werkzeug or responses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "FakeClock": "clock",
    "SystemClock": "clock",
    "RUN_STATUSES": "dataset",
    "Dataset": "dataset",
    "DRIFTS": "drift",
    "Drift": "drift",
    "DEFAULT_BASE_URL": "engine",
    "MockEngine": "engine",
    "MockArena": "engine",
    "MockFront": "front",
    "MockResponse": "response",
    "InProcessMock": "responses_mock",
    "ArenaMock": "responses_mock",
    "arena": "responses_mock",
    "DEFAULT_EMAIL": "defaults",
    "DEFAULT_PASSWORD": "defaults",
    "DEFAULT_QUOTA": "defaults",
    "ServedMock": "wsgi",
    "RunningServer": "wsgi",
    "ServedFinding": "served",
    "make_app": "wsgi",
    "serve_in_thread": "wsgi",
}

__all__ = [  # the same names as _EXPORTS (a test checks), spelled out for tools
    "DEFAULT_BASE_URL",
    "DEFAULT_EMAIL",
    "DEFAULT_PASSWORD",
    "DEFAULT_QUOTA",
    "DRIFTS",
    "RUN_STATUSES",
    "ArenaMock",
    "Dataset",
    "Drift",
    "FakeClock",
    "InProcessMock",
    "MockArena",
    "MockEngine",
    "MockFront",
    "MockResponse",
    "RunningServer",
    "ServedFinding",
    "ServedMock",
    "SystemClock",
    "arena",
    "make_app",
    "serve_in_thread",
]

if TYPE_CHECKING:
    from arena_contract.mock.clock import FakeClock, SystemClock
    from arena_contract.mock.dataset import RUN_STATUSES, Dataset
    from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD, DEFAULT_QUOTA
    from arena_contract.mock.drift import DRIFTS, Drift
    from arena_contract.mock.engine import DEFAULT_BASE_URL, MockArena, MockEngine
    from arena_contract.mock.front import MockFront
    from arena_contract.mock.response import MockResponse
    from arena_contract.mock.responses_mock import ArenaMock, InProcessMock, arena
    from arena_contract.mock.served import ServedFinding
    from arena_contract.mock.wsgi import RunningServer, ServedMock, make_app, serve_in_thread


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
