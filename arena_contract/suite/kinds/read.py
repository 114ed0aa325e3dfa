"""Probes of the rest of the read side: a single import definition, and the content files
of a finished run (the file it was submitted with, its result file, its error file). Only
GET, as every probe: the probe never starts, changes or commits an import."""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.client import segment
from arena_contract.rules import across
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Request, Seen, Skip, sends
from arena_contract.suite.probe import Probe

#: The content files of a run, by the last segment of their path.
CONTENT_FILES = ("submitContent", "resultContent", "errorContent")


def definition(probe: Probe, seen: Seen) -> Request:
    return Request(f"/imports/{segment(seen.guid)}", label="one definition")


@sends("definition", definition, plan="GET /imports/{guid}")
def _definition(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange, *across.status(exchange, 200))


def _content_run(seen: Seen, name: str) -> dict[str, Any]:
    run = inputs.pick_content_run(inputs.runs_on(seen.first()), errors=name == "errorContent")
    if run is None:
        raise Skip("no finished run seen for this import definition")
    return run


def content(probe: Probe, seen: Seen) -> Request:
    """``arg``: the file (submitContent, resultContent, errorContent), of a finished run
    seen (for the error file, one with errors when there is one)."""
    run = _content_run(seen, probe.arg)
    path = inputs.run_path(seen.guid, segment(run["guid"])) + f"/{probe.arg}"
    return Request(path, label=f"{probe.arg} of a finished run")


@sends("content", content, plan="{runs}/<a finished run>/{arg}", needs_runs=True)
def _content(attempt: Attempt, exchange: Exchange) -> None:
    # Arena's pages give the file streams the JSON headers of every answer (Content-Type:
    # application/json); what the workspace sends is worth a line in the summary.
    headers = exchange.headers
    sent = (headers.get("Content-Type") if headers is not None else None) or "(none)"
    attempt.observe_reading(f"{attempt.probe.arg} Content-Type", sent.split(";")[0].strip())
    attempt.check(exchange, *across.status(exchange, 200))
