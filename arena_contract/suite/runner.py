"""``arena-contract probe``: run the probe engine (no pytest), then report.

The engine (``suite/engine.py``) runs each probe of the schedule; a progress bar on
standard error follows the results as they come. The report is made from each probe's
result: a table and the summary (text), or ``suite/report.py``'s JSON, JUnit XML or GitHub
annotations.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import Any, TextIO

from arena_contract.live.settings import Settings
from arena_contract.redact import redact_text
from arena_contract.suite.engine import run_probes, schedule
from arena_contract.suite.result import Result
from arena_contract.suite.runtime import ProbeRun

EXIT_OK, EXIT_FAILURES, EXIT_ERROR = 0, 1, 2


def hypothesis_home() -> str:
    """Where Hypothesis keeps its files during a probe: HYPOTHESIS_STORAGE_DIRECTORY when set,
    else the user's cache directory; never the directory the command was run from (it
    should find nothing left behind there). What Hypothesis keeps is its Unicode tables
    (no example database: generation is derandomized and database-free): built again in a
    throw-away directory, they cost about 2.5 s of CPU of every run that explores."""
    explicit = os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    if explicit:
        return explicit
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "arena-contract", "hypothesis")


class _Progress:
    """A progress bar on standard error (when it is a terminal), advanced per result."""

    def __init__(self, run: ProbeRun, *, show: bool) -> None:
        self.run = run
        self._show = show
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
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
        self._task = self._progress.add_task(self.run.target, total=total)

    def advance(self, result: Result) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)
            name = result.probe.name
            self._progress.update(self._task, description=f"{self.run.target}: {name}")

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def run_suite(
    settings: Settings,
    *,
    output: str = "text",
    output_file: str | None = None,
    junit_xml: str | None = None,
    quiet: bool = False,
) -> int:
    """Run the suite (or, with ``settings.plan``, only plan it); write the report in
    ``output`` (to ``output_file``, else standard output), and JUnit XML to ``junit_xml``;
    ``quiet``: the text report tells only what fails. Return 0 (holds), 1 (failures) or 2
    (error)."""
    from arena_contract.cli.output import writable_output

    unwritable = [writable_output(output_file), writable_output(junit_xml, "--junit-xml")]
    for error in filter(None, unwritable):  # before a request is spent on a report lost
        print(f"arena-contract: {error}", file=sys.stderr)
    if any(unwritable):
        return EXIT_ERROR
    if settings.plan:
        return _plan(settings, output, output_file)
    run = ProbeRun(settings)
    progress = _Progress(run, show=output == "text" and output_file is None and not quiet)
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(hypothesis_home())
    try:
        probes = schedule(run)
        progress.start(len(probes))
        run_probes(run, probes, each=progress.advance)
    finally:
        progress.stop()
        set_hypothesis_home_dir(None)
    exit_code = _exit_code(run)
    from arena_contract.cli.output import write_output
    from arena_contract.reporters import write
    from arena_contract.suite.report import probe_outcome

    def text(stream: TextIO) -> None:
        _print_text(run, exit_code, stream, quiet=quiet)

    outcome = probe_outcome(run, exit_code, text)
    errors = [write_output(output_file, lambda stream: write(outcome, output, stream))]
    if junit_xml:  # whatever --format says
        errors.append(write_output(junit_xml, lambda stream: write(outcome, "junit", stream)))
    for error in filter(None, errors):
        print(f"arena-contract: {error}", file=sys.stderr)
        exit_code = EXIT_ERROR
    return exit_code


def _plan(settings: Settings, output: str, output_file: str | None) -> int:
    from arena_contract.cli.output import write_output
    from arena_contract.suite.estimate import make_plan

    plan = make_plan(ProbeRun(settings))

    def produce(stream: TextIO) -> None:
        if output == "json":
            from arena_contract.suite.report import masked

            json.dump(masked(plan.to_dict()), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            stream.write(redact_text("\n".join(plan.lines())) + "\n")

    error = write_output(output_file, produce)
    if error:
        print(f"arena-contract: {error}", file=sys.stderr)
    return EXIT_ERROR if error or plan.error else EXIT_OK


def _exit_code(run: ProbeRun) -> int:
    if run.fatal or run.har_error:  # --record DIR that could not be written: as for record
        return EXIT_ERROR
    if any(result.outcome == "failed" for result in run.results.values()):
        return EXIT_FAILURES
    return EXIT_OK


def _print_text(run: ProbeRun, exit_code: int, stream: TextIO, *, quiet: bool = False) -> None:
    """The table per part, each failure, why the run stopped, the warnings, the summary and
    the verdict; ``quiet``: only the failures, why the run stopped and a verdict that is not
    "holds" (nothing at all when the contract holds), as ``check -q`` says only errors."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=stream, highlight=False)
    table = Table(title="arena-contract probe", title_justify="left")
    for column in ("part", "probes", "passed", "failed", "skipped", "requests"):
        table.add_column(column, justify="left" if column == "part" else "right")
    tally: dict[str, Counter[str]] = {}
    for result in run.results.values():
        counts = tally.setdefault(result.probe.part, Counter())
        counts[result.outcome] += 1
        counts["probes"] += 1
    for part, counts in tally.items():
        failed = counts["failed"]
        table.add_row(
            part,
            str(counts["probes"]),
            str(counts["passed"] or ""),
            f"[red]{failed}[/red]" if failed else "",
            str(counts["skipped"] or ""),
            str(run.budget.by_part.get(part, "")),
        )
    if tally and not quiet:
        console.print(table)
    failures = [r for r in run.results.values() if r.outcome == "failed"]
    for result in failures:
        console.rule(f"[red]{escape(result.probe.name)}[/red]", align="left")
        console.print(redact_text(result.failure_text()), markup=False, soft_wrap=True)
    skipped = Counter(r.reason for r in run.results.values() if r.outcome == "skipped")
    for reason, n in skipped.items():
        if "arena-contract stopped" in reason:
            console.print(f"skipped {n} probe(s): {reason}", markup=False)
    if quiet:
        if exit_code != EXIT_OK:
            console.print(f"result: {_verdict(exit_code, len(failures))}")
        return
    warnings = [redact_text(text) for r in run.results.values() for text in r.warning_texts()]
    if warnings:
        console.print(f"{len(warnings)} warning finding(s); the first:", markup=False)
        console.print(warnings[0], markup=False)
    for line in run.summary():
        console.print(redact_text(line), markup=False, soft_wrap=True)
    console.print(f"result: {_verdict(exit_code, len(failures))}")


def _verdict(exit_code: int, failures: int) -> str:
    return {
        EXIT_OK: "[green]the contract holds[/green]",
        EXIT_FAILURES: f"[red]{failures} contract failure(s)[/red]",
        EXIT_ERROR: "[red]error[/red]",
    }[exit_code]
