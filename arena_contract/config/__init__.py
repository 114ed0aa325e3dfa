"""Project configuration: which rules apply and how hard, the baseline of known findings,
and the fields an integration consumes.

- ``files``: finding and reading ``[tool.arena-contract]`` (pyproject.toml or ``--config``);
- ``policy``: severities applied to findings after the rules ran (the engine stays
  ignorant of them), the baseline filter, consumed fields;
- ``baseline``: a finding's entry, the ledger of a run, reading and writing baselines;
- ``places``: JSON-pointer globs;
- ``load``: the file and the command line (flags, environment, ini) made one Policy.

See docs/configuration.md.
"""

from arena_contract.config.baseline import Entry, Ledger
from arena_contract.config.files import ConfigError, FileConfig, load_file
from arena_contract.config.policy import Policy, Selector

__all__ = [
    "ConfigError",
    "Entry",
    "FileConfig",
    "Ledger",
    "Policy",
    "Selector",
    "load_file",
]
