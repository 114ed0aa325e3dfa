"""`arena-contract serve` tells at start which import definitions it serves, with their
GUIDs (what a client's configuration names); -q keeps it to the URL."""

from __future__ import annotations

import signal

import pytest
import requests

from arena_contract.mock import MockArena
from tests.test_mock_cli import serve, stop


@pytest.mark.parametrize("seed", [0, 7])
def test_serve_lists_its_import_definitions(seed):
    expected = MockArena(seed=seed).dataset.definitions
    with serve("--seed", str(seed)) as (proc, _url):
        told = []  # what serve says at start, read before it is stopped
        while len([line for line in told if line.startswith("  ")]) < len(expected):
            told.append(proc.stderr.readline().rstrip("\n"))
            assert told[-1] or proc.poll() is None, told
        code, out, _ = stop(proc, signal.SIGTERM)
    assert code == 0 and out == ""
    start = told.index("import definitions (GUID, runs, name):")
    listed = [line.split() for line in told[start + 1 :] if line.startswith("  ")]
    assert [(row[0], int(row[1])) for row in listed] == [
        (definition.guid, len(definition.runs)) for definition in expected
    ]


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_serve_prints_only_the_url(flag):
    with serve(flag) as (proc, url):
        # An answer means serve is past its start-up: whatever it says at start is said.
        assert requests.get(url + "/imports", timeout=5).status_code == 401
        code, out, err = stop(proc, signal.SIGTERM)
    assert code == 0 and out == ""
    assert err == ""  # docs/mock.md: -q prints only the base URL, nothing on stderr
