"""Probes of the GUID in the path and of the session: malformed, unknown, none, invalid."""

from __future__ import annotations

from arena_contract.exchange import Exchange
from arena_contract.live.client import INVALID_SESSION, segment
from arena_contract.rules import across
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Request, Seen, Sight, sends
from arena_contract.suite.probe import Probe


def malformed(probe: Probe, seen: Seen) -> Request:
    form = probe.arg
    made = {m.form: m for m in inputs.malformed_guids(seen.any_guid())}[form]
    return Request(inputs.runs_path(made.segment), label=f"malformed GUID {form}")


@sends("malformed", malformed, plan="GET /imports/<GUID {arg}>/runs")
def _malformed(attempt: Attempt, exchange: Exchange) -> None:
    # The rule error.bad-guid holds the expectation: 400, code 3011, the GUID quoted as sent.
    attempt.check(exchange)


def unknown_guid(probe: Probe, seen: Seen) -> Request:
    return Request(inputs.runs_path(inputs.UNKNOWN_GUID), label="unknown import GUID")


@sends("unknown-guid", unknown_guid, plan="GET /imports/{unknown}/runs")
def _unknown_guid(attempt: Attempt, exchange: Exchange) -> None:
    attempt.observe("unknown import GUID", exchange)
    attempt.check(exchange)


def session(probe: Probe, seen: Seen) -> Request:
    """``arg``: "missing" (no session header) or "invalid"."""
    path = inputs.runs_path(segment(seen.any_guid()))
    value = None if probe.arg == "missing" else INVALID_SESSION
    return Request(path, session=value, label=f"{probe.arg} session")


def _session_plan(sight: Sight) -> str:
    return (
        f"GET /imports/<GUID>/runs with {'no' if sight.probe.arg == 'missing' else 'a bad'} session"
    )


@sends("session", session, plan=_session_plan)
def _session(attempt: Attempt, exchange: Exchange) -> None:
    attempt.observe(f"{attempt.probe.arg} session", exchange)
    attempt.check(exchange, *across.status(exchange, 401))
