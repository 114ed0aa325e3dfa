"""Reporters: what every command that judges (``check``, ``probe``, ``drift``) prints, in
one list of formats.

A command says what it found in one value, an :class:`~arena_contract.reporters.outcome.
Outcome` (the items: one finding shape, grouped; the verdict; the JSON envelope; the tests
for JUnit), and :func:`write` hands it to the format asked for. A format is one module
``reporters/<name>_report.py`` with one function registered by :func:`report_format`: it is
found here, offered by every judging command's ``--format`` and written for each of them.
The pieces the commands share to build their outcome are here too: ``describe`` (a finding,
the one request line), ``grouped`` (findings told once per rule and place across
responses), ``markdown`` (cells) and ``github_report.annotation``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from arena_contract.reporters.outcome import Outcome

if TYPE_CHECKING:
    import argparse

Writer = Callable[[Outcome, TextIO], None]

#: Every report format, with what it is for: each judging command offers all of them.
FORMATS: dict[str, str] = {}
_WRITERS: dict[str, Writer] = {}


def report_format(name: str, purpose: str) -> Callable[[Writer], Writer]:
    """Register ``writer`` as format ``name``: every judging command offers it from then on."""

    def register(writer: Writer) -> Writer:
        FORMATS[name] = purpose
        _WRITERS[name] = writer
        return writer

    return register


def write(outcome: Outcome, fmt: str, out: TextIO) -> None:
    """``outcome`` in ``fmt`` (one of :data:`FORMATS`) on ``out``."""
    if fmt not in _WRITERS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    _WRITERS[fmt](outcome, out)


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
    names: Sequence[str] | None = None,
    *,
    default: str = "text",
    purposes: Mapping[str, str] | None = None,
) -> None:
    """A command's --format: every format of :data:`FORMATS` (the judging commands), or the
    ``names`` of the one list a command writes (``rules``, ``infer``), with what a name is
    for there when it says more (``purposes``)."""
    names = list(FORMATS) if names is None else list(names)
    unknown = [name for name in names if name not in FORMATS]
    if unknown or default not in names:
        raise ValueError(f"not in reporters.FORMATS: {', '.join(unknown) or default}")
    parser.add_argument(
        "--format", choices=names, default=default, help=format_help(names, purposes, default)
    )


def _register_formats() -> None:
    """Import every ``<name>_report`` module of this package (each registers its format),
    text first: the default."""
    # The folder's file names, not pkgutil: this runs on every command's start-up.
    here = os.path.dirname(__file__)
    names = [n[:-3] for n in os.listdir(here) if n.endswith("_report.py")]
    for name in sorted(names, key=lambda name: (name != "text_report", name)):
        importlib.import_module(f"{__name__}.{name}")


_register_formats()
