"""The README says what the code does: its rule table is the catalogue, its commands exist."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def rule_table() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "arena_contract", "rules", "--format", "markdown"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_readme_rule_table_is_the_catalogue():
    found = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", README, re.S)
    assert found, "README lost its rule table markers"
    assert found.group(1) == rule_table(), (
        "README's rule table is stale: replace it with `arena-contract rules --format markdown`"
    )


def test_readme_names_only_existing_subcommands():
    from arena_contract.cli import build_parser

    choices = build_parser()._subparsers._group_actions[0].choices
    named = set(re.findall(r"(?:^|`|\$ )arena-contract ([a-z]+)", README, re.M))
    assert {"check", "probe", "serve", "drift"} <= named
    assert named <= set(choices), named - set(choices)
