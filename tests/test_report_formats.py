"""One reporting layer: one list of formats every judging command offers, each format one
registered function of the one outcome shape, one request line."""

import argparse
import json
import xml.etree.ElementTree as ET

import pytest

from arena_contract import reporters
from arena_contract.cli import main
from arena_contract.reporters.describe import request_line
from arena_contract.reporters.outcome import Item
from tests.test_drift_cli import write_captures
from tests.test_drift_support import run

JUDGING = ("check", "probe", "drift")
FAST_PROBE = ["--max-requests", "8", "--examples", "0"]


def _format_choices(command: str) -> list[str]:
    from arena_contract.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if "--format" in a.option_strings)
    return list(action.choices)


@pytest.mark.parametrize("command", JUDGING)
def test_every_judging_command_offers_the_one_list_of_formats(command):
    assert _format_choices(command) == list(reporters.FORMATS)


@pytest.mark.parametrize("command", ["rules", "infer"])
def test_the_other_commands_take_their_names_from_the_same_list(command):
    assert set(_format_choices(command)) <= set(reporters.FORMATS)


def test_every_format_module_registers_its_format():
    """A format is one module, reporters/<name>_report.py, found by the package: nothing
    else names it."""
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(reporters.__path__)}
    assert {f"{name}_report" for name in reporters.FORMATS} == {
        name for name in modules if name.endswith("_report")
    }
    assert next(iter(reporters.FORMATS)) == "text"  # the default comes first


def test_an_unknown_format_is_refused_by_the_layer():
    from arena_contract.reporters.outcome import Outcome

    outcome = Outcome("t", "h", 0, document=dict)
    with pytest.raises(ValueError, match="unknown report format"):
        reporters.write(outcome, "xml", __import__("io").StringIO())


@pytest.mark.parametrize(
    ("request_text", "status", "origin", "line"),
    [
        (
            "GET https://h/v1/imports/G/runs",
            200,
            "x.har#entries[3]",
            "x.har#entries[3] GET https://h/v1/imports/G/runs -> 200",
        ),
        (
            "GET https://h/v1/imports/G/runs",
            401,
            "GET https://h/v1/imports/G/runs",
            "GET https://h/v1/imports/G/runs -> 401",
        ),
        ("", 200, "body.json", "body.json -> 200"),
        ("", None, "body.json", "body.json"),
    ],
)
def test_one_request_line(request_text, status, origin, line):
    assert request_line(request_text, status, origin) == line


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (Item("error", "r", "found"), "found"),
        (Item("error", "r", "found", where="GET u -> 200"), "GET u -> 200: found"),
        (
            Item("warning", "r", "found", where="a", places="in 3 responses: a, b, c"),
            "a: found; in 3 responses: a, b, c",
        ),
        (Item("breaking", "k", "x -> y", where="loc", hint="accept it"), "loc: x -> y; accept it"),
    ],
)
def test_an_item_is_told_on_one_line_alike_for_every_command(item, message):
    assert item.message() == message


def test_levels_map_every_command_s_severities():
    assert [Item(s, "r", "t").level for s in ("error", "breaking", "warning", "info")] == [
        "error",
        "error",
        "warning",
        "notice",
    ]


@pytest.fixture
def sides(tmp_path):
    before = write_captures(tmp_path / "b", [run(i) for i in range(1, 11)])
    after = write_captures(
        tmp_path / "a", [run(i, submitFileType=..., fileType="CSV") for i in range(1, 11)]
    )
    return before, after


@pytest.fixture
def commands(sides, tmp_path):
    """Each judging command, with what it judges, failing."""
    broken = write_captures(tmp_path / "c", [run(i, creator=None) for i in range(1, 4)])
    return {
        "check": (["check", broken], 1),
        "drift": (["drift", *sides], 1),
        "probe": (["probe", *FAST_PROBE, "--drift", "null-creator"], 1),
    }


@pytest.fixture
def tally():
    """A format registered once, the way every format is: one function of the outcome."""

    @reporters.report_format("tally", "a count of the items (a test format)")
    def write(outcome, out):
        items = outcome.items()
        levels = sorted({item.level for item in items})
        out.write(f"{outcome.title}: {len(items)} item(s) {levels}, exit {outcome.exit_code}\n")

    yield "tally"
    del reporters.FORMATS["tally"], reporters._WRITERS["tally"]


@pytest.mark.parametrize("command", JUDGING)
def test_a_format_registered_once_serves_every_judging_command(command, commands, tally, capsys):
    assert tally in _format_choices(command)
    argv, code = commands[command]
    assert main([*argv, "--format", tally]) == code
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(("arena-contract check: ", "arena-contract probe: ", "Arena API drift"))
    count = int(line.split(": ", 1)[1].split(" ")[0])
    assert count >= 1 and "'error'" in line and line.endswith(f"exit {code}")


@pytest.mark.parametrize("fmt", ["json", "junit", "github", "markdown"])
@pytest.mark.parametrize("command", ["check", "drift"])
def test_every_format_tells_every_command_s_findings(command, fmt, commands, capsys):
    """The same outcome in each format: the envelope, the XML, annotations, a table."""
    argv, code = commands[command]
    assert main([*argv, "--format", fmt]) == code
    out = capsys.readouterr().out
    if fmt == "json":
        document = json.loads(out)
        assert document["ok"] is False and "summary" in document
    elif fmt == "junit":
        root = ET.fromstring(out.split("\n", 1)[1])
        assert root.tag == "testsuites" and root.find(".//failure") is not None
    elif fmt == "github":
        assert any(line.startswith("::error ") for line in out.splitlines())
    else:
        assert "| Severity | Rule | Finding | Where |" in out
        assert any(line.startswith("| **") for line in out.splitlines())


def test_check_markdown_is_one_row_per_rule_and_place(tmp_path, capsys):
    path = write_captures(
        tmp_path / "c", [run(i, creator=None) for i in range(1, 6)], [run(9, creator=None)]
    )
    assert main(["check", "--format", "markdown", path]) == 1
    out = capsys.readouterr().out
    assert out.startswith("**arena-contract check:** 2 file(s), 2 response(s): 6 error(s)")
    rows = [line for line in out.splitlines() if line.startswith("| **error**")]
    assert len(rows) == 2 and all("`schema.type`" in row for row in rows)  # one per file
    assert "(and 4 more at /results/*/creator)" in rows[0]


def test_drift_junit_fails_a_case_per_cause_at_the_threshold(sides, capsys):
    assert main(["drift", *sides, "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1])
    cases = {case.get("classname"): case for case in root.iter("testcase")}
    assert set(cases) == {"field-removed", "field-added"}
    assert cases["field-removed"].find("failure") is not None
    assert cases["field-added"].find("failure") is None  # info: not at breaking
    assert main(["drift", *sides, "--format", "junit", "--fail-on", "info"]) == 1
    root = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1])
    assert root.get("failures") == "2"


def test_json_stays_the_envelope_for_every_judging_command(sides, capsys):
    assert main(["drift", *sides, "--format", "json"]) == 1
    assert {"ok", "summary"} <= set(json.loads(capsys.readouterr().out))


def test_architecture_md_format_example_is_the_real_format():
    """docs/architecture.md shows how a format is added with a real one, as it is."""
    from pathlib import Path

    from tests.test_docs import _fenced_after

    root = Path(__file__).parent.parent
    source = (root / "arena_contract" / "reporters" / "github_report.py").read_text("utf-8")
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    example = _fenced_after(text, "The GitHub format, whole", "python")
    assert example.startswith('@report_format("github"') and example in source


def test_an_outcome_without_a_layout_of_its_own_is_told_plainly():
    """The text format of a command that draws no layout of its own: the verdict, a line
    per item (as annotations tell it), then the notes and closing lines."""
    import io

    from arena_contract.reporters.outcome import Outcome

    outcome = Outcome(
        "arena-contract x",
        "the contract fails",
        1,
        document=dict,
        items=lambda: [Item("error", "schema.type", "found", where="GET u -> 200")],
        closing=["1 response(s)"],
    )
    out = io.StringIO()
    reporters.write(outcome, "text", out)
    assert out.getvalue().splitlines() == [
        "arena-contract x: the contract fails",
        "  error: schema.type: GET u -> 200: found",
        "1 response(s)",
    ]
