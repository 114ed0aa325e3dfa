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


# -- the configuration (README section, docs/configuration.md) ------------------------------

CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_configuration_samples_are_configurations_arena_contract_accepts(tmp_path):
    from arena_contract.config.load import policy_from

    samples = blocks(README, "toml") + blocks(CONFIGURATION, "toml")
    assert len(samples) >= 3
    for number, sample in enumerate(samples):
        project = tmp_path / str(number)
        project.mkdir()
        (project / "pyproject.toml").write_text(sample, encoding="utf-8")
        (project / "arena-known.json").write_text(blocks(CONFIGURATION, "json")[0], "utf-8")
        policy = policy_from({}, start=project)  # raises on a rule that matches nothing
        written = sum(
            len(re.findall(r'"[^"]+"', line))
            for line in sample.splitlines()
            if line.split("=")[0].strip() in ("ignore", "warn", "error")
        )
        assert len(policy.selectors) == written, sample


def test_configuration_baseline_sample_is_read_as_one(tmp_path):
    from arena_contract.config import baseline

    [sample] = [b for b in blocks(CONFIGURATION, "json") if "arena-contract baseline" in b]
    path = tmp_path / "known.json"
    path.write_text(sample, encoding="utf-8")
    entries = baseline.read(path)
    assert len(entries) == 3
    ledger = baseline.Ledger()
    for entry, count in zip(sorted(entries), (12, 1, 571), strict=True):
        ledger.seen[entry] = count
    assert baseline.dumps(ledger) == sample  # the sample is what --write-baseline writes


def test_configuration_command_examples_parse():
    import shlex

    from arena_contract.cli import build_parser

    parser = build_parser()
    commands = [
        line.split("#")[0].strip()
        for block in blocks(README, "sh") + blocks(CONFIGURATION, "sh")
        for line in block.splitlines()
        if "--baseline" in line
        or "--consumes" in line
        or "--write-baseline" in line
        or line.startswith("arena-contract rules")
    ]
    assert len(commands) >= 6
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "arena-contract", command
        parser.parse_args(argv[1:])  # exits (a failure) on an unknown flag


def test_configuration_error_sample_is_what_check_says(tmp_path, monkeypatch, capsys):
    from arena_contract.cli import main

    [sample] = [b for b in blocks(CONFIGURATION, "text") if "matches no rule" in b]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.arena-contract]\nignore = ["header.sever"]\n', "utf-8"
    )
    (tmp_path / "body.json").write_text('{"count": 0, "results": []}', "utf-8")
    assert main(["check", "body.json"]) == 2
    assert capsys.readouterr().err == sample
