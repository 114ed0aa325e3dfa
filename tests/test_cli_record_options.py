"""`record` and `probe` share their options and their failures: a HAR that cannot be written
exits 2 for both; record's output directory has the command line's one name (-o/--output,
with --out, --record and ARENA_RECORD); messages name options as the command line spells
them, whichever old spelling (a plain alias) was typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arena_contract.cli import main

FAST_PROBE = ["--max-requests", "8", "--examples", "0"]


def unwritable(tmp_path: Path) -> str:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    return str(blocker / "har")


@pytest.mark.parametrize(
    "argv",
    [
        ["probe", *FAST_PROBE, "--record", "{dir}"],
        ["probe", *FAST_PROBE, "--arena-record", "{dir}"],
        ["record", "--max-requests", "12", "-o", "{dir}"],
    ],
    ids=["probe", "probe-plugin-spelling", "record"],
)
def test_a_har_that_cannot_be_written_exits_2(tmp_path, capsys, argv):
    where = unwritable(tmp_path)
    assert main([part.replace("{dir}", where) for part in argv]) == 2
    out = capsys.readouterr()
    assert f"cannot write the HAR file in {where}" in out.out + out.err
    assert "the contract holds" not in out.out + out.err
    assert "Traceback" not in out.err


def har_entries(directory: Path) -> list[dict]:
    (path,) = directory.glob("*.har")
    return json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]


@pytest.mark.parametrize("flag", ["-o", "--output", "--out", "--record", "--arena-record", "env"])
def test_record_output_directory_spellings(tmp_path, capsys, monkeypatch, flag):
    target = tmp_path / "rec"
    if flag == "env":
        monkeypatch.setenv("ARENA_RECORD", str(target))
        argv = ["record", "--max-imports", "1"]
    else:
        argv = ["record", "--max-imports", "1", flag, str(target)]
    assert main(argv) == 0
    entries = har_entries(target)
    assert [e["comment"] for e in entries].count("unfiltered list") == 1


def test_record_without_an_output_directory_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.delenv("ARENA_RECORD", raising=False)
    assert main(["record"]) == 2
    assert "record needs -o/--output DIR" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["flag", "env"])
def test_record_takes_max_imports_from_flag_and_environment(tmp_path, monkeypatch, source):
    argv = ["record", "-o", str(tmp_path)]
    if source == "flag":
        argv += ["--max-imports", "3"]
    else:
        monkeypatch.setenv("ARENA_MAX_IMPORTS", "3")
    assert main(argv) == 0
    assert [e["comment"] for e in har_entries(tmp_path)].count("unfiltered list") == 3


@pytest.mark.parametrize(
    "typed", [["--max-requests", "6"], ["--arena-max-requests", "6"], ["--max-requests=6"]]
)
def test_record_names_the_budget_as_the_command_line_spells_it(tmp_path, capsys, typed):
    """One spelling per surface: the old --arena-max-requests is a plain alias, and the
    message names the command's own --max-requests whichever was typed."""
    assert main(["record", "-o", str(tmp_path), *typed]) == 1
    err = capsys.readouterr().err
    assert "stopped: the request budget (--max-requests 6) is spent" in err


def test_a_recording_with_nothing_to_check_exits_2_as_check_and_infer_would(tmp_path, capsys):
    assert main(["record", "-o", str(tmp_path), "--max-requests", "2"]) == 2  # login, logout
    [har] = tmp_path.glob("*.har")
    says = f"arena-contract: {har}: nothing to check: no response of the contract's endpoints"
    assert says in capsys.readouterr().err
    for command in (["check"], ["infer"], ["drift", "--spec"]):
        assert main([*command, str(har)]) == 2, command


def test_a_recording_of_the_discovery_alone_is_checked_and_incomplete(tmp_path, capsys):
    # GET /imports is an operation of the contract: its answer is checked, not skipped.
    assert main(["record", "-o", str(tmp_path), "--max-requests", "3"]) == 1
    assert "the sample is incomplete" in capsys.readouterr().err
    [har] = tmp_path.glob("*.har")
    assert main(["check", str(har)]) == 0


#: A value each option refuses, in one line naming the option.
REFUSED = {
    "url": "ftp://x.example",
    "import-guid": "not-a-guid",
    "max-requests": "0",
    "max-response-bytes": "0",
    "timeout": "abc",
    "mock-runs": "x,y",
}


@pytest.mark.parametrize("surface", ["cli", "pytest"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refusal_names_the_option_as_its_surface_spells_it(surface, name):
    """One spelling per surface: the settings are told which surface they answer, and name
    the option its way; no message is rewritten afterwards."""
    from arena_contract.live.options import BY_NAME
    from arena_contract.live.settings import SettingsError, resolve

    option = BY_NAME[name]
    given = {option.dest: [REFUSED[name]] if option.kind == "list" else REFUSED[name]}
    with pytest.raises(SettingsError) as refused:
        resolve(lambda o: given.get(o.dest), lambda o: None, {}, surface)
    message = str(refused.value)
    other = "pytest" if surface == "cli" else "cli"
    assert option.spelling(surface) in message, message
    assert option.spelling(other) not in message.replace(option.spelling(surface), ""), message


@pytest.mark.parametrize("command", ["probe", "record"])
def test_every_option_has_one_spelling_and_its_old_ones_as_aliases(command):
    """The table (live/options.py) gives each option its command-line spelling, shown
    first, and the old spellings as plain argparse aliases of the same destination."""
    import argparse

    from arena_contract.cli import build_parser
    from arena_contract.live.options import OPTIONS

    parser = build_parser(command)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    actions = {a.dest: a for a in sub.choices[command]._actions}
    skipped = {"examples", "strict", "plan"} if command == "record" else set()
    for option in OPTIONS:
        if option.name in skipped:
            continue
        action = actions[option.dest]
        assert action.option_strings == list(option.cli_flags(command)), option.name
        assert "--arena-" not in (action.help or ""), (option.name, action.help)
    # record's directory is the command's output: spelt as every command's output is.
    output = actions["arena_record"].option_strings
    if command == "record":
        assert output[:2] == ["-o", "--output"] and {"--out", "--record"} <= set(output)
    else:
        assert output == ["--record", "--arena-record"]


def test_the_plugin_declares_only_the_table_s_options():
    """pytest's options (ONLY among them) are rows of the one table, none by hand."""
    from arena_contract import plugin
    from arena_contract.live.options import BY_NAME

    added: list[str] = []

    class Group:
        def addoption(self, *names, **kwargs):
            added.extend(names)

    class Parser:
        def getgroup(self, *args):
            return Group()

        def addini(self, *args, **kwargs):
            pass

    plugin.pytest_addoption(Parser())  # type: ignore[arg-type]
    assert plugin.ONLY is BY_NAME["only"]
    assert set(added) == {"--arena-contract", *(option.flag for option in BY_NAME.values())}


def test_pytest_help_names_each_option_with_its_env_and_ini_equivalents():
    from arena_contract.live.options import OPTIONS

    for option in OPTIONS:
        text = option.help_text("pytest")
        if option.env:
            assert f"env {option.env}" in text, option.name
        if option.ini:
            assert f"ini {option.ini}" in text, option.name
        assert "{" not in text and "}" not in text, text


def test_the_configuration_file_keys_come_from_the_same_table():
    from arena_contract.config.files import KEYS
    from arena_contract.live.options import OPTIONS

    assert {o.name: o.kind for o in OPTIONS if o.file_key} == KEYS
    assert set(KEYS) == {"ignore", "warn", "error", "baseline", "consumes"}


def test_no_respelling_module_is_left():
    import importlib.util

    assert importlib.util.find_spec("arena_contract.cli.spelling") is None


@pytest.mark.parametrize(
    ("surface", "given", "environ", "named"),
    [
        ("cli", "S3SSION", {}, "--session-id"),
        ("pytest", "S3SSION", {}, "--arena-session-id"),
        ("cli", None, {"ARENA_SESSION_ID": "S3SSION"}, "ARENA_SESSION_ID"),
    ],
)
def test_a_value_is_said_to_come_from_where_it_was_given(surface, given, environ, named):
    from arena_contract.live.settings import resolve

    settings = resolve(
        lambda o: given if o.name == "session-id" else None,
        lambda o: None,
        {"ARENA_URL": "https://api.arenasolutions.com/v1", **environ},
        surface,
    )
    assert settings.source_of("session-id") == named
