"""`arena-contract serve` tells at start which import definitions it serves, with their
GUIDs (what a client's configuration names); -q keeps it to the URL."""

from __future__ import annotations

import signal

import pytest

from arena_contract.mock import MockArena
from tests.test_mock_cli import serve, stop


@pytest.mark.parametrize("seed", [0, 7])
def test_serve_lists_its_import_definitions(seed):
    with serve("--seed", str(seed)) as (proc, _url):
        code, out, err = stop(proc, signal.SIGTERM)
    assert code == 0 and out == ""
    lines = err.splitlines()
    start = lines.index("import definitions (GUID, runs, name):")
    listed = [line.split() for line in lines[start + 1 :] if line.startswith("  ")]
    expected = MockArena(seed=seed).dataset.definitions
    assert [(row[0], int(row[1])) for row in listed] == [
        (definition.guid, len(definition.runs)) for definition in expected
    ]


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_serve_prints_only_the_url(flag):
    with serve(flag) as (proc, _url):
        code, out, err = stop(proc, signal.SIGTERM)
    assert code == 0 and out == ""
    assert "import definitions" not in err
    assert not any(line.startswith("  ") for line in err.splitlines())
