"""The probe engine: run each probe of the schedule, in order, and keep its result.

No pytest here: ``arena-contract probe`` loops :func:`run_probes`, the bundled pytest module
makes one item per probe and calls :func:`execute` in each; both read the same
:class:`~arena_contract.suite.result.Result`\\ s, so coverage, findings and exit codes agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import ArenaUnreachable, RequestFailed
from arena_contract.suite.kinds import PROBE_KINDS, Skip
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.probe import Probe
from arena_contract.suite.result import Result
from arena_contract.suite.runtime import ProbeRun
from arena_contract.suite.schedule import suite_plan
from arena_contract.suite.survey import NoDefinition


def execute(run: ProbeRun, probe: Probe) -> Result:
    """Run one probe; its result is also kept in the run's journal for the reports."""
    attempt = Attempt(run, probe)
    result = attempt.result
    kind = PROBE_KINDS[probe.kind]
    try:
        if kind.run is not None:
            kind.run(attempt)
        else:
            assert kind.request is not None and kind.judge is not None
            kind.judge(attempt, attempt.send(kind.request(probe, attempt)))
    except (Skip, NoDefinition) as exc:
        result.outcome, result.reason = "skipped", str(exc)
    except BudgetExhausted as exc:
        result.outcome, result.reason = "skipped", f"arena-contract stopped: {exc}"
    except RequestFailed as exc:
        result.failures.append(str(exc))
    except ArenaUnreachable as exc:
        result.outcome, result.reason, result.fatal = "skipped", str(exc), exc
    except Exception as exc:  # a defect of a kind: this probe fails, the run goes on
        result.failures.append(f"arena-contract internal error: {type(exc).__name__}: {exc}")
    failed = result.failures or result.loose or any(c.errors for c in result.checked)
    if result.outcome != "skipped" and failed:
        result.outcome = "failed"
    run.journal.add(result)
    return result


def schedule(run: ProbeRun) -> list[Probe]:
    """The run's probes, in order (from its settings alone: nothing is sent)."""
    return suite_plan(run.settings.import_guids, run.settings.max_imports)


def start(run: ProbeRun) -> bool:
    """Start the run (the bundled mock, the client); False, with ``run.fatal`` saying why,
    when the mock cannot start."""
    try:
        run.start()
    except OSError as exc:
        run.fatal = f"cannot start the bundled mock: {exc.strerror or exc}"
        return False
    return True


def run_probes(
    run: ProbeRun,
    probes: Iterable[Probe] | None = None,
    *,
    each: Callable[[Result], None] | None = None,
) -> None:
    """Start the run, execute every probe (the schedule's by default) until Arena cannot
    be reached, and close the run (the logout, the HAR file, the baseline). ``each`` is
    told every result as it comes (a progress bar)."""
    try:
        if not start(run):
            return
        for probe in schedule(run) if probes is None else probes:
            result = execute(run, probe)
            if each is not None:
                each(result)
            if result.fatal is not None:
                run.fatal = str(result.fatal)
                break
    finally:
        run.close()
