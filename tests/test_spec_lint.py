"""The contract is clean under the linters of the field, as exported and as bundled.

Spectral (``spectral:oas``) and Redocly CLI (``recommended``) report nothing with the
repository's rulesets (.spectral.yaml, redocly.yaml), and under their plain rulesets nothing
but the rules those files turn off with a reason: an API description written by a third
party has no contact or licence of its own to give. Both tools also validate every example
against its schema, so the examples are checked here too.
"""

import json
import subprocess
from pathlib import Path

import pytest

from tests.node_tools import ENV, node_tool

# Slow: Node tools in fresh processes. In the quick run, test_packaging validates the
# contract with openapi-spec-validator and test_spec checks every example with `check`.
pytestmark = pytest.mark.slow

#: The only rules the repository's rulesets turn off (each with its reason in the file).
DOCUMENTED_EXCEPTIONS = {"spectral": {"info-contact"}, "redocly": {"info-license"}}
SPECS = ("openapi.yaml", "openapi.bundled.yaml")


def spectral(specs: list[Path], cwd: Path, ruleset: Path | None = None) -> dict[str, list[str]]:
    """Spectral's findings per spec file name (one run for all: Spectral starts slowly)."""
    report = cwd / "spectral.json"
    command = [node_tool("spectral"), "lint", "-f", "json", "-o", str(report), *map(str, specs)]
    if ruleset is not None:
        command += ["-r", str(ruleset)]
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=180)
    assert report.is_file(), done.stdout + done.stderr
    found: dict[str, list[str]] = {spec.name: [] for spec in specs}
    for result in json.loads(report.read_text()):
        where = ".".join(map(str, result["path"]))
        found[Path(result["source"]).name].append(f"{result['code']} at {where}")
    return found


def redocly(specs: list[Path], cwd: Path) -> dict[str, list[str]]:
    """Redocly's findings per spec file name."""
    found = {}
    for spec in specs:
        done = subprocess.run(
            [node_tool("redocly"), "lint", "--format=json", str(spec)],
            cwd=cwd,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )
        start = done.stdout.find("{")
        assert start >= 0, done.stdout + done.stderr
        problems = json.loads(done.stdout[start:])["problems"]
        found[spec.name] = [f"{p['ruleId']}: {p['message']}" for p in problems]
    return found


@pytest.fixture(scope="module")
def broken(exported) -> Path:
    """The exported spec with one example that breaks its schema (a code as a string)."""
    spec = (exported / "openapi.yaml").read_text()
    assert spec.count("- code: 331") >= 1  # the sample run's warning (and the committed run's)
    broken = exported / "broken-openapi.yaml"  # beside schemas/: its $refs resolve
    broken.write_text(spec.replace("- code: 331", '- code: "331"', 1))
    yield broken
    broken.unlink()


def test_spectral_finds_nothing_with_the_repository_ruleset(exported, broken):
    found = spectral([*(exported / name for name in SPECS), broken], cwd=exported)
    assert {name: found[name] for name in SPECS} == {name: [] for name in SPECS}
    # The clean runs mean something: a bad example is found, through the files' $refs.
    assert any("oas3-valid-media-example" in p for p in found[broken.name]), found[broken.name]


def test_redocly_finds_nothing_with_the_repository_config(exported, broken):
    found = redocly([*(exported / name for name in SPECS), broken], cwd=exported)
    assert {name: found[name] for name in SPECS} == {name: [] for name in SPECS}
    assert any("no-invalid-media-type-examples" in p for p in found[broken.name])


def test_plain_rulesets_report_only_the_documented_exceptions(exported, tmp_path):
    """Without the repository's files, only the rules they turn off fire: nothing is hidden."""
    plain = tmp_path / "plain-ruleset.yaml"
    plain.write_text('extends: ["spectral:oas"]\n')
    specs = [exported / name for name in SPECS]
    for name, lines in spectral(specs, tmp_path, plain).items():
        assert {line.split(" ")[0] for line in lines} == DOCUMENTED_EXCEPTIONS["spectral"], name
    for name, lines in redocly(specs, tmp_path).items():
        assert {line.split(":")[0] for line in lines} == DOCUMENTED_EXCEPTIONS["redocly"], name
