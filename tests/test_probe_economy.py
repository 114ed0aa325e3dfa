"""Probe economy: the most documented behaviour per request, a plan before spending, results
a machine can read. Counted on the mock's side: its request log, and the behaviours that log
shows (``mock.behaviours``), not the probe's own account."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from xml.etree import ElementTree as ET

import pytest

from arena_contract.checker import KEPT_PER_GROUP
from arena_contract.mock import serve_in_thread
from arena_contract.mock.behaviours import behaviours_seen
from arena_contract.mock.dataset import Dataset, parse_run_counts
from arena_contract.suite.probe import BEHAVIOURS
from arena_contract.suite.schedule import suite_plan
from tests.helpers import run_cli

pytest_plugins = ("pytester",)

EMAIL, PASSWORD = "economy@example.com", "Economy-Secret-4471"
LOGIN = {"ARENA_EMAIL": EMAIL, "ARENA_PASSWORD": PASSWORD}
#: The issue's Arena: three import definitions of 45, 7 and 0 runs.
ARENA = (45, 7, 0)


def probe(server, *args: str) -> tuple[int, str]:
    code, out, _ = run_cli("probe", "--url", server.url, *args, env=LOGIN)
    return code, out


def sent(server) -> list[str]:
    return [
        f"{e.request.method} {e.request.path.removeprefix('/v1')}" for e in server.arena.exchanges()
    ]


@contextlib.contextmanager
def arena(run_counts=ARENA, **options):
    with serve_in_thread(run_counts=run_counts, users={EMAIL: PASSWORD}, **options) as server:
        yield server


# -- the plan as data ------------------------------------------------------------------------


def test_breadth_shows_every_behaviour_once_before_any_twice():
    probes = suite_plan()
    breadth = [p for p in probes if p.breadth]
    shown = [b for p in breadth for b in p.behaviours]
    assert sorted(shown) == sorted(BEHAVIOURS)  # each once
    where = [i for i, p in enumerate(probes) if p.breadth]
    assert where == list(range(1, len(breadth) + 1))  # right after the discovery, together
    assert all(not p.behaviours for p in probes if not p.breadth)


def test_the_mock_and_the_suite_name_the_same_behaviours():
    from arena_contract.mock import behaviours

    ids = {f"filter-{name}" for name in behaviours.FILTERS}
    assert ids <= set(BEHAVIOURS)


@pytest.mark.parametrize(
    ("text", "counts"), [("45,7,0", (45, 7, 0)), ("3", (3,)), (" 1 , 2 ", (1, 2))]
)
def test_the_mock_is_seeded_with_run_counts(text, counts):
    assert parse_run_counts(text) == counts
    data = Dataset.generate(0, counts)
    assert [len(d.runs) for d in data.definitions] == list(counts)
    assert len({d.guid for d in data.definitions}) == len(counts)


@pytest.mark.parametrize("text", ["", "45,x", "-1", "²", "1,,2,100001", "4.5"])
def test_bad_run_counts_are_one_line(text):
    if text == "":
        return  # empty means the default dataset
    with pytest.raises(ValueError, match="run counts"):
        parse_run_counts(text)
    ran = run_cli("probe", "--mock-runs", text)
    assert ran.code == 2
    err = ran.err.strip()
    assert err.startswith("arena-contract: --mock-runs:") and "\n" not in err


# -- the targets, counted on the mock's side ----------------------------------------------------


@pytest.mark.parametrize(("budget", "target"), [(12, 12), (25, 20)])
def test_coverage_targets_on_the_issues_arena(budget, target):
    with arena() as server:
        code, out = probe(server, "--max-requests", str(budget), "--format", "json")
        log = sent(server)
        seen = behaviours_seen(server.arena.dataset, server.arena.exchanges())
    document = json.loads(out)
    assert code == 0 and document["ok"]
    # Login, discovery and logout are in the budget, as sent.
    assert len(log) <= budget and log[0] == "POST /login" and log[-1] == "PUT /logout"
    assert log.count("GET /imports") == 1
    claimed = set(document["coverage"]["held"])
    assert claimed <= seen  # the probe claims nothing the mock did not see
    assert len(seen) >= target, sorted(set(BEHAVIOURS) - seen)
    assert document["summary"]["behaviours_held"] == len(claimed) >= target
    missing = {b["behaviour"] for b in document["coverage"]["not_probed"]}
    assert missing == set(BEHAVIOURS) - claimed
    if missing:  # honest partial results
        assert document["coverage"]["sentence"].startswith(
            f"contract holds for {len(claimed)} of {len(BEHAVIOURS)} behaviours; "
            "not probed within the budget: "
        )


@pytest.mark.parametrize("order", sorted(set(itertools.permutations(ARENA))))
def test_25_requests_cover_20_behaviours_whatever_order_discovery_lists(order):
    with arena(order) as server:
        code, out = probe(server, "--max-requests", "25", "--format", "json")
        seen = behaviours_seen(server.arena.dataset, server.arena.exchanges())
        requests = len(server.arena.exchanges())
    assert code == 0 and requests <= 25
    assert len(seen) >= 20, sorted(set(BEHAVIOURS) - seen)
    assert set(json.loads(out)["coverage"]["held"]) <= seen


def test_depth_prefers_a_definition_that_differs():
    # import0 is the long list (45); a second long one (40) would tell less than the short (7).
    with arena((45, 40, 7, 0)) as server:
        guids = [d.guid for d in server.arena.dataset.definitions]
        code, _ = probe(server, "--examples", "0", "--format", "json")
        paths = [e.request.url for e in server.arena.exchanges()]
    assert code == 0
    walked = {
        guid for guid in guids if any(f"/{guid}/runs?offset=" in p and "limit=" in p for p in paths)
    }
    assert guids[2] in walked and guids[0] in walked and guids[1] not in walked


def test_given_guids_are_probed_as_given():
    with arena((45, 7, 0)) as server:
        given = server.arena.dataset.definitions[1].guid
        code, out = probe(server, "--import-guid", given, "--examples", "0", "--format", "json")
        log = sent(server)
    assert code == 0
    assert "GET /imports" not in log
    others = [d.guid for d in server.arena.dataset.definitions if d.guid != given]
    assert not any(guid in line for line in log for guid in others)
    assert json.loads(out)["summary"]["behaviours_held"] >= 18  # no long, no empty list given


# -- --plan: the cost before paying it --------------------------------------------------------


@pytest.mark.parametrize("budget", [12, 25])
def test_plan_sends_only_what_planning_needs_and_predicts_the_run(budget):
    with arena() as server:
        code, out = probe(server, "--max-requests", str(budget), "--plan")
        planned_log = sent(server)
    assert code == 0
    first = server.arena.dataset.definitions[0].guid
    assert planned_log == [
        "POST /login",
        "GET /imports",
        f"GET /imports/{first}/runs",
        "PUT /logout",
    ]
    assert "planning sent 4 request(s)" in out
    with arena() as server:
        code, plan_json = probe(server, "--max-requests", str(budget), "--plan", "--format", "json")
    plan = json.loads(plan_json)
    with arena() as server:
        code, run_json = probe(server, "--max-requests", str(budget), "--format", "json")
    run = json.loads(run_json)
    # The plan says what the run does: the same behaviours, the same requests per part.
    assert plan["behaviours"]["covered"] == run["coverage"]["held"]
    assert plan["requests"]["by_part"] == run["requests"]["by_part"]
    assert plan["summary"]["requests"] == run["requests"]["sent"] <= budget
    steps = {s["probe"]: s for s in plan["steps"]}
    assert (
        steps["page-offset-inside"]["requests"] == 0 and steps["page-offset-inside"]["shares_step"]
    )


def test_pytest_arena_plan_sends_only_planning(pytester, monkeypatch):
    monkeypatch.setenv("ARENA_PASSWORD", PASSWORD)
    with arena() as server:
        result = pytester.runpytest_inprocess(
            f"--arena-url={server.url}",
            f"--arena-email={EMAIL}",
            "--arena-plan",
            "--arena-max-requests=27",
            "-p",
            "no:cacheprovider",
        )
        log = sent(server)
    assert result.ret == 0
    assert [line.split()[0] for line in log] == ["POST", "GET", "GET", "PUT"]
    result.stdout.fnmatch_lines(
        [
            "plan for --max-requests 27 against *",
            "*breadth*page-short*offset=5&limit=5*",
            "*page-offset-inside*(shares #*)*",
            f"covers {len(BEHAVIOURS)} of {len(BEHAVIOURS)} behaviours",
            "planning sent 4 request(s)*",
        ]
    )


# -- results a machine can read ---------------------------------------------------------------


def docs_json_sample() -> dict:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "probe.md").read_text(encoding="utf-8")
    block = text.split("## `arena-contract probe`", 1)[1].split("```json\n", 1)[1]
    return json.loads(block.split("```", 1)[0])


def test_probe_and_check_share_one_finding_shape(tmp_path):
    with arena(drifts=["null-creator"]) as server:
        code, out = probe(
            server,
            "--examples",
            "0",
            "--max-imports",
            "1",
            "--format",
            "json",
            "--record",
            str(tmp_path),
        )
    assert code == 1
    document = json.loads(out)
    assert document["ok"] is False and isinstance(document["summary"], dict)
    # docs/probe.md's sample has the real shape (its values are an example).
    sample = docs_json_sample()
    assert set(sample) == set(document) and set(sample["summary"]) == set(document["summary"])
    assert set(sample["findings"][0]) == set(document["findings"][0])
    assert set(sample["probes"][0]) == set(document["probes"][0])
    assert set(sample["coverage"]) == set(document["coverage"])
    found = [f for f in document["findings"] if f["rule"] == "schema.type"]
    assert found
    ran = run_cli("check", "--format", "json", *tmp_path.glob("*.har"))
    assert ran.code == 1
    checked = json.loads(ran.out)
    by_request = {
        (ex["request"].split(" ", 1)[-1], ex["status"]): ex["findings"]
        for f in checked["files"]
        for ex in f["exchanges"]
    }
    omitted = 0 if checked["summary"]["errors"] <= KEPT_PER_GROUP else 1
    for finding in found:
        assert {"rule", "severity", "target", "pointer", "message", "actual", "expected"} <= set(
            finding
        )
        request = finding["request"]
        match = by_request[request["url"], request["status"]]
        if not match and omitted:  # past check's first KEPT_PER_GROUP of the group
            continue
        assert match, request
        core = {k: finding[k] for k in match[0]}
        assert core in match  # check's own object, for the same request
        kept = sum(m["rule"] == "schema.type" for m in match)
        # check keeps a group's first findings per file (checker.KEPT_PER_GROUP) and counts
        # the rest, so a long page can show fewer than the probe counted, never more.
        assert finding["count"] == kept or (omitted and kept < finding["count"])
        assert "arena_session_id" not in json.dumps(finding["request"])


def test_github_and_junit_tell_groups_and_coverage(tmp_path):
    junit = tmp_path / "probe.xml"
    with arena(drifts=["null-creator"]) as server:
        code, out = probe(
            server,
            "--examples",
            "0",
            "--max-imports",
            "1",
            "--max-requests",
            "20",
            "--format",
            "github",
            "--junit-xml",
            str(junit),
        )
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    creator = [a for a in annotations if a.startswith("::error title=schema.type::")]
    # One cause, one annotation: the null creator of every run of every page is one line
    # (as check groups a file's), with the count and the first few requests, and the
    # single run's /creator another.
    in_lists = [a for a in creator if "/results/*/creator" in a]
    assert len(in_lists) == 1, creator
    count = re.search(
        r"\(and (\d+) more at /results/\*/creator\); in (\d+) responses: GET ", in_lists[0]
    )
    assert count and int(count[1]) > int(count[2]) > 1, in_lists[0]
    assert len(creator) == 2, creator
    assert any(a.startswith("::notice title=not probed::contract fails for") for a in annotations)
    root = ET.parse(junit).getroot()
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert "not probed within the budget" in properties["coverage"]
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["list-with-runs"].find("failure") is not None
    skips = [case.find("skipped") for case in cases.values()]
    stopped = [s for s in skips if s is not None and "arena-contract stopped" in s.get("message")]
    assert stopped


def test_output_file_and_junit_alias(tmp_path):
    report, junit = tmp_path / "probe.json", tmp_path / "alias.xml"
    with arena() as server:
        code, out = probe(
            server,
            "--examples",
            "0",
            "--max-requests",
            "12",
            "--format",
            "json",
            "-o",
            str(report),
            "--junit-xml",
            str(junit),
        )
    assert code == 0 and out == ""
    assert json.loads(report.read_text("utf-8"))["summary"]["behaviours_held"] == 12
    assert ET.parse(junit).getroot().tag == "testsuites"


def test_markdown_is_one_row_per_cause_and_the_summary():
    """--format markdown, for a job's step summary: the verdict, one table row per rule and
    place across the run (as the annotations), then the summary lines."""
    with arena(drifts=["null-creator"]) as server:
        code, out = probe(server, "--examples", "0", "--max-imports", "1", "--format", "markdown")
    assert code == 1
    assert out.startswith("**arena-contract probe:** the contract fails\n")
    rows = [line for line in out.splitlines() if line.startswith("| **error** | `schema.type`")]
    assert len([row for row in rows if "/results/*/creator" in row]) == 1, rows
    assert any(line.startswith("- requests: ") for line in out.splitlines())
