"""`arena-contract probe` keeps Hypothesis's files (its Unicode tables: about 2.5 s of CPU to
build) where the next run finds them, and never in the directory it was run from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli


def homes_of_a_probe(monkeypatch: pytest.MonkeyPatch, cwd: Path) -> list[str | None]:
    """Every Hypothesis home the probe set, in order, for a small run."""
    import hypothesis.configuration

    homes: list[str | None] = []
    real = hypothesis.configuration.set_hypothesis_home_dir

    def recorded(directory: str | None) -> None:
        homes.append(None if directory is None else str(directory))
        real(directory)

    monkeypatch.setattr(hypothesis.configuration, "set_hypothesis_home_dir", recorded)
    assert run_cli("probe", "--examples", "0", "--max-imports", "1", "-q", cwd=cwd).code in (0, 1)
    return homes


def test_the_users_cache_directory_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "work").mkdir()
    homes = homes_of_a_probe(monkeypatch, tmp_path / "work")
    assert homes == [str(tmp_path / "cache" / "arena-contract" / "hypothesis"), None]
    assert list((tmp_path / "work").iterdir()) == []


def test_hypothesis_own_setting_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    homes = homes_of_a_probe(monkeypatch, tmp_path)
    assert homes == [str(tmp_path / "chosen"), None]
