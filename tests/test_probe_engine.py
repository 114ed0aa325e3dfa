"""The probe engine's shape: one definition per probe kind, one rule catalogue, no pytest
needed, no import circle, short modules."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arena_contract.rules import ALIASES, RUN_RULES, catalogue
from arena_contract.suite.kinds import PROBE_KINDS, Sight
from arena_contract.suite.probe import BEHAVIOURS, PARTS
from arena_contract.suite.schedule import suite_plan
from tests.helpers import run_cli

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "arena_contract"


# -- the import graph ----------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports: at the top, inside functions (lazy) and
    under TYPE_CHECKING alike, since each is a dependency a reader has to follow."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names]
                targets = [t if t in modules else base for t in targets]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert "arena_contract.suite.engine" in graph  # the walk saw the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "folder", ["suite", "rules", "reporters", "drift", "cli", "captures", "mock", "live", "config"]
)
def test_no_module_of_the_engine_is_long(folder):
    long = {
        str(p.relative_to(ROOT)): n
        for p in (PACKAGE / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


# -- one definition per probe kind -------------------------------------------------------


def test_every_probe_of_the_schedule_has_one_registered_kind():
    probes = suite_plan(("G1", "G2"), 2) + suite_plan()
    assert {p.kind for p in probes} <= set(PROBE_KINDS)
    assert {p.part for p in probes} <= set(PARTS)
    assert {b for p in probes for b in p.behaviours} == set(BEHAVIOURS)
    for kind in PROBE_KINDS.values():
        assert (kind.run is None) != (kind.request is None)


@pytest.mark.parametrize("probe", suite_plan(), ids=lambda p: p.name)
def test_every_probe_has_a_planned_request_and_cost_before_anything_is_seen(probe):
    from arena_contract.live.settings import Settings

    kind = PROBE_KINDS[probe.kind]
    sight = Sight(probe, "<GUID>", None, Settings())
    text = kind.planned(sight)
    assert text and "{" not in text
    assert kind.requests(sight) >= 0


# -- one rule model -------------------------------------------------------------------------


def test_the_probe_rules_are_in_the_one_catalogue():
    ids = [rule_id for rule_id, _, _ in catalogue()]
    assert len(ids) == len(set(ids))
    assert set(RUN_RULES) <= set(ids)
    assert {r for r in ids if r.startswith("probe.")} == set(RUN_RULES)
    assert not set(ALIASES) & set(ids)
    assert set(ALIASES.values()) <= set(ids)


def test_an_old_rule_id_names_the_rule_that_owns_the_property(capsys):
    from arena_contract.cli import main

    assert main(["rules", "--ignore", "probe.page-repeat", "--format", "json"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert "probe.page-repeat" not in rules
    assert rules["list.pages-overlap"]["severity"] == "ignored"


# -- the probe without pytest ---------------------------------------------------------------

BLOCKER = """
import sys


class _NoPytest:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("pytest", "_pytest", "pluggy"):
            raise ImportError(f"{name} is blocked (arena-contract probe needs no pytest)")
        return None


sys.meta_path.insert(0, _NoPytest())
"""


@pytest.mark.slow  # three fresh processes, a whole probe each
def test_probe_runs_when_pytest_cannot_be_imported(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_ADDOPTS": None,
    }
    blocked = subprocess.run(
        [sys.executable, "-c", "import pytest"],
        env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        capture_output=True,
        text=True,
    )
    assert blocked.returncode != 0 and "blocked" in blocked.stderr  # the blocker works
    junit = tmp_path / "probe.xml"
    argv = ("probe", "--examples", "2", "--format", "json", "--junit-xml", junit)
    done = run_cli(*argv, env=env, cwd=tmp_path, fresh=True, timeout=300)
    assert done.code == 0, done.err
    document = done.json()
    assert document["ok"] and document["summary"]["behaviours_held"] == len(BEHAVIOURS)
    outcomes = {p["probe"]: p["outcome"] for p in document["probes"]}
    assert outcomes["explore-schemathesis"] == "passed"  # Schemathesis without pytest too
    assert junit.read_text(encoding="utf-8").count("<testcase") == len(document["probes"])
    argv = ("probe", "--drift", "null-creator", "--examples", "0", "-q")
    drifted = run_cli(*argv, env=env, cwd=tmp_path, fresh=True, timeout=300)
    assert drifted.code == 1, drifted.err
    assert "[error] schema.type" in drifted.out


# -- the pytest adapter and `probe`: one engine, the same outcomes ---------------------------


@pytest.mark.parametrize(
    "drift", ["", pytest.param("duplicate-runs-across-pages", marks=pytest.mark.slow)]
)
def test_pytest_items_and_probe_agree_probe_by_probe(pytester, capsys, drift):
    from xml.etree import ElementTree as ET

    from arena_contract.cli import main

    drifted = ("--drift", drift) if drift else ()
    code = main(["probe", "--examples", "0", "--max-imports", "1", *drifted, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    by_probe = {p["probe"]: p["outcome"] for p in document["probes"]}

    xml = pytester.path / "items.xml"
    result = pytester.runpytest_inprocess(
        "--arena-contract",
        "--arena-examples=0",
        "--arena-max-imports=1",
        *((f"--arena-mock-drift={drift}",) if drift else ()),
        f"--junitxml={xml}",
        "-p",
        "no:cacheprovider",
    )
    items = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        name = case.get("name", "").removeprefix("test_probe[").removesuffix("]")
        failed = case.find("failure") is not None or case.find("error") is not None
        items[name] = (
            "failed" if failed else "skipped" if case.find("skipped") is not None else "passed"
        )
    assert items == by_probe
    assert (code, result.ret) == ((1, 1) if drift else (0, 0))


# -- docs/architecture.md shows a probe kind as it is ------------------------------------------


def test_architecture_md_probe_example_is_the_real_kind():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The probe engine", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    kinds = (PACKAGE / "suite" / "kinds" / "runs.py").read_text(encoding="utf-8")
    assert '@sends("unknown-run"' in example and example in kinds
    schedule = (PACKAGE / "suite" / "schedule.py").read_text(encoding="utf-8")
    line = 'add(index, slot, "unknown-run", "unknown-run-guid", "single-run")'
    assert f"`{line}`" in section and line in schedule
    sample = (PACKAGE / "suite" / "sample.py").read_text(encoding="utf-8")
    step = '_step("unknown-guid", first, "unknown import GUID")'
    assert f"`{step}`" in section and step in sample
    for name in ("Probe", "ProbeKind", "Result", "Verdict", "Observation", "Coverage"):
        assert f"`{name}`" in section, name
