"""Start-up: `arena-contract --version` and `import arena_contract` load only what they use.

Speed itself is measured in benchmarks/run.py (--version against a bare interpreter);
these tests keep the imports that speed depends on from creeping back.
"""

from __future__ import annotations

import subprocess
import sys

import arena_contract
from tests.helpers import run_cli


def loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(done.stdout.split())


def test_version_imports_no_subcommand_and_no_validator():
    loaded = loaded_after(
        "from arena_contract.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    assert main(['--version']) == 0\n"
        "from arena_contract import __version__\n"
        "assert out.getvalue() == f'arena-contract {__version__}\\n'"
    )
    ours = {name for name in loaded if name.startswith("arena_contract")}
    assert ours == {"arena_contract", "arena_contract._version", "arena_contract.cli"}
    assert not loaded & {"argparse", "typing", "json", "dataclasses"}


def test_the_package_loads_its_public_names_on_first_use():
    loaded = loaded_after("import arena_contract")
    assert "arena_contract.validate" not in loaded and "arena_contract.rules" not in loaded
    loaded = loaded_after("from arena_contract import validate_response")
    assert "arena_contract.validate" in loaded


def test_every_public_name_resolves_and_unknown_names_fail():
    for name in arena_contract.__all__:
        assert getattr(arena_contract, name) is not None, name
    assert set(arena_contract.__all__) == {*arena_contract._EXPORTS, "__version__"}
    assert set(arena_contract.__all__) <= set(dir(arena_contract))
    try:
        arena_contract.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")
    from arena_contract import contract  # a submodule still imports as one

    assert contract.__name__ == "arena_contract.contract"


def test_version_through_argparse_still_works():
    done = run_cli("--version", "check", fresh=True, timeout=60)
    assert done.code == 0 and done.out.startswith("arena-contract ")


def test_every_subcommand_module_registers_its_command():
    from arena_contract.cli import SUBCOMMANDS, build_parser

    choices = build_parser()._subparsers._group_actions[0].choices
    assert set(SUBCOMMANDS) <= set(choices)


def test_a_subcommand_that_cannot_be_imported_is_an_error_not_a_missing_command(monkeypatch):
    """A broken import (a module renamed, a file left out of the wheel) must not read as a
    command that was never built: --help would just stop listing it."""
    import pytest

    from arena_contract import cli

    monkeypatch.setattr(cli, "SUBCOMMANDS", (*cli.SUBCOMMANDS, "no_such_subcommand"))
    with pytest.raises(ModuleNotFoundError, match="no_such_subcommand"):
        cli.build_parser()


def test_check_without_a_configuration_loads_only_what_it_uses(tmp_path):
    """`check` of a raw body, no configuration anywhere: no configuration resolver, no
    multipart parser, nothing of the live probe, the YAML reader or the test generators."""
    import os
    from pathlib import Path

    body = Path(__file__).resolve().parent.parent / "examples" / "runs.json"
    script = (
        "import sys\nfrom arena_contract.cli import main\n"
        f"code = main(['check', '-q', {str(body)!r}])\n"
        "print(code, ' '.join(sorted(sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    code, *loaded = done.stdout.split()
    assert code == "0", done.stdout + done.stderr
    assert "arena_contract.rules.request_body" in loaded  # the rules are loaded, not the below
    unused = {
        "arena_contract.live.settings",
        "email.parser",
        "email.policy",
        "yaml",
        "requests",
        "rich",
        "schemathesis",
        "hypothesis",
        "xml.sax.saxutils",
        "tempfile",
        "difflib",
        "csv",  # a result file's content rule reads CSV
        "html",  # a registered secret's forms
        "multiprocessing",  # one small file: --jobs auto stays in this process
        "pickle",  # only a forked --jobs worker's results travel
    }
    assert not unused & set(loaded)


def test_no_configuration_given_is_the_resolvers_defaults(monkeypatch):
    """policy_for_args skips live.settings when no flag or variable is given: what it
    assumes then is what resolve_values says."""
    import argparse

    from arena_contract.config import cli as config_cli
    from arena_contract.config.load import CONFIG_OPTIONS
    from arena_contract.live.options import BY_NAME
    from arena_contract.live.settings import resolve_values

    options = tuple(BY_NAME[name] for name in CONFIG_OPTIONS)
    for option in options:
        monkeypatch.delenv(option.env, raising=False)
    args = argparse.Namespace(**{option.dest: None for option in options})
    seen = []
    monkeypatch.setattr(config_cli, "policy_from", lambda *a, **k: seen.append(a))
    config_cli.policy_for_args(args)
    expected = resolve_values(options, lambda o: None, lambda o: None, {}, "cli")
    assert seen == [(expected[0], expected[1])]
    seen.clear()
    setattr(args, BY_NAME["ignore"].dest, ["header.*"])  # given: the resolver answers
    config_cli.policy_for_args(args)
    assert seen[0][0]["ignore"] == ("header.*",) and seen[0][1] == {"ignore": "command line"}
