"""The configuration's flags in the commands that read captures (``check``, ``drift``,
``rules``); ``probe`` and ``record`` get them with the probe's options (live/options.py)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from arena_contract.config.load import CONFIG_OPTIONS, policy_from
from arena_contract.config.policy import Policy
from arena_contract.live.options import BY_NAME


def add_config_options(
    parser: argparse.ArgumentParser, names: Sequence[str] = CONFIG_OPTIONS
) -> None:
    group = parser.add_argument_group(
        "configuration (docs/configuration.md; each also from its environment variable, and "
        "from [tool.arena-contract] in pyproject.toml)"
    )
    for name in names:
        option = BY_NAME[name]
        group.add_argument(option.cli, **option.argparse_kwargs("cli"))


def policy_for_args(
    args: argparse.Namespace, *, strict: bool = False, names: Sequence[str] = CONFIG_OPTIONS
) -> Policy:
    """(``names`` without "baseline": the file's baseline key is not read either.)"""
    """The Policy from the file, the environment and the flags; ConfigError or SettingsError
    (both a one-line ValueError) when it cannot be used."""
    options = tuple(BY_NAME[name] for name in names)
    given = [
        o for o in options if getattr(args, o.dest, None) is not None or os.environ.get(o.env or "")
    ]
    if given:
        from arena_contract.live.settings import resolve_values

        values, sources, _ = resolve_values(
            options,
            lambda option: getattr(args, option.dest, None),
            lambda option: None,
            os.environ,
            "cli",
        )
    else:
        # Nothing given (no flag, no variable): every option at its default, as resolve_values
        # says then. Importing live.settings (its checks, ipaddress...) only for that cost
        # every `check` start-up about 4 ms (tests/test_startup.py holds both to agreeing).
        values, sources = {option.field: option.default for option in options}, {}
    return policy_from(
        values, sources, strict=strict, read_baseline="baseline" in names, surface="cli"
    )
