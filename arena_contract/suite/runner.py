"""Running the bundled suite for ``arena-contract probe``: pytest in-process, rich output.

pytest's own terminal output is turned off; a plugin object (:class:`_Progress`) hands the
prepared run to the arena-contract plugin, draws a progress bar on standard error while the
tests run, and collects each test's outcome for the table printed at the end.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from arena_contract.live.settings import Settings
from arena_contract.plugin import RUN_KEY
from arena_contract.redact import mask_value, redact_text
from arena_contract.suite import SUITE_PATH
from arena_contract.suite.runtime import ProbeRun

EXIT_OK, EXIT_FAILURES, EXIT_ERROR = 0, 1, 2


@dataclass
class Outcome:
    test: str
    params: str
    outcome: str  # passed, failed, skipped, error
    message: str = ""


class _Progress:
    """A pytest plugin object: the run to use, a progress bar, and every test's outcome."""

    def __init__(self, run: ProbeRun, *, show: bool) -> None:
        self.run = run
        self.outcomes: dict[str, Outcome] = {}
        self.warnings: list[str] = []
        self._show = show
        self._progress: Any = None
        self._task: Any = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[RUN_KEY] = self.run

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not self._show:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]probing[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.run.target, total=len(session.items))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name, _, params = report.nodeid.rpartition("::")[2].partition("[")
        params = params.rstrip("]")
        if report.when == "call" or report.outcome != "passed":
            outcome = "error" if report.failed and report.when != "call" else report.outcome
            self.outcomes[report.nodeid] = Outcome(name, params, outcome, _message(report))
        if report.when == "teardown" and self._progress is not None:
            self._progress.advance(self._task)
            self._progress.update(self._task, description=f"{self.run.target}: {name}")

    def pytest_warning_recorded(self, warning_message: Any, nodeid: str) -> None:
        if warning_message.category.__name__ == "ContractWarning":
            self.warnings.append(redact_text(str(warning_message.message)))

    def pytest_sessionfinish(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        return str(longrepr[2]).removeprefix("Skipped: ")
    return redact_text(str(longrepr))


def pytest_args(junit_xml: str | None = None) -> list[str]:
    suite = SUITE_PATH.parent
    args = [
        str(suite),
        "--rootdir",
        str(suite),
        "-c",
        str(suite / "pytest.ini"),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "no:stepwise",
    ]
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        args += ["-p", "arena_contract.plugin"]  # not loaded from its entry point then
    if junit_xml:
        args += ["--junit-xml", junit_xml]
    return args


def run_suite(settings: Settings, *, output: str = "text", junit_xml: str | None = None) -> int:
    """Run the suite; print the summary; return 0 (holds), 1 (failures) or 2 (error)."""
    run = ProbeRun(settings)
    progress = _Progress(run, show=output == "text")
    with tempfile.TemporaryDirectory(prefix="arena-contract-") as scratch:
        # Hypothesis keeps caches in ./.hypothesis: this command's own process has no use
        # for them, and should leave nothing behind in the directory it was run from.
        from hypothesis.configuration import set_hypothesis_home_dir

        set_hypothesis_home_dir(scratch)
        try:
            code = pytest.main(pytest_args(junit_xml), plugins=[progress])
        finally:
            set_hypothesis_home_dir(None)
    run.close()  # normally done by the suite already; makes sure of it after an interruption
    exit_code = _exit_code(int(code), run)
    if output == "json":
        document = mask_value(_document(run, progress, exit_code))  # before it is encoded
        text = json.dumps(document, ensure_ascii=False, indent=1)
        sys.stdout.write(redact_text(text) + "\n")
    else:
        _print_text(run, progress, exit_code)
    return exit_code


def _exit_code(code: int, run: ProbeRun) -> int:
    if run.fatal or run.har_error:  # --record DIR that could not be written: as for record
        return EXIT_ERROR
    if code == pytest.ExitCode.OK:
        return EXIT_OK
    if code == pytest.ExitCode.TESTS_FAILED:
        return EXIT_FAILURES
    return EXIT_ERROR


def _document(run: ProbeRun, progress: _Progress, exit_code: int) -> dict[str, Any]:
    return {
        "exit_code": exit_code,
        "target": run.target,
        "requests": {"sent": run.budget.spent, "by_part": dict(run.budget.by_part)},
        "stopped": run.budget.stop_reason,
        "error": run.fatal,
        "observed": run.observations,
        "summary": run.summary(),
        "tests": [
            {"test": o.test, "params": o.params, "outcome": o.outcome, "message": o.message}
            for o in progress.outcomes.values()
        ],
        "warnings": progress.warnings,
        "har": str(run.har_path) if run.har_path else None,
    }


def _print_text(run: ProbeRun, progress: _Progress, exit_code: int) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title="arena-contract probe", title_justify="left")
    for column in ("probe", "passed", "failed", "skipped"):
        table.add_column(column, justify="left" if column == "probe" else "right")
    tally: dict[str, Counter[str]] = {}
    for outcome in progress.outcomes.values():
        kind = "failed" if outcome.outcome == "error" else outcome.outcome
        tally.setdefault(outcome.test.removeprefix("test_"), Counter())[kind] += 1
    for test, counts in tally.items():
        failed = counts["failed"]
        table.add_row(
            test,
            str(counts["passed"] or ""),
            f"[red]{failed}[/red]" if failed else "",
            str(counts["skipped"] or ""),
        )
    if tally:
        console.print(table)
    failures = [o for o in progress.outcomes.values() if o.outcome in ("failed", "error")]
    for outcome in failures:
        title = outcome.test + (f"[{outcome.params}]" if outcome.params else "")
        console.rule(f"[red]{escape(title)}[/red]", align="left")
        console.print(outcome.message, markup=False, soft_wrap=True)
    skipped = Counter(o.message for o in progress.outcomes.values() if o.outcome == "skipped")
    for reason, n in skipped.items():
        if "arena-contract stopped" in reason:
            console.print(f"skipped {n} test(s): {reason}", markup=False)
    if progress.warnings:
        console.print(f"{len(progress.warnings)} warning finding(s); the first:", markup=False)
        console.print(progress.warnings[0], markup=False)
    for line in run.summary():
        console.print(line, markup=False, soft_wrap=True)
    verdict = {
        EXIT_OK: "[green]the contract holds[/green]",
        EXIT_FAILURES: f"[red]{len(failures)} contract failure(s)[/red]",
        EXIT_ERROR: "[red]error[/red]",
    }[exit_code]
    console.print(f"result: {verdict}")
