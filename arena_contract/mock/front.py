"""What the two fronts of the mock share: one vocabulary for "where your code calls" and
"what answers it".

Both :class:`~arena_contract.mock.responses_mock.InProcessMock` (``arena()``, in-process
under ``requests``) and :class:`~arena_contract.mock.wsgi.ServedMock` (``serve_in_thread()``,
loopback HTTP) are a :class:`MockFront`: ``base_url`` is the API root your code appends
``/imports`` to, ``engine`` the :class:`~arena_contract.mock.engine.MockEngine` behind it,
``clock`` the engine's clock; ``login()``, ``exchanges()`` and ``findings()`` mean the same on
both. The old names (``ArenaMock``, ``RunningServer``, ``RunningServer.url``/``.arena``)
stay as aliases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arena_contract.mock.served import ServedFinding, served_findings

if TYPE_CHECKING:
    from arena_contract.exchange import Exchange
    from arena_contract.mock.clock import Clock
    from arena_contract.mock.engine import MockEngine


class MockFront:
    """A front of the mock Arena: the base URL your code calls and the engine answering it."""

    def __init__(self, base_url: str, engine: MockEngine) -> None:
        #: The API root, ending in ``/v1``: your code appends ``/imports`` to it.
        self.base_url = base_url
        #: The engine answering every request (its data, sessions, quota, drift switches).
        self.engine = engine

    def __repr__(self) -> str:  # the drift switches show in an assertion's message
        drifts = list(self.engine.drifts.names)
        return f"{type(self).__name__}({self.base_url!r}, seed={self.engine.seed}, drifts={drifts})"

    @property
    def clock(self) -> Clock:
        """The engine's clock: ``fake.clock.advance(60)`` moves a ``FakeClock`` (runs progress,
        sessions expire) without sleeping."""
        return self.engine.clock

    def login(self, email: str | None = None, password: str | None = None) -> str:
        """A session id for ``email`` (default: the first configured user); counts as a login."""
        return self.engine.login(email, password)

    def exchanges(self) -> list[Exchange]:
        """The engine's recent traffic as Exchanges for the validator (session ids redacted)."""
        return self.engine.exchanges(self.base_url)

    def findings(self) -> list[ServedFinding]:
        """The validator's findings on the answers served so far (none unless a drift switch
        is on): request, status and finding each."""
        return served_findings(self.engine, self.base_url)
