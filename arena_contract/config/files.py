"""Finding and reading the configuration file: ``[tool.arena-contract]`` in the nearest
pyproject.toml from the working directory upward (as pytest and ruff find theirs), or a
file named by ``--config``.

A pyproject.toml without the table is passed over (it configures some other project
layer); a file named by ``--config`` is a pyproject.toml with the table or, when it has
none, a TOML file whose top level is the table (an ``arena-contract.toml``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arena_contract.live.options import CONFIG
from arena_contract.safe_files import UnusableFile, read_regular, resolved, user_path
from arena_contract.suggest import did_you_mean

TABLE = "arena-contract"
#: key -> the type its value must have ("list": a list of strings): the options table's
#: rows with a [tool.arena-contract] key (live/options.py).
KEYS = {option.file_key: option.kind for option in CONFIG if option.file_key}


class ConfigError(ValueError):
    """A configuration that cannot be used, told in one line naming the file (and line)."""


@dataclass(frozen=True)
class FileConfig:
    """The table's values, where they came from, and the line of each key."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """'pyproject.toml:12' (relative to the working directory when under it)."""
        assert self.path is not None
        line = self.lines.get(key)
        return f"{shown(self.path)}:{line}" if line else shown(self.path)

    def path_value(self, key: str) -> Path | None:
        """A path key, relative to the file's directory."""
        value = self.values.get(key)
        if value is None or self.path is None:
            return None
        try:
            return resolved(self.path.parent / user_path(value))
        except UnusableFile as exc:
            raise ConfigError(f"{self.where(key)}: {key} {value!r}: {exc}") from None


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        return str(path)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.arena-contract] table, from ``start`` up.

    A file that cannot be parsed (not UTF-8, not TOML) is passed over too when its bytes
    name no such table: it belongs to some other project layer."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if not candidate.is_file():
            continue
        data = _read(candidate)
        try:
            document = _parse(data, candidate)
        except ConfigError:
            if _TABLE_BYTES.search(data):
                raise
            continue
        if _table(document, candidate, named=False) is not None:
            return candidate
    return None


def load_file(explicit: str | Path | None, start: Path | None = None) -> FileConfig:
    """The configuration from ``explicit`` (``--config``), else the nearest pyproject.toml;
    an empty FileConfig when there is none."""
    if explicit is not None:
        try:
            path = user_path(explicit)
        except UnusableFile as exc:
            raise ConfigError(f"--config {explicit}: {exc}") from None
        if not path.exists() and not path.is_symlink():
            raise ConfigError(f"--config {explicit}: no such file")
        data = _read(path)
        document = _parse(data, path)
        table = _table(document, path, named=True)
    else:
        found = find_pyproject(start or Path.cwd())
        if found is None:
            return FileConfig()
        path, data = found, _read(found)
        document = _parse(data, found)
        table = _table(document, found, named=False)
    assert table is not None
    top_level = explicit is not None and _table(document, path, named=False) is None
    path = path.resolve()
    config = FileConfig(path, {}, _key_lines(data, top_level))
    for key, value in table.items():
        config.values[key] = _checked(config, key, value)
    return config


#: A [tool.arena-contract] header in a file's bytes (whatever their encoding).
_TABLE_BYTES = re.compile(rb"\[\s*tool\s*\.\s*\"?arena-contract")


def _read(path: Path) -> bytes:
    try:
        return read_regular(path)
    except UnusableFile as exc:
        raise ConfigError(f"{shown(path)}: cannot read it: {exc}") from None


def _parse(data: bytes, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # tomli: a dependency on 3.10 (pytest's too), tomllib's original
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown(path)}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown(path)}: not valid TOML: not UTF-8") from None


def _table(document: dict[str, Any], path: Path, *, named: bool) -> dict[str, Any] | None:
    tool = document.get("tool")
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is None and named:
        table = {k: v for k, v in document.items() if k != "tool"}
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{shown(path)}: [tool.{TABLE}] must be a table")
    return table


def _checked(config: FileConfig, key: str, value: Any) -> Any:
    if key not in KEYS:
        hint = did_you_mean(key, KEYS)
        raise ConfigError(
            f"{config.where(key)}: unknown key {key!r}{hint}; known: {', '.join(KEYS)}"
        )
    if KEYS[key] == "text":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{config.where(key)}: {key} must be a file name (a string)")
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{config.where(key)}: {key} must be a list of strings")
    return tuple(value)


_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*(?:arena-contract|\"arena-contract\")\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*\"?([A-Za-z0-9_-]+)\"?\s*=")


def _key_lines(data: bytes, top_level: bool) -> dict[str, int]:
    """The line of each key of the table (TOML parsers do not tell): for messages and for
    ``arena-contract rules``'s "set by" column."""
    lines: dict[str, int] = {}
    inside = top_level
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if line.lstrip().startswith("["):
            inside = bool(_HEADER.match(line))
            continue
        found = _KEY.match(line) if inside else None
        if found:
            lines.setdefault(found.group(1), number)
    return lines
