"""One Policy from the configuration file and the command line (flags, environment
variables, ini keys: whichever ``live.settings.resolve`` found for each option).

The command line wins over the file: its selectors outrank the file's, and its
``--baseline``/``--consumes`` replace the file's keys. Paths in the file are relative to
the file; on the command line, to the working directory.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from arena_contract.config import baseline as baselines
from arena_contract.config.files import ConfigError, load_file, shown
from arena_contract.config.policy import ACTIONS, COMMAND_LINE, FILE, Policy, Selector, known_rules
from arena_contract.live.options import CONFIG, Surface, spelling
from arena_contract.safe_files import UnusableFile, check_writable, resolved, user_path

#: The options (live/options.py) that make the configuration, in every command that takes it.
CONFIG_OPTIONS = tuple(option.name for option in CONFIG)


def _layer(source: str) -> int:
    """How a source of the command line ranks: a flag over the environment over an ini key
    (as for every option), all over the file."""
    if source.startswith("ini "):
        return COMMAND_LINE
    return COMMAND_LINE + 1 if source.startswith("ARENA_") else COMMAND_LINE + 2


def policy_from(
    given: Mapping[str, Any],
    sources: Mapping[str, str] | None = None,
    *,
    strict: bool = False,
    start: Path | None = None,
    read_baseline: bool = True,
    surface: Surface = "pytest",
) -> Policy:
    """The Policy for ``given`` command-line values (Settings field names: ``ignore``,
    ``write_baseline``...), ``sources`` saying where each came from; ConfigError when the
    file, a selector or the baseline cannot be used."""
    sources = sources or {}
    file = load_file(given.get("config") or None, start)
    texts = [
        (text, action, file.where(action), FILE)
        for action in ACTIONS
        for text in file.values.get(action, ())
    ]
    texts += [
        (text, action, sources.get(action, "command line"), _layer(sources.get(action, "")))
        for action in ACTIONS
        for text in given.get(action) or ()
    ]
    known = list(known_rules()) if texts else []
    selectors = tuple(Selector.parse(*spec, known) for spec in texts)  # type: ignore[arg-type]
    if given.get("baseline"):
        baseline_path: Path | None = _user_path(given["baseline"], "--baseline", sources)
    else:
        baseline_path = file.path_value("baseline")
    consumes = tuple(given.get("consumes") or file.values.get("consumes", ()))
    where = sources.get("consumes") if given.get("consumes") else None
    for glob in consumes:
        if not glob.startswith("/"):
            origin = where or (file.where("consumes") if file.path else "command line")
            raise ConfigError(
                f"{origin}: consumes {glob!r} is not a JSON pointer (/results/*/status)"
            )
    write = given.get("write_baseline")
    write_path = _user_path(write, "--write-baseline", sources, resolve=False) if write else None
    if write_path is not None:
        try:
            check_writable(write_path)
        except UnusableFile as exc:
            raise ConfigError(f"cannot write the baseline {write}: {exc}") from None
    known = None
    # The first run writes the baseline the configuration names: nothing to read yet.
    if baseline_path and read_baseline and not (write and not baseline_path.exists()):
        known = baselines.load(baseline_path, spelling("write-baseline", surface))
    return Policy(
        selectors,
        strict,
        known.entries if known else None,
        baseline_path,
        write_path,
        consumes,
        shown(file.path) if file.path else "",
        baseline_hosts=known.hosts if known else frozenset(),
    )


def _user_path(text: str, option: str, sources: Mapping[str, str], *, resolve: bool = True) -> Path:
    """A path given on the command line; ConfigError (one line) for ``~nosuchuser`` or a
    symbolic link loop."""
    try:
        path = user_path(text)
        return resolved(path) if resolve else path
    except UnusableFile as exc:
        source = sources.get(option.lstrip("-").replace("-", "_"), "command line")
        where = option if source == "command line" else f"{option} ({source})"
        raise ConfigError(f"{where} {text}: {exc}") from None
