"""One reporting layer: one list of formats every judging command offers, one reporter
interface, one request line."""

import argparse
import io
import json
import xml.etree.ElementTree as ET

import pytest

from arena_contract import reporters
from arena_contract.cli import main
from arena_contract.drift.render import DriftReporter
from arena_contract.reporters.describe import request_line
from arena_contract.suite.report import ProbeReport
from tests.test_drift_cli import write_captures
from tests.test_drift_support import run

JUDGING = ("check", "probe", "drift")


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


@pytest.mark.parametrize("reporter", [reporters.CheckReport, ProbeReport, DriftReporter])
def test_every_reporter_writes_every_format(reporter):
    for name in reporters.FORMATS:
        assert callable(getattr(reporter, name, None)), (reporter, name)


def test_an_unknown_format_is_refused_by_the_layer():
    with pytest.raises(ValueError, match="unknown report format"):
        reporters.write(
            reporters.CheckReport([], reporters.Summary(), quiet=False), "xml", io.StringIO()
        )


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


@pytest.fixture
def sides(tmp_path):
    before = write_captures(tmp_path / "b", [run(i) for i in range(1, 11)])
    after = write_captures(
        tmp_path / "a", [run(i, submitFileType=..., fileType="CSV") for i in range(1, 11)]
    )
    return before, after


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
