"""`probe` and `record` against a server that misbehaves in every way a real one can.

Each run must end within its timeouts with a finding or one clear error (exit 1 or 2),
never a traceback, never more requests than its budget, never a followed redirect,
and never the session id in what it prints.
"""

from __future__ import annotations

import base64
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from tests.faults import FAULTS, FaultServer, refused_port, untrusted_tls_context
from tests.helpers import run_cli

CANARY = "CANARY-SESSION-7Hq2xZ91|"
BUDGET = 20
CONNECT, READ = 1, 2
#: Worst case: three failed requests of connect + read seconds each stop the run.
WORST = 3 * (CONNECT + READ)


def bound(start_up: float) -> float:
    """The time a run may take: a several-fold margin over its worst case plus start-up,
    where start-up is measured in the same batch (the quickest run's time), so that the
    bound grows with the machine's load instead of failing under it (a fixed 24 s once
    failed at 25 s). Without the deadline the "slow" fault's trickle alone takes over two
    minutes per request, so a run that waits it out is still caught."""
    return 3 * WORST + 3 * start_up


#: What the output must say about each fault.
SAYS = {
    "hang": "no answer within",
    "slow": "no complete answer within",
    "close-mid-body": "closed before the whole body arrived",
    "long-content-length": "closed before the whole body arrived",
    "html-200": "not JSON",
    "429-retry-after": "429",
    "429": "429",
    "503-retry-after": "503",
    "503": "503",
    "redirect": "30",  # probe: "not followed"; a recording: status 302 is not documented
    "bad-gzip": "body",
    "refused": "cannot connect",
    "tls": "certificate verification failed",
}


def run(command: str, url: str, tmp_path) -> tuple[int, float, str]:
    argv = [command, "--url", url, "--timeout", f"{CONNECT},{READ}", "--max-requests", str(BUDGET)]
    argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
    started = time.monotonic()
    ran = run_cli(*argv, env={"ARENA_SESSION_ID": CANARY}, fresh=True, timeout=600)
    return ran.code, time.monotonic() - started, ran.text


def checkable(directory) -> bool:
    """What record wrote is a HAR file that `arena-contract check` reads (it may conform:
    a 503 in Arena's error form is a documented answer)."""
    hars = sorted(directory.glob("*.har"))
    return bool(hars) and run_cli("check", *hars, fresh=True, timeout=60).code in (0, 1)


def leaks(text: str) -> bool:
    forms = {CANARY, quote(CANARY, safe=""), base64.b64encode(CANARY.encode()).decode()}
    return any(form in text for form in forms)


# probe's run is slow (13 fresh probes); record meets every fault through the same live
# client in the quick run, and test_probe_client the probe's one-line messages in-process.
@pytest.mark.parametrize("command", [pytest.param("probe", marks=pytest.mark.slow), "record"])
def test_every_fault_ends_cleanly_within_budget(command, tmp_path):
    with (
        FaultServer() as plain,
        FaultServer(untrusted_tls_context()) as tls,
        refused_port() as port,
    ):
        targets = {fault: plain.url(fault) for fault in FAULTS}
        targets["tls"] = tls.url("html-200")
        targets["refused"] = f"http://127.0.0.1:{port}/v1"
        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = {
                fault: pool.submit(run, command, url, tmp_path / fault)
                for fault, url in targets.items()
            }
            results = {fault: future.result() for fault, future in futures.items()}
        received = list(plain.requests)
    problems = []
    limit = bound(min(elapsed for _, elapsed, _ in results.values()))
    for fault, (code, elapsed, output) in results.items():
        if command == "record" and code == 0:
            # record only records: what it wrote must be a readable, checkable HAR.
            if not checkable(tmp_path / fault):
                problems.append(f"{fault}: record wrote no checkable HAR")
        elif code not in (1, 2):
            problems.append(f"{fault}: exit {code}")
        if elapsed > limit:
            problems.append(f"{fault}: took {elapsed:.1f} s (bound {limit:.1f} s)")
        if "Traceback" in output:
            problems.append(f"{fault}: traceback\n{output[-2000:]}")
        if leaks(output):
            problems.append(f"{fault}: the session id leaked")
        if code != 0 and SAYS[fault] not in output:
            problems.append(f"{fault}: does not say {SAYS[fault]!r}:\n{output[-1500:]}")
        sent = sum(f" /{fault}/" in line for line in received)
        if sent > BUDGET:
            problems.append(f"{fault}: {sent} requests, budget {BUDGET}")
    assert not any("/leak/" in line for line in received), "a redirect was followed"
    assert not problems, "\n".join(problems)
    if command == "record":  # what record wrote carries no secret either
        for har in tmp_path.rglob("*.har"):
            assert not leaks(har.read_text(encoding="utf-8")), har
