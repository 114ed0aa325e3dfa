"""Reporters: what every command that judges (``check``, ``probe``, ``drift``) prints, in
one list of formats.

A command hands its results to a :class:`Reporter`, an object with one method per format
of :data:`FORMATS` writing that format to a stream; :func:`write` picks the method. The
pieces every reporter shares are here too: ``describe`` (a finding, a request line),
``grouped`` (findings told once per rule and place across responses), ``markdown`` and
``github_report.escape``. Check's reporters are one module per format (``<format>_report``,
``render(results, summary, stream, quiet)``); the probe's are in ``suite/report.py``, the
drift's in ``drift/render.py``.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, TextIO

from arena_contract.results import FileResult, Summary

#: Every report format, with what it is for: each judging command offers all of them.
FORMATS: dict[str, str] = {
    "text": "for people",
    "json": "the command line's JSON envelope: ok, summary, then the items",
    "markdown": "a table for a pull request or a job's step summary",
    "junit": "JUnit XML for CI dashboards",
    "github": "GitHub Actions workflow annotations",
}


class Reporter(Protocol):
    """One command's results, ready to be written in each format of :data:`FORMATS`."""

    def text(self, out: TextIO) -> None: ...
    def json(self, out: TextIO) -> None: ...
    def markdown(self, out: TextIO) -> None: ...
    def junit(self, out: TextIO) -> None: ...
    def github(self, out: TextIO) -> None: ...


def write(reporter: Reporter, fmt: str, out: TextIO) -> None:
    """``reporter``'s report in ``fmt`` (one of :data:`FORMATS`) on ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    getattr(reporter, fmt)(out)


def format_help(
    names: Iterable[str] = FORMATS,
    purposes: Mapping[str, str] | None = None,
    default: str = "text",
) -> str:
    """The --format help line: 'text: for people (the default); json: ...'."""
    return "; ".join(
        f"{name}: {(purposes or {}).get(name, FORMATS[name])}"
        + (" (the default)" if name == default else "")
        for name in names
    )


def add_format_option(
    parser: argparse.ArgumentParser,
    names: Sequence[str] = tuple(FORMATS),
    *,
    default: str = "text",
    purposes: Mapping[str, str] | None = None,
) -> None:
    """A command's --format: every format of :data:`FORMATS` (the judging commands), or the
    ``names`` of the one list a command writes (``rules``, ``infer``), with what a name is
    for there when it says more (``purposes``)."""
    unknown = [name for name in names if name not in FORMATS]
    if unknown or default not in names:
        raise ValueError(f"not in reporters.FORMATS: {', '.join(unknown) or default}")
    parser.add_argument(
        "--format", choices=list(names), default=default, help=format_help(names, purposes, default)
    )


Render = Callable[[list[FileResult], Summary, TextIO, bool], None]


def get(name: str) -> Render:
    """Check's reporter for format ``name``."""
    return importlib.import_module(f"arena_contract.reporters.{name}_report").render


class CheckReport:
    """``check``'s results as a :class:`Reporter`."""

    def __init__(self, results: list[FileResult], summary: Summary, *, quiet: bool) -> None:
        self.results, self.summary, self.quiet = results, summary, quiet

    def _render(self, fmt: str, out: TextIO) -> None:
        get(fmt)(self.results, self.summary, out, self.quiet)

    def text(self, out: TextIO) -> None:
        self._render("text", out)

    def json(self, out: TextIO) -> None:
        self._render("json", out)

    def markdown(self, out: TextIO) -> None:
        self._render("markdown", out)

    def junit(self, out: TextIO) -> None:
        self._render("junit", out)

    def github(self, out: TextIO) -> None:
        self._render("github", out)
