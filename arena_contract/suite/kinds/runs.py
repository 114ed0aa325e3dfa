"""Probes of a single run: one seen in the list (compared with it), an unknown and a
malformed run GUID."""

from __future__ import annotations

from arena_contract.exchange import Exchange
from arena_contract.live.client import segment
from arena_contract.rules import across
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Request, Seen, Skip, sends
from arena_contract.suite.probe import Probe


def _listed(seen: Seen) -> dict | None:
    return inputs.pick_finished_run(inputs.runs_on(seen.first()))


def single_run(probe: Probe, seen: Seen) -> Request:
    listed = _listed(seen)
    if listed is None:
        raise Skip("no runs seen for this import definition")
    return Request(inputs.run_path(seen.guid, segment(listed["guid"])), label="one run")


@sends("single-run", single_run, plan="{runs}/<a finished run>", needs_runs=True)
def _single_run(attempt: Attempt, exchange: Exchange) -> None:
    listed = _listed(attempt)
    assert listed is not None  # the request was made from it
    extra = across.status(exchange, 200)
    if exchange.status == 200 and isinstance(exchange.body, dict):
        extra += across.single_run(listed, exchange.body)
    attempt.check(exchange, *extra)


def unknown_run(probe: Probe, seen: Seen) -> Request:
    return Request(inputs.run_path(seen.guid, inputs.UNKNOWN_GUID), label="unknown run GUID")


@sends("unknown-run", unknown_run, plan="{runs}/{unknown}")
def _unknown_run(attempt: Attempt, exchange: Exchange) -> None:
    attempt.observe("unknown run GUID", exchange)
    attempt.check(exchange)


def malformed_run(probe: Probe, seen: Seen) -> Request:
    listed = _listed(seen)
    run_guid = listed["guid"] if listed else inputs.UNKNOWN_GUID
    path = inputs.run_path(seen.guid, segment(run_guid + " "))
    return Request(path, label="malformed run GUID")


@sends("malformed-run", malformed_run, plan="{runs}/<a run GUID with a trailing space>")
def _malformed_run(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange)
