"""A misspelt name is answered with the one meant: rule IDs, drift switches and the
configuration file's keys, for every misspelling one typo away."""

import pytest

from arena_contract.cli import main
from arena_contract.suggest import did_you_mean, nearest


def misspellings(name: str) -> set[str]:
    """Every name one dropped, doubled or two swapped characters away from ``name``."""
    dropped = {name[:i] + name[i + 1 :] for i in range(len(name))}
    doubled = {name[:i] + name[i] + name[i:] for i in range(len(name))}
    swapped = {name[:i] + name[i + 1] + name[i] + name[i + 2 :] for i in range(len(name) - 1)}
    return (dropped | doubled | swapped) - {name}


def _names(kind: str) -> list[str]:
    if kind == "rule":
        from arena_contract.config.policy import known_rules

        return list(known_rules())
    if kind == "drift":
        from arena_contract.mock.drift import DRIFTS

        return list(DRIFTS)
    from arena_contract.config.files import KEYS

    return list(KEYS)


@pytest.mark.parametrize("kind", ["rule", "drift", "key"])
def test_every_one_typo_misspelling_is_answered_with_the_name_meant(kind):
    known = _names(kind)
    missed = [
        (typo, name)
        for name in known
        for typo in misspellings(name) - set(known)
        if name not in nearest(typo, known)
    ]
    assert missed == []


def test_nothing_close_is_no_suggestion():
    assert did_you_mean("zzzzzz", ["header.server", "schema.type"]) == ""


def test_an_unknown_drift_switch_suggests_the_one_meant(capsys):
    assert main(["probe", "--drift", "nul-creator"]) == 2
    err = capsys.readouterr().err
    assert "unknown drift nul-creator (did you mean null-creator?)" in err


def test_an_unknown_configuration_key_suggests_the_one_meant(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.arena-contract]\nignroe = ["schema.type"]\n', "utf-8"
    )
    (tmp_path / "body.json").write_text('{"count": 0, "results": []}', "utf-8")
    assert main(["check", "body.json"]) == 2
    assert "unknown key 'ignroe' (did you mean ignore?)" in capsys.readouterr().err
