"""`arena-contract contract path|export`, and the single-file bundle it writes.

The bundle is derived from openapi.yaml and schemas/ (the single source of truth): it must
stand alone (every $ref inside it, no $id or $schema left to confuse a resolver) and mean
exactly what the files mean, which is checked on generated bodies, conforming and not.
"""

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from arena_contract import contract, strategies
from arena_contract.bundle import BUNDLED_NAME, COMPANIONS, bundled_spec
from arena_contract.cli import main

ROOT = Path(__file__).parent.parent


# -- path ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["openapi.yaml", "schemas", *COMPANIONS])
def test_contract_path_prints_the_installed_file(name, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    args = ["contract", "path"] + ([] if name == "openapi.yaml" else [name])
    assert main(args) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.is_absolute() and printed.exists()
    assert printed == contract.contract_dir() / name


def test_contract_path_refuses_an_unknown_name(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["contract", "path", "setup.py"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# -- export ----------------------------------------------------------------------------------


def test_export_writes_the_contract_as_published(exported, capsys):
    for name in ("openapi.yaml", *COMPANIONS):
        assert (exported / name).read_bytes() == (ROOT / name).read_bytes(), name
    files = sorted(p.name for p in (exported / "schemas").iterdir())
    assert files == sorted(p.name for p in (ROOT / "schemas").glob("*.json"))
    for name in files:
        assert (exported / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()
    assert yaml.safe_load((exported / BUNDLED_NAME).read_text()) == bundled_spec()


def test_export_prints_each_file_and_replaces_an_earlier_export(tmp_path, capsys):
    out = tmp_path / "spec"
    assert main(["contract", "export", str(out)]) == 0
    (out / "openapi.yaml").write_text("stale")
    assert main(["contract", "export", str(out)]) == 0
    printed = capsys.readouterr().out.split("\n")
    assert str(out / "openapi.yaml") in printed and str(out / BUNDLED_NAME) in printed
    assert (out / "openapi.yaml").read_bytes() == (ROOT / "openapi.yaml").read_bytes()


@pytest.mark.parametrize("blocker", ["DIR", "DIR/schemas"])
def test_export_into_a_file_is_one_line_and_exit_2(tmp_path, capsys, blocker):
    target = tmp_path / "DIR"
    blocked = tmp_path / blocker
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file, not a directory")
    assert main(["contract", "export", str(target)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(blocked) in lines[0], captured.err
    assert "Traceback" not in captured.err and captured.out == ""


# -- the bundle ------------------------------------------------------------------------------


def walk(node, pointer=""):
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def resolve(document, pointer: str):
    node = document
    for part in pointer.lstrip("/").split("/") if pointer else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_the_bundle_stands_alone():
    bundle = bundled_spec()
    refs = [(where, node["$ref"]) for where, node in walk(bundle) if "$ref" in node]
    assert len(refs) > 50
    for where, ref in refs:
        assert ref.startswith("#/"), (where, ref)
        resolve(bundle, ref[1:])  # raises when dangling
    for where, node in walk(bundle):
        assert "$id" not in node and "$schema" not in node, where
    names = set(bundle["components"]["schemas"])
    assert {"run", "run-list", "error-body", "common.guid"} <= names
    assert "common" not in names  # a file of $defs only is no schema of its own
    assert "schemas" not in contract.openapi()["components"]  # the loaded contract is untouched


def test_the_bundle_is_valid_openapi_and_schemathesis_reads_it(exported):
    import schemathesis
    from openapi_spec_validator import validate
    from schemathesis.config import SchemathesisConfig

    validate(yaml.safe_load((exported / BUNDLED_NAME).read_text()))
    # With no settings (else Schemathesis reads the schemathesis.toml it finds, which
    # leaves out the writes: see the next test).
    schema = schemathesis.openapi.from_path(
        str(exported / BUNDLED_NAME), config=SchemathesisConfig()
    )
    labels = {op.ok().label for op in schema.get_all_operations()}
    # Every operation of Arena's Import Engine pages (issue 18).
    assert labels == {
        "GET /imports",
        "POST /imports",
        "GET /imports/{guid}",
        "PUT /imports/{guid}",
        "GET /imports/{guid}/runs",
        "POST /imports/{guid}/runs",
        "GET /imports/{guid}/runs/{runGuid}",
        "PUT /imports/{guid}/runs/{runGuid}",
        "GET /imports/{guid}/runs/{runGuid}/submitContent",
        "GET /imports/{guid}/runs/{runGuid}/resultContent",
        "GET /imports/{guid}/runs/{runGuid}/errorContent",
    }
    assert labels == {f"{op.method} {op.template}" for op in contract.operations()}


def file_validator(name: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (sid, Resource.from_contents(schema, default_specification=DRAFT202012))
        for sid, schema in contract.schemas().items()
    )
    return Draft202012Validator({"$ref": contract.SCHEMA_BASE + name}, registry=registry)


def bundle_validator(name: str) -> Draft202012Validator:
    bundle = Resource(contents=bundled_spec(), specification=DRAFT202012)
    registry = Registry().with_resource("urn:bundle", bundle)
    return Draft202012Validator(
        {"$ref": f"urn:bundle#/components/schemas/{name}"}, registry=registry
    )


def errors(validator: Draft202012Validator, body) -> list[tuple[str, str]]:
    found = validator.iter_errors(body)
    return sorted((e.json_path, e.validator) for e in found)


#: A body, or one with a value swapped for something of another kind somewhere inside it.
def mutated(body_strategy):
    junk = st.sampled_from([None, "", "x", -1, 0, 1.5, True, [], {}, "2021-13-45T99:00:00Z"])

    @st.composite
    def build(draw):
        body = draw(body_strategy)
        places = [(w, n) for w, n in walk(body) if n]
        if places and draw(st.booleans()):
            _, node = draw(st.sampled_from(places))
            key = draw(st.sampled_from(sorted(node)))
            node[key] = draw(junk)
        return body

    return build()


@settings(suppress_health_check=list(HealthCheck))
@given(body=mutated(strategies.run_lists(max_size=3)))
def test_the_bundle_means_what_the_files_mean(body):
    """Same verdict, same places, for conforming and broken run lists alike."""
    assert errors(bundle_validator("run-list"), body) == errors(
        file_validator("run-list.json"), body
    )


def test_bundle_and_files_judge_the_error_examples_alike():
    bundle = bundled_spec()
    examples = [e["value"] for e in bundle["components"]["examples"].values()]
    for body in examples:
        if "errors" in body:
            assert errors(bundle_validator("error-body"), body) == []
            broken = {**body, "errors": [{"code": str(body["errors"][0]["code"])}]}
            verdict = errors(bundle_validator("error-body"), broken)
            assert verdict and verdict == errors(file_validator("error-body.json"), broken)


def test_no_schema_file_names_itself():
    """The files carry no $id: their relative $refs resolve against wherever they are."""
    for path in (ROOT / "schemas").glob("*.json"):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "$id" not in json.dumps(schema), path.name
        for _, node in walk(schema):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target = ref.split("#")[0]
                assert re.fullmatch(r"[a-z-]+\.json", target) and (path.parent / target).is_file()


# -- the commands of docs/contract.md and docs/check.md -------------------------------------


def doc_section(page: str, title: str) -> str:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert found, f"docs/{page} lost its section {title!r}"
    return found.group(1)


def test_readme_contract_commands_work_from_an_empty_directory(tmp_path, monkeypatch, capsys):
    """Each `arena-contract contract ...` line of docs/contract.md runs as written, in an empty
    directory, and each $(...) it feeds another tool names an installed file."""
    import shlex

    from tests.node_tools import TOOLS

    monkeypatch.chdir(tmp_path)
    section = doc_section("contract.md", "The contract in other tools")
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    direct = [line for line in lines if line.startswith("arena-contract contract ")]
    assert len(direct) >= 3
    for line in direct:
        assert main(shlex.split(line)[1:]) == 0, line
    substituted = re.findall(r'"\$\((arena-contract contract [^)]*)\)"', section)
    assert substituted
    for command in substituted:
        capsys.readouterr()
        assert main(shlex.split(command)[1:]) == 0, command
        assert Path(capsys.readouterr().out.strip()).is_file(), command
    # The tools the page names are those the tests run (tests/node_tools.py).
    assert set(re.findall(r"npx (@[\w-]+/[\w-]+)", section)) == set(TOOLS.values())
    assert (tmp_path / "arena-spec" / BUNDLED_NAME).is_file()


def test_readme_pre_commit_config_names_the_offered_hook():
    section = doc_section("check.md", "pre-commit")
    [config] = re.findall(r"```yaml\n(.*?)```", section, re.S)
    [repo] = yaml.safe_load(config)["repos"]
    offered = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {hook["id"] for hook in repo["hooks"]} <= offered


def test_schemathesis_settings_test_only_the_reads(exported):
    """The exported schemathesis.toml keeps `schemathesis run` off the write operations: run
    against a workspace, they would create definitions, start imports and commit them."""
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    config = SchemathesisConfig.from_path(str(exported / "schemathesis.toml"))
    schema = schemathesis.openapi.from_path(str(exported / "openapi.yaml"), config=config)
    labels = {op.ok().label for op in schema.get_all_operations()}
    reads = {f"GET {op.template}" for op in contract.operations() if op.reads}
    assert labels == reads and len(reads) == 7
