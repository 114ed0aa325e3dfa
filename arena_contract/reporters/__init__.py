"""Reporters print check results; one module per output format, all with the same signature:

render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from arena_contract.results import FileResult, Summary

FORMATS = ("text", "json", "junit", "github")

Render = Callable[[list[FileResult], Summary, TextIO, bool], None]


def get(name: str) -> Render:
    return importlib.import_module(f"arena_contract.reporters.{name}_report").render
