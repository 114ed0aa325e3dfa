"""Project configuration through `arena-contract check`: [tool.arena-contract] found upward
or named by --config, each key and its flag, precedence, places, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.config.baseline import entry
from arena_contract.config.places import place_matches
from arena_contract.findings import Finding
from arena_contract.mock import FakeClock, MockArena
from tests.helpers import run_cli
from tests.test_drift_switches_caught import traffic


def write_traffic(path: Path, *, seed: int = 3, drifts: tuple[str, ...] = ()) -> str:
    """What the mock sent (real captures of its bytes) as JSON Lines."""
    captures = traffic(MockArena(seed=seed, clock=FakeClock(), drifts=drifts))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in captures), "utf-8")
    return str(path)


def check(*args: str) -> tuple[int, list[dict], str]:
    """(exit code, findings, standard error) of `check --format json`."""
    code, out, err = run_cli("check", "--format", "json", *args)
    findings = []
    if out:
        findings = [
            f
            for file in json.loads(out)["files"]
            for ex in file["exchanges"]
            for f in ex["findings"]
        ]
    return code, findings, err


def rules_of(findings: list[dict]) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}
    for finding in findings:
        seen.setdefault(finding["rule"], set()).add(finding["severity"])
    return seen


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A project directory, the working directory, with a recording of a drifted Arena
    (null creators: schema.type errors at /results/*/creator and /creator)."""
    monkeypatch.chdir(tmp_path)
    for name in ("ARENA_CONFIG", "ARENA_IGNORE", "ARENA_WARN", "ARENA_ERROR", "ARENA_BASELINE"):
        monkeypatch.delenv(name, raising=False)
    write_traffic(tmp_path / "rec" / "mock.jsonl", drifts=("null-creator",))
    return tmp_path


def pyproject(directory: Path, body: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text(f'[project]\nname = "erp-sync"\n\n[tool.arena-contract]\n{body}\n', "utf-8")
    return path


def test_without_configuration_the_findings_are_the_rules_defaults(workspace):
    code, findings, _ = check("rec")
    assert code == 1 and rules_of(findings) == {"schema.type": {"error"}}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ('ignore = ["schema.type"]', {}),
        ('ignore = ["schema.*"]', {}),
        ('warn = ["schema.type"]', {"schema.type": {"warning"}}),
        ('warn = ["schema.t*"]', {"schema.type": {"warning"}}),
    ],
)
def test_each_severity_key_from_the_file(workspace, key, expected):
    pyproject(workspace, key)
    code, findings, _ = check("rec")
    assert rules_of(findings) == expected
    assert code == (1 if any("error" in s for s in expected.values()) else 0)


def test_error_key_raises_a_warning_rule(workspace):
    write_traffic(workspace / "rec" / "mock.jsonl", drifts=("404-for-unknown-guid",))
    assert rules_of(check("rec")[1]) == {"error.not-found": {"warning"}}
    pyproject(workspace, 'error = ["error.not-found"]')
    code, findings, _ = check("rec")
    assert code == 1 and rules_of(findings) == {"error.not-found": {"error"}}


@pytest.mark.parametrize("action", ["ignore", "warn", "error"])
def test_each_severity_flag(workspace, action):
    _, findings, _ = check("rec", f"--{action}", "schema.type")
    expected = {
        "ignore": {},
        "warn": {"schema.type": {"warning"}},
        "error": {"schema.type": {"error"}},
    }
    assert rules_of(findings) == expected[action]


def test_a_rule_narrowed_to_a_place(workspace):
    # The list's creators are ignored; the single run's (/creator) still fail.
    pyproject(workspace, 'ignore = ["schema.type@/results/*/creator"]')
    code, findings, _ = check("rec")
    assert code == 1
    assert {f["pointer"] for f in findings} == {"/creator"}


def test_the_command_line_wins_over_the_file(workspace):
    pyproject(workspace, 'ignore = ["schema.type"]')
    code, findings, _ = check("rec", "--warn", "schema.type")
    assert code == 0 and rules_of(findings) == {"schema.type": {"warning"}}
    # Even over a more specific selector of the file.
    pyproject(workspace, 'ignore = ["schema.type@/results/*/creator"]')
    code, findings, _ = check("rec", "--error", "schema.*")
    assert code == 1 and len(findings) > 1


def test_within_one_source_the_more_specific_selector_wins(workspace):
    pyproject(workspace, 'ignore = ["schema.*"]\nerror = ["schema.type@/creator"]')
    code, findings, _ = check("rec")
    assert code == 1 and {f["pointer"] for f in findings} == {"/creator"}


def test_strict_leaves_a_rule_the_configuration_made_a_warning(workspace):
    pyproject(workspace, 'warn = ["schema.type"]')
    code, findings, _ = check("rec", "--strict")
    assert code == 0 and rules_of(findings) == {"schema.type": {"warning"}}


def test_the_environment_gives_the_flags(workspace, monkeypatch):
    monkeypatch.setenv("ARENA_IGNORE", "schema.type, header.server")
    assert check("rec")[:2] == (0, [])


def test_the_nearest_pyproject_with_the_table_is_found_upward(workspace, monkeypatch):
    pyproject(workspace, 'ignore = ["schema.type"]')
    below = workspace / "services" / "erp"
    below.mkdir(parents=True)
    # A pyproject.toml on the way up without the table configures something else.
    (workspace / "services" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    monkeypatch.chdir(below)
    assert check(str(workspace / "rec"))[:2] == (0, [])


def test_config_flag_names_a_file(workspace):
    pyproject(workspace, 'ignore = ["schema.type"]')  # not read: --config names another
    other = workspace / "ci" / "arena-contract.toml"
    other.parent.mkdir()
    other.write_text('warn = ["schema.type"]\n', "utf-8")
    code, findings, _ = check("rec", "--config", str(other))
    assert code == 0 and rules_of(findings) == {"schema.type": {"warning"}}


@pytest.mark.parametrize(
    ("body", "flags", "message"),
    [
        (
            'ignore = ["header.sever"]',
            (),
            "pyproject.toml:5: ignore 'header.sever' matches no rule",
        ),
        ('warn = ["nothing.*"]', (), "pyproject.toml:5: warn 'nothing.*' matches no rule"),
        ("", ("--error", "schema.typo"), "command line: error 'schema.typo' matches no rule"),
        ('ignore = ["schema.type@results"]', (), "'results' is not a JSON pointer"),
        ('ignore = ["header.*@Date Time"]', (), "neither a JSON pointer"),
        ('ignroe = ["schema.type"]', (), "pyproject.toml:5: unknown key 'ignroe'"),
        ('ignore = "schema.type', (), "pyproject.toml: not valid TOML"),
        ("ignore = [1]", (), "pyproject.toml:5: ignore must be a list of strings"),
        (
            'consumes = ["results/*/status"]',
            (),
            "consumes 'results/*/status' is not a JSON pointer",
        ),
        (
            'baseline = "missing.json"',
            (),
            "baseline missing.json: no such file yet; run this command once with "
            "--write-baseline missing.json",
        ),
        ("", ("--config", "nowhere.toml"), "--config nowhere.toml: no such file"),
    ],
)
def test_a_configuration_that_cannot_be_used_is_one_line_and_exit_2(
    workspace, body, flags, message
):
    pyproject(workspace, body)
    code, findings, err = check("rec", *flags)
    assert code == 2 and findings == []
    assert err.count("\n") == 1 and err.startswith("arena-contract: ") and message in err, err
    assert "Traceback" not in err


def test_rules_shows_the_effective_severity_and_where_it_was_set(workspace):
    pyproject(
        workspace,
        'ignore = ["header.server", "schema.type@/results/*/creator"]\nwarn = ["schema.*"]',
    )
    ran = run_cli("rules", "--format", "json", "--error", "schema.enum")
    assert ran.code == 0
    document = json.loads(ran.out)
    rows = {row["rule"]: row for row in document["rules"]}
    assert document["summary"]["ignored"] == 1
    assert document["narrowed"] == [
        "schema.type@/results/*/creator: ignored there (pyproject.toml:5)"
    ]
    assert rows["header.server"]["severity"] == "ignored"
    assert rows["header.server"]["set_by"] == "pyproject.toml:5"
    assert (rows["schema.format"]["severity"], rows["schema.format"]["set_by"]) == (
        "warning",
        "pyproject.toml:6",
    )
    assert (rows["schema.enum"]["severity"], rows["schema.enum"]["set_by"]) == (
        "error",
        "command line",
    )
    assert rows["schema.type"]["set_by"] == "pyproject.toml:6 (+1 narrowed)"
    assert (rows["list.count"]["severity"], rows["list.count"]["set_by"]) == ("error", "default")
    ran = run_cli("rules")
    assert ran.code == 0
    out = ran.out
    assert "schema.type@/results/*/creator: ignored there (pyproject.toml:5)" in out


def test_rules_refuses_a_name_that_matches_nothing(workspace):
    ran = run_cli("rules", "--warn", "list.pages-overlapp")
    assert ran.code == 2
    assert "matches no rule" in ran.err


def test_a_header_rule_narrowed_to_its_header(workspace):
    write_traffic(workspace / "rec" / "mock.jsonl", drifts=("missing-rate-limit-header",))
    pyproject(workspace, 'ignore = ["header.*@x-arena-requests-remaining"]')
    code, findings, _ = check("rec")
    assert code == 1 and rules_of(findings) == {"header.limit-reset": {"error"}}


def test_check_names_the_findings_touching_consumed_fields(workspace):
    pyproject(workspace, 'consumes = ["/results/*/creator/guid", "/count"]')
    ran = run_cli("check", "rec")
    assert ran.code == 1
    out = ran.out
    lines = out[out.index("touching consumed fields") :].splitlines()
    assert lines[0].startswith("touching consumed fields: ") and "at 2 place(s)" in lines[0]
    assert lines[1].startswith("  schema.type at /results/*/creator (listImportRuns, 2xx) ×")
    assert lines[2].startswith("  schema.type at /creator (getImportRun, 2xx) ×")
    pyproject(workspace, 'consumes = ["/count"]')
    ran = run_cli("check", "rec")
    assert ran.code == 1
    assert "touching consumed fields: none" in ran.out


# -- the class, not the example: any index, any place ----------------------------------------

_KEYS = st.sampled_from(["creator", "guid", "status", "changes", "warnings", "results"])
_STEPS = st.lists(st.one_of(_KEYS, st.integers(0, 10_000).map(str)), min_size=1, max_size=6)


@given(_STEPS, st.data())
def test_an_entry_is_the_same_at_any_indices(steps, data):
    other = [str(data.draw(st.integers(0, 10_000))) if s.isdigit() else s for s in steps]
    here, there = ("/" + "/".join(path) for path in (steps, other))
    found = [Finding("schema.type", "error", "body", p, "m") for p in (here, there)]
    assert entry(found[0], "listImportRuns", "2xx") == entry(found[1], "listImportRuns", "2xx")
    # ...and a place glob written with * for each index matches both.
    glob = "/" + "/".join("*" if s.isdigit() else s for s in steps)
    assert place_matches(glob, here) and place_matches(glob, there)
    assert place_matches("/**", here)


def test_at_a_tie_error_wins_over_warn_over_ignore(workspace):
    pyproject(workspace, 'ignore = ["schema.type"]\nwarn = ["schema.type"]')
    assert rules_of(check("rec")[1]) == {"schema.type": {"warning"}}
    pyproject(
        workspace, 'ignore = ["schema.type"]\nwarn = ["schema.type"]\nerror = ["schema.type"]'
    )
    assert rules_of(check("rec")[1]) == {"schema.type": {"error"}}


def test_the_suggestion_is_in_the_one_line_error(workspace):
    pyproject(workspace, "")
    code, _, err = check("rec", "--ignore", "header.serve")
    assert code == 2
    assert "--ignore" in err or "command line" in err
    assert "matches no rule (did you mean header.server" in err, err
