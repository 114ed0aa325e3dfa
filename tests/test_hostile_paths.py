"""Every path a configuration or a baseline can name ends in one line and exit 2, at once
(home forms, link loops, directories, FIFOs, devices, huge files, bytes that are not
UTF-8); every file the tool writes is written through a private temporary file, never
through a planted link, and leaves nothing behind when it cannot be written."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from arena_contract.safe_files import (
    MAX_CONFIG_BYTES,
    UnusableFile,
    read_regular,
    write_atomic,
)
from tests.helpers import run_cli
from tests.test_config import write_traffic
from tests.test_config_plugin import RENAMED
from tests.test_plugin import FAST


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("ARENA_CONFIG", "ARENA_BASELINE", "ARENA_IGNORE", "ARENA_CONSUMES"):
        monkeypatch.delenv(name, raising=False)
    write_traffic(tmp_path / "rec" / "mock.jsonl", drifts=("null-creator",))
    return tmp_path


def hostile_path(kind: str, where: Path) -> str:
    """A path of ``kind`` under ``where`` (made there), as a user or an attacker names it."""
    if kind == "no such user":
        return "~nosuchuser-arena/x.json"
    if kind == "link loop":
        (where / "loop").symlink_to("loop")
        return str(where / "loop")
    if kind == "link cycle":
        (where / "a").symlink_to("b")
        (where / "b").symlink_to("a")
        return str(where / "a")
    if kind == "directory":
        return str(where)
    if kind == "root":
        return "/"
    if kind == "fifo":
        os.mkfifo(where / "fifo")
        return str(where / "fifo")
    if kind == "device":
        return "/dev/zero"
    if kind == "huge":
        with open(where / "huge.json", "wb") as file:
            file.truncate(MAX_CONFIG_BYTES + 1)  # sparse: costs no disk
        return str(where / "huge.json")
    if kind == "not utf-8":
        (where / "latin.json").write_bytes(b'{"format": "caf\xe9"}')
        return str(where / "latin.json")
    if kind == "missing":
        return str(where / "nope.json")
    raise AssertionError(kind)


KINDS = [
    "no such user",
    "link loop",
    "link cycle",
    "directory",
    "root",
    "fifo",
    "device",
    "huge",
    "not utf-8",
    "missing",
]


def one_line_exit_2(*args: str) -> str:
    code, _, err = run_cli(*args)
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_baseline_path_of_any_kind_is_one_line(project, kind):
    (project / "bad").mkdir()
    path = hostile_path(kind, project / "bad")
    one_line_exit_2("check", "rec", "--baseline", path)


@pytest.mark.parametrize("kind", KINDS)
def test_a_baseline_named_in_the_file_of_any_kind_is_one_line(project, kind):
    (project / "bad").mkdir()
    path = hostile_path(kind, project / "bad")
    (project / "pyproject.toml").write_text(
        f"[tool.arena-contract]\nbaseline = {json.dumps(path)}\n", encoding="utf-8"
    )
    one_line_exit_2("check", "rec")


@pytest.mark.parametrize("kind", KINDS)
def test_a_config_path_of_any_kind_is_one_line(project, kind):
    (project / "bad").mkdir()
    path = hostile_path(kind, project / "bad")
    one_line_exit_2("check", "rec", "--config", path)


@pytest.mark.parametrize("kind", ["no such user", "directory", "root", "missing-dir"])
def test_a_baseline_to_write_that_cannot_be_is_refused_before_the_check(project, kind):
    path = "nodir/known.json" if kind == "missing-dir" else hostile_path(kind, project)
    line = one_line_exit_2("check", "rec", "--write-baseline", path)
    assert "baseline" in line


def test_a_parent_pyproject_that_is_not_utf8_and_has_no_table_is_passed_over(project):
    (project / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    (project / "sub").mkdir()
    os.chdir(project / "sub")
    code, _, err = run_cli("check", project / "rec")
    assert code == 1  # findings, not a configuration error
    assert "not UTF-8" not in err


def test_a_pyproject_with_the_table_that_is_not_utf8_is_one_line(project):
    (project / "pyproject.toml").write_bytes(b'[tool.arena-contract]\nwarn = ["caf\xe9"]\n')
    assert "not UTF-8" in one_line_exit_2("check", "rec")


@pytest.mark.parametrize("kind", ["fifo", "device", "huge", "directory", "link loop"])
def test_read_regular_refuses_without_waiting_or_reading_everything(tmp_path, kind):
    with pytest.raises(UnusableFile):
        read_regular(hostile_path(kind, tmp_path))


# -- writes ------------------------------------------------------------------------------------


def test_a_planted_link_at_the_target_is_replaced_not_written_through(tmp_path):
    precious = tmp_path / "precious"
    precious.write_text("keep me")
    target = tmp_path / "known.json"
    target.symlink_to(precious)
    for name in (".known.json.tmp", "known.json.tmp", ".known.json"):  # old predictable names
        (tmp_path / name).symlink_to(precious)
    write_atomic(target, "new")
    assert precious.read_text() == "keep me"
    assert not target.is_symlink() and target.read_text() == "new"


def test_a_directory_as_target_leaves_nothing_behind(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(UnusableFile):
        write_atomic(tmp_path / "d", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]
    assert list((tmp_path / "d").iterdir()) == []


def test_concurrent_writers_never_share_a_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    texts = [json.dumps({"writer": n, "pad": "x" * 200_000}) for n in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(target, t)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text() in texts  # one whole file, never two interleaved
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_the_written_file_has_the_ordinary_mode(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    write_atomic(tmp_path / "f.json", "{}")
    assert (tmp_path / "f.json").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("planted", ["openapi.yaml", "schemas", "schemathesis.toml"])
def test_contract_export_replaces_links_inside_dir(tmp_path, planted):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    if planted == "schemas":
        (out / "schemas").symlink_to(precious)
    else:
        (out / planted).symlink_to(precious / "keep.txt")
    assert run_cli("contract", "export", str(out)).code == 0
    assert [p.name for p in precious.iterdir()] == ["keep.txt"]
    assert (precious / "keep.txt").read_text() == "keep me"
    assert not (out / planted).is_symlink()


def test_contract_export_refuses_an_empty_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = run_cli("contract", "export", "")
    assert ran.code == 2
    assert "empty" in ran.err
    assert list(tmp_path.iterdir()) == []


def test_a_check_report_to_a_missing_directory_is_one_line(project):
    line = one_line_exit_2("check", "rec", "-o", "nodir/report.json")
    assert "nodir" in line


# -- the probe and the plugin ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["link loop", "fifo", "directory", "no such user"])
def test_the_probe_refuses_a_hostile_baseline_before_anything(project, kind):
    (project / "bad").mkdir()
    path = hostile_path(kind, project / "bad")
    one_line_exit_2("probe", "--baseline", path)


@pytest.mark.parametrize("target", [".", "/"])
def test_the_probe_refuses_a_directory_as_the_baseline_to_write(project, target):
    line = one_line_exit_2("probe", "--write-baseline", target)
    assert "is a directory" in line


@pytest.mark.parametrize("kind", ["link loop", "directory", "fifo"])
def test_the_plugin_says_one_usage_line_for_a_hostile_baseline(pytester, kind):
    bad = pytester.path / "bad"
    bad.mkdir()
    path = hostile_path(kind, bad)
    result = pytester.runpytest_inprocess(RENAMED, *FAST, f"--arena-baseline={path}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in text and "Traceback" not in text
    lines = [line for line in result.stderr.lines if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ERROR: arena-contract: "), text


pytest_plugins = ("pytester",)
