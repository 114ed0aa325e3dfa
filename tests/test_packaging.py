"""The wheel carries openapi.yaml and schemas/, so a plain (non-editable) install works anywhere."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("arena_contract-*.whl"))


def test_wheel_carries_the_contract(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "arena_contract/contract/openapi.yaml" in names
    schemas = {n for n in names if n.startswith("arena_contract/contract/schemas/")}
    assert len(schemas) == len(list((ROOT / "schemas").glob("*.json")))
    for companion in ("schemathesis.toml", ".spectral.yaml", "redocly.yaml", "assumptions.md"):
        assert f"arena_contract/contract/{companion}" in names, companion
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "arena-contract = arena_contract.cli:console" in text and "[pytest11]" in text


def test_installed_copy_checks_from_any_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sample = ROOT / "tests" / "data" / "page-sample.json"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from arena_contract.contract import contract_dir; from arena_contract.cli import main;"
        "assert str(contract_dir()).startswith(sys.argv[1]), contract_dir();"
        "assert main(['rules', '--format', 'json']) == 0;"  # the ledger's standings travel too
        "sys.exit(main(['check', sys.argv[2]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target), str(sample)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # docs/contract.md's way to the contract from an install: path, and export to any directory.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from arena_contract.cli import main;"
        "sys.exit(main(['contract', *sys.argv[2:]]))"
    )
    for args in (["path"], ["path", "schemathesis.toml"], ["export", "spec"]):
        done = subprocess.run(
            [sys.executable, "-c", code, str(target), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.startswith(str(target) if args[0] == "path" else "spec"), done.stdout
    exported = {p.relative_to(tmp_path / "spec").as_posix() for p in (tmp_path / "spec").rglob("*")}
    assert {
        "openapi.yaml",
        "schemathesis.toml",
        "openapi.bundled.yaml",
        "schemas/run.json",
    } <= exported


def test_openapi_is_valid_and_schemathesis_loads_it():
    import schemathesis
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    spec, base_uri = read_from_filename(str(ROOT / "openapi.yaml"))
    validate(spec, base_uri=base_uri)
    schema = schemathesis.openapi.from_path(str(ROOT / "openapi.yaml"))
    labels = {op.ok().label for op in schema.get_all_operations()}
    assert "GET /imports/{guid}/runs" in labels


def test_the_readme_installs_the_wheel_this_builds(wheel):
    """The README's "Add it to your project" builds a wheel as this fixture does and installs
    the file by name: the name it gives is the one pip writes (version included)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Add it to your project", 1)[1].split("\n## ", 1)[0]
    assert "pip wheel --no-deps -w dist/ path/to/arena-contract" in section
    assert f"pip install dist/{wheel.name}" in section
