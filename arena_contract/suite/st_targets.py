"""Real import and run GUIDs for Schemathesis, so that its requests reach run data.

A schema-valid GUID names no import unless it happens to exist, so Schemathesis left to
itself gets Arena's 400/3012 for every run list and never sees a run. Before a
``schemathesis run`` tests anything, :func:`aim` finds real GUIDs (named in
``ARENA_IMPORT_GUIDS``, else discovered with GET /imports using the session the run was
given) and the first page of runs of each, then makes the spec's ``guid`` and ``runGuid``
path parameters enumerate them. Negative testing still sends every other string.

Discovery spends at most 1 + ``ARENA_MAX_IMPORTS`` (default 2) requests, or one per named
import, and never more than ``ARENA_MAX_REQUESTS`` (default 200, the probe's), through the
probe's client: its request budget and its floor on ``X-Arena-Requests-Remaining``
(``ARENA_MIN_REMAINING``, default 100) apply. It never logs in (a login would end the
user's other session). The session id is registered as a secret, so nothing it prints and
no message of the ``arena_contract_rules`` check shows it (not even echoed in a body).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from arena_contract.paths import is_guid
from arena_contract.redact import register_secret

SESSION_HEADER = "arena_session_id"
DEFAULT_MAX_IMPORTS = 2
DEFAULT_MIN_REMAINING = 100
#: The probe's default request limit (live/options.py): discovery never spends more.
DEFAULT_MAX_REQUESTS = 200
#: Arena's largest page (openapi.yaml: limit maximum 400).
MAX_PAGE = 400


@dataclass
class Targets:
    """Import GUID -> the run GUIDs of its first page, in Arena's order."""

    runs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    spent: int = 0
    problem: str | None = None

    def owner(self, run_guid: str) -> str | None:
        return next((guid for guid, runs in self.runs.items() if run_guid in runs), None)


def _say(message: str) -> None:
    print(f"arena-contract: {message}", file=sys.stderr)


def _int_env(environ: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    from arena_contract.numbers import parse_count

    raw = environ.get(name, "").strip()
    if not raw:
        return default
    value = parse_count(raw)
    if value is None or value < minimum:
        least = "a non-negative integer" if minimum == 0 else f"an integer of at least {minimum}"
        _say(f"{name}={raw!r} is not {least}; using {default}")
        return default
    return value


def given_guids(environ: Mapping[str, str]) -> tuple[str, ...]:
    """ARENA_IMPORT_GUIDS, split like the probe's (commas or spaces); bad ones are named."""
    raw = environ.get("ARENA_IMPORT_GUIDS", "").replace(",", " ").split()
    for bad in [g for g in raw if not is_guid(g)]:
        _say(
            f"ARENA_IMPORT_GUIDS: {bad!r} is not an Arena GUID (20 characters of A-Z and 0-9);"
            " ignored"
        )
    return tuple(dict.fromkeys(g for g in raw if is_guid(g)))


def _results(body: Any) -> list[dict[str, Any]]:
    results = body.get("results") if isinstance(body, dict) else None
    return [item for item in results or [] if isinstance(item, dict)]


def discover(
    base_url: str,
    session_id: str,
    *,
    given: tuple[str, ...] = (),
    max_imports: int = DEFAULT_MAX_IMPORTS,
    min_remaining: int = DEFAULT_MIN_REMAINING,
    max_requests: int = DEFAULT_MAX_REQUESTS,
    verify: bool = True,
) -> Targets:
    """The imports given (all of them, as for the probe), else the first ``max_imports``
    GET /imports lists, and the runs on the first page of each, in at most ``max_requests``
    requests; ``problem`` says why discovery stopped short, if it did."""
    from arena_contract.live.budget import Budget, BudgetExhausted
    from arena_contract.live.client import ArenaClient, ArenaUnreachable, segment
    from arena_contract.suite.inputs import runs_path

    register_secret(session_id)
    max_imports = min(max_imports, MAX_PAGE, max(max_requests - 1, 0))
    imports = list(given)
    budget = Budget(min(len(imports) if given else 1 + max_imports, max_requests), min_remaining)
    client = ArenaClient(base_url, budget, verify=verify)
    client.session_id = session_id
    targets = Targets()
    try:
        if not given:
            answer = client.get("/imports", [("limit", str(max_imports))], part="discovery")
            targets.spent += 1
            if answer.status != 200:
                targets.problem = f"GET /imports answered {answer.status}"
                return targets
            found = [item.get("guid") for item in _results(answer.body)]
            imports = [g for g in found if isinstance(g, str) and is_guid(g)][:max_imports]
        for guid in imports:
            page = client.get(runs_path(segment(guid)), part="discovery")
            targets.spent += 1
            if page.status != 200:
                targets.problem = f"the runs of {guid} answered {page.status}"
                continue
            runs = [run.get("guid") for run in _results(page.body)]
            targets.runs[guid] = tuple(g for g in runs if isinstance(g, str) and is_guid(g))
    except (ArenaUnreachable, BudgetExhausted) as exc:
        targets.problem = str(exc)
    finally:
        client.close()
    return targets


def _parameter(spec: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    ref = parameter.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/parameters/"):
        return spec["components"]["parameters"][ref.rsplit("/", 1)[-1]]
    return parameter


def narrow(spec: dict[str, Any], targets: Targets) -> None:
    """Make the ``guid`` and ``runGuid`` path parameters of ``spec`` enumerate the targets."""
    values = {
        "guid": sorted(targets.runs),
        "runGuid": sorted({run for runs in targets.runs.values() for run in runs}),
    }
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in map(lambda p: _parameter(spec, p), operation.get("parameters", [])):
                wanted = (
                    values.get(parameter.get("name")) if parameter.get("in") == "path" else None
                )
                if wanted:
                    parameter["schema"] = {"type": "string", "enum": wanted}


#: What :func:`aim` found for this process's Schemathesis run (None: not aimed).
TARGETS: Targets | None = None


def aim(schema: Any, environ: Mapping[str, str] = os.environ) -> Targets | None:
    """Point a loaded Schemathesis schema of this contract at real GUIDs (see the module)."""
    global TARGETS
    raw = schema.raw_schema
    operations = {
        op.get("operationId")
        for item in raw.get("paths", {}).values()
        for op in item.values()
        if isinstance(op, dict)
    }
    config = schema.config
    base_url = getattr(config, "base_url", None)
    if "listImportRuns" not in operations or not base_url:
        return None  # another API, or no server to ask (the schema is only being read)
    headers = {k.lower(): v for k, v in (getattr(config, "headers", None) or {}).items()}
    session_id = headers.get(SESSION_HEADER) or environ.get("ARENA_SESSION_ID", "")
    register_secret(session_id)  # whatever becomes of discovery, the check's messages mask it
    if not session_id:
        _say(
            "no session (-H 'arena_session_id: ...' or ARENA_SESSION_ID): Schemathesis "
            "will send generated GUIDs, which name no import, and check no run"
        )
        return None
    targets = discover(
        base_url,
        session_id,
        given=given_guids(environ),
        max_imports=_int_env(environ, "ARENA_MAX_IMPORTS", DEFAULT_MAX_IMPORTS, minimum=1),
        min_remaining=_int_env(environ, "ARENA_MIN_REMAINING", DEFAULT_MIN_REMAINING),
        max_requests=_int_env(environ, "ARENA_MAX_REQUESTS", DEFAULT_MAX_REQUESTS, minimum=1),
        verify=getattr(config, "tls_verify", True) is not False,
    )
    if targets.problem:
        _say(f"GUID discovery stopped: {targets.problem}")
    if not targets.runs:
        _say("no import definition to test: Schemathesis will send generated GUIDs")
        return None
    narrow(raw, targets)
    runs = sum(len(r) for r in targets.runs.values())
    _say(
        f"Schemathesis tests {len(targets.runs)} import definition(s) and {runs} run(s): "
        f"{', '.join(targets.runs)} ({targets.spent} requests spent finding them)"
    )
    TARGETS = targets
    return targets


def pair(path_parameters: Any) -> None:
    """Give a known run GUID the import it belongs to, in place (else Arena rightly says
    3012). Anything else, negative cases included, is left as generated."""
    targets = TARGETS
    if targets is None or not isinstance(path_parameters, dict):
        return
    run_guid = path_parameters.get("runGuid")
    if not isinstance(run_guid, str) or path_parameters.get("guid") not in targets.runs:
        return
    owner = targets.owner(run_guid)
    if owner is not None:
        path_parameters["guid"] = owner
