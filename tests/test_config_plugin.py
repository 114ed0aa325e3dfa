"""The configuration in the pytest plugin and the probe: pyproject.toml, ini keys and
environment variables; a finished run without completionDateTime fails the probe unless
the configuration or a baseline says it is known."""

from __future__ import annotations

import json

import pytest

from tests.test_plugin import FAST

pytest_plugins = ("pytester",)

#: A release that renamed completionDateTime: run.completion-date errors (and
#: schema.unknown-field warnings for the new name).
RENAMED = "--arena-mock-drift=renamed-completion-date"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in ("IGNORE", "WARN", "ERROR", "BASELINE", "CONSUMES", "CONFIG", "WRITE_BASELINE"):
        monkeypatch.delenv(f"ARENA_{name}", raising=False)


def run(pytester, *args: str):
    return pytester.runpytest_inprocess(RENAMED, *FAST, *args)


def test_a_finished_run_without_completion_date_fails_the_probe(pytester):
    result = run(pytester)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "[error] run.completion-date" in result.stdout.str()


@pytest.mark.parametrize(
    ("ini", "env"),
    [
        ("arena_warn = run.completion-date", {}),
        ("", {"ARENA_IGNORE": "run.*, schema.unknown-field"}),
    ],
)
def test_ini_keys_and_environment_variables_set_severities(pytester, monkeypatch, ini, env):
    if ini:
        pytester.makeini(f"[pytest]\n{ini}\n")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


def test_the_flag_beats_the_environment_which_beats_the_ini(pytester, monkeypatch):
    pytester.makeini("[pytest]\narena_warn = run.completion-date\n")
    monkeypatch.setenv("ARENA_ERROR", "run.completion-date")  # the environment beats the ini
    assert run(pytester).ret == pytest.ExitCode.TESTS_FAILED
    assert run(pytester, "--arena-warn=run.completion-date").ret == pytest.ExitCode.OK


def test_pyproject_configures_the_plugin_and_the_command_line_wins(pytester):
    pytester.makepyprojecttoml('[tool.arena-contract]\nwarn = ["run.completion-date"]\n')
    assert run(pytester).ret == pytest.ExitCode.OK
    assert run(pytester, "--arena-error=run.*").ret == pytest.ExitCode.TESTS_FAILED


def test_an_unknown_rule_in_the_ini_is_a_one_line_usage_error(pytester):
    pytester.makeini("[pytest]\narena_ignore = run.completion-dat\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in result.stderr.lines if line.strip()]
    assert lines == [
        "ERROR: arena-contract: ini arena_ignore: ignore 'run.completion-dat' matches no rule "
        "(did you mean run.completion-date?); every rule: arena-contract rules"
    ]


def test_a_baseline_written_by_one_run_lets_the_next_pass(pytester, monkeypatch):
    known = pytester.path / "arena-known.json"
    first = run(pytester, f"--arena-write-baseline={known}")
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    first.stdout.fnmatch_lines(["baseline written: *arena-known.json (* entries, * finding(s))"])
    rules = {entry["rule"] for entry in json.loads(known.read_text("utf-8"))["findings"]}
    assert rules == {"run.completion-date", "schema.unknown-field"}
    monkeypatch.setenv("ARENA_BASELINE", str(known))
    second = run(pytester)
    assert second.ret == pytest.ExitCode.OK, second.stdout.str()
    second.stdout.fnmatch_lines(["baseline *arena-known.json: * known finding(s) accepted"])
    # Another drift on top: its findings are new, and fail through the baseline.
    third = run(pytester, "--arena-mock-drift=null-creator")
    assert third.ret == pytest.ExitCode.TESTS_FAILED
    assert "[error] schema.type" in third.stdout.str()
    assert "[error] run.completion-date" not in third.stdout.str()


def test_the_summary_names_findings_touching_consumed_fields(pytester, monkeypatch):
    monkeypatch.setenv("ARENA_CONSUMES", "/results/*/completionDateTime,/count")
    result = run(pytester)
    text = result.stdout.str()
    assert "touching consumed fields:" in text
    assert "run.completion-date at /results/*/completionDateTime (listImportRuns, 2xx)" in text
    assert "/count" not in text.split("touching consumed fields:")[1].split("\n")[1]
    monkeypatch.setenv("ARENA_CONSUMES", "/count")
    assert "touching consumed fields: none" in run(pytester).stdout.str()


def test_record_reads_the_configuration_but_judges_nothing(tmp_path, capsys, monkeypatch):
    """record takes the configuration (a rule that matches nothing is refused as everywhere)
    but prints no findings: `check` judges what it recorded, under the same configuration."""
    from arena_contract.cli import main

    monkeypatch.chdir(tmp_path)
    argv = ["record", "--out", str(tmp_path / "rec"), "--drift", "renamed-completion-date"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.arena-contract]\nconsumes = ["/results/*/completionDateTime"]\n', "utf-8"
    )
    assert main(argv) == 0
    out = capsys.readouterr()
    assert "findings" not in out.err and "consumed" not in out.err
    assert main(["check", out.out.strip()]) == 1
    assert main([*argv, "--warn", "run.completion-dat"]) == 2
    assert "command line: warn 'run.completion-dat' matches no rule" in capsys.readouterr().err


def test_pages_overlapping_within_the_probes_walk_are_an_error(pytester):
    result = pytester.runpytest_inprocess(
        "--arena-mock-drift=duplicate-runs-across-pages", *FAST, "-k", "page-walk"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    text = result.stdout.str()
    assert "[error] list.pages-overlap" in text and "of the same walk (count unchanged)" in text


def test_the_first_run_message_names_the_plugins_flag_and_following_it_works(pytester):
    """A configuration naming a baseline not written yet: pytest says to run once with
    --arena-write-baseline (its own spelling), and doing so writes it."""
    pytester.makepyprojecttoml('[tool.arena-contract]\nbaseline = "arena-known.json"\n')
    result = run(pytester)
    text = result.stdout.str() + result.stderr.str()
    assert "run this command once with --arena-write-baseline arena-known.json" in text, text
    result = run(pytester, "--arena-write-baseline=arena-known.json")
    assert (pytester.path / "arena-known.json").is_file(), result.stdout.str()
    assert run(pytester).ret == pytest.ExitCode.OK
