"""The plugin in a user's project: the contract suite joins the project's own tests (never
replaces them), --arena-only (and its env/ini forms) runs it alone, `arena-contract probe`
runs it alone, and a green run with --junitxml has no warning whatever the JUnit family.

The project's tests write a marker file when they run: whether they ran is read from the
disk, not from pytest's own report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

# Imported here, before pytester's snapshot of sys.modules: pytester removes what an in-process
# run imported, and PyYAML's C extension cannot be imported a second time in one process (its
# parser keeps the first import's node classes), so a later run would fail to read the contract.
import yaml  # noqa: F401

pytest_plugins = ("pytester",)

#: Small and quick: one import definition, no exploration.
FAST = ("--arena-examples=0", "--arena-max-imports=1", "-p", "no:cacheprovider")
OWN_TESTS = {"test_alpha": 3, "test_beta": 2}


@pytest.fixture
def project(pytester):
    """A user's project: tests/ with its own tests, each leaving a marker when it runs."""
    pytester.mkdir("tests")
    for module, count in OWN_TESTS.items():
        body = "\n".join(
            f"def test_{i}(tmp_path_factory):\n"
            f"    open(r'{pytester.path}/ran-{module}-{i}', 'w').close()\n"
            for i in range(count)
        )
        pytester.path.joinpath("tests", f"{module}.py").write_text(body, encoding="utf-8")
    return pytester


def own_tests_ran(pytester) -> int:
    return len(list(pytester.path.glob("ran-*")))


def suite_ran(result) -> bool:
    return "= arena-contract =" in result.stdout.str() and "test_contract.py" in result.stdout.str()


@pytest.mark.parametrize("testpaths", [True, False])
@pytest.mark.parametrize("ask", [("--arena-url=mock",), ("--arena-contract",)])
def test_the_suite_joins_the_projects_tests(project, testpaths, ask):
    if testpaths:
        project.makeini("[pytest]\ntestpaths = tests\n")
    result = project.runpytest_inprocess(*ask, *FAST, "-v")
    assert result.ret == 0, result.stdout.str()
    assert own_tests_ran(project) == sum(OWN_TESTS.values())
    assert suite_ran(result)
    result.stdout.fnmatch_lines(["*test_alpha.py::test_0 PASSED*"])


def test_collection_counts_both(project):
    alone = project.runpytest_inprocess("--co", "-q", *FAST)
    both = project.runpytest_inprocess("--co", "-q", "--arena-url=mock", *FAST)
    only = project.runpytest_inprocess("--co", "-q", "--arena-url=mock", "--arena-only", *FAST)
    count = lambda result: sum("::" in line for line in result.stdout.lines)  # noqa: E731
    assert count(alone) == sum(OWN_TESTS.values())
    assert count(both) == count(alone) + count(only) and count(only) > 0


@pytest.mark.parametrize(
    ("args", "env", "ini"),
    [
        (("--arena-url=mock", "--arena-only"), None, None),
        (("--arena-only",), None, None),  # implies the suite
        (("--arena-contract",), "1", None),
        (("--arena-url=mock",), "yes", None),
        (("--arena-url=mock",), None, "true"),
        (("--arena-url=mock",), "", "on"),  # an empty variable leaves it to the ini file
    ],
)
def test_only_runs_the_suite_alone(project, monkeypatch, args, env, ini):
    if env is not None:
        monkeypatch.setenv("ARENA_ONLY", env)
    if ini is not None:
        project.makeini(f"[pytest]\ntestpaths = tests\narena_only = {ini}\n")
    result = project.runpytest_inprocess(*args, *FAST)
    assert result.ret == 0, result.stdout.str()
    assert suite_ran(result) and own_tests_ran(project) == 0


@pytest.mark.parametrize(("env", "ini"), [("0", "true"), ("false", None)])
def test_only_switched_off(project, monkeypatch, env, ini):
    monkeypatch.setenv("ARENA_ONLY", env)  # the environment beats the ini file
    if ini:
        project.makeini(f"[pytest]\narena_only = {ini}\n")
    result = project.runpytest_inprocess("--arena-url=mock", *FAST)
    assert result.ret == 0 and suite_ran(result)
    assert own_tests_ran(project) == sum(OWN_TESTS.values())


def test_only_from_the_environment_does_not_start_the_suite(project, monkeypatch):
    monkeypatch.setenv("ARENA_ONLY", "1")
    result = project.runpytest_inprocess(*FAST)
    assert result.ret == 0 and not suite_ran(result)
    assert own_tests_ran(project) == sum(OWN_TESTS.values())


def test_a_bad_only_value_is_one_usage_line(project, monkeypatch):
    monkeypatch.setenv("ARENA_ONLY", "perhaps")
    result = project.runpytest_inprocess("--arena-url=mock", *FAST)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in result.stderr.lines if line.strip()]
    assert lines == ["ERROR: arena-contract: ARENA_ONLY: expected true or false, got 'perhaps'"]


def test_probe_runs_the_suite_alone_in_a_project(project, monkeypatch, capsys):
    from arena_contract.cli import main

    project.makeini("[pytest]\ntestpaths = tests\n")
    monkeypatch.chdir(project.path)
    assert main(["probe", "--examples", "0", "--max-imports", "1"]) == 0
    assert "target: the bundled mock" in capsys.readouterr().out
    assert own_tests_ran(project) == 0


@pytest.mark.parametrize("family", [None, "xunit2", "xunit1", "legacy"])
def test_a_green_run_with_junitxml_has_no_warning(project, family):
    if family:
        project.makeini(f"[pytest]\ntestpaths = tests\njunit_family = {family}\n")
    xml = project.path / "report.xml"
    result = project.runpytest_inprocess("--arena-url=mock", *FAST, f"--junitxml={xml}")
    assert result.ret == 0
    outcomes = result.parseoutcomes()
    assert "warnings" not in outcomes and "warning" not in outcomes, result.stdout.str()
    cases = ET.parse(xml).getroot().iter("testcase")
    suite_cases = [c for c in cases if "test_contract" in c.get("classname", "")]
    assert suite_cases
    with_properties = [c for c in suite_cases if c.find("properties") is not None]
    if family in ("xunit1", "legacy"):  # these families take per-test properties: kept
        names = {p.get("name") for c in with_properties for p in c.iter("property")}
        assert {"request", "observed"} <= names
    else:  # xunit2 (the default) allows none in a <testcase>
        assert with_properties == []


def test_under_xunit2_the_request_lines_are_a_report_section(project):
    result = project.runpytest_inprocess(
        "--arena-url=mock", "--arena-only", *FAST, f"--junitxml={project.path / 'r.xml'}", "-rA"
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*arena-contract*", "request: GET http://127.0.0.1:*/v1/imports*"])


def test_the_suite_needs_no_other_pytest_plugin(pytester):
    # What docs/probe.md offers a project that does not use Schemathesis' or Hypothesis' pytest
    # plugins (their start-up cost): turning them off leaves the suite whole, exploration too.
    result = pytester.runpytest_inprocess(
        "--arena-url=mock",
        "--arena-examples=1",
        "--arena-max-imports=1",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:schemathesis",
        "-p",
        "no:hypothesispytest",
    )
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["observed: exploration (Schemathesis) -> 1 requests: 200*"])
