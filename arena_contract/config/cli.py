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
    from arena_contract.live.settings import resolve_values

    values, sources, _ = resolve_values(
        tuple(BY_NAME[name] for name in names),
        lambda option: getattr(args, option.dest, None),
        lambda option: None,
        os.environ,
        "cli",
    )
    return policy_from(
        values, sources, strict=strict, read_baseline="baseline" in names, surface="cli"
    )
