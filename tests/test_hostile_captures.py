"""Hostile capture files: stray byte order marks, compression bombs, huge YAML, deep bodies,
inputs with nothing to check. Each ends in one clear line (or a finding) and exit 1 or 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_contract.captures import files as capture_files
from tests import fuzz_inputs as fi

SETTINGS = settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# -- byte order marks --------------------------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"
OTHER_BOMS = [b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
BOMS = [UTF8_BOM, *OTHER_BOMS]
BOM_SEEDS = [
    "examples/runs.json",
    "tests/data/captures/run-list.capture.json",
    "tests/data/captures/runs.jsonl",
    "tests/data/captures/chrome-devtools.har",
    "tests/data/captures/vcrpy-cassette.yaml",
    "tests/data/captures/schemathesis-report.yaml",
]


@SETTINGS
@given(
    name=st.sampled_from(BOM_SEEDS),
    prefix=st.lists(st.sampled_from([*BOMS, b" ", b"\n", b"\r\n"]), max_size=4),
    streamed=st.booleans(),
)
def test_only_one_utf8_bom_and_only_as_the_first_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, prefix: list[bytes], streamed: bool
) -> None:
    """A UTF-8 BOM as the first bytes is skipped; any other BOM (a second one, one after
    blanks, a UTF-16/32 one) refuses the file in one line, whichever reader would read it
    (a streamed HAR too)."""
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 0 if streamed else 32 * 1024 * 1024)
    data = b"".join(prefix) + fi.SEEDS[name]
    report = fi.check_bytes(tmp_path, data, "input" + Path(name).suffix)
    [file] = report["files"]
    rest = b"".join(prefix).removeprefix(UTF8_BOM)
    if any(bom in b"".join(prefix) for bom in OTHER_BOMS) or UTF8_BOM in rest:
        assert "byte order mark" in file["error"], file["error"]
    else:
        assert file["error"] is None, file["error"]


@pytest.mark.parametrize("prefix", [UTF8_BOM * 2, b" " + UTF8_BOM, UTF8_BOM + b"\n" + UTF8_BOM])
def test_a_stray_bom_says_where_it_is(tmp_path: Path, prefix: bytes) -> None:
    report = fi.check_bytes(tmp_path, prefix + fi.SEEDS["examples/runs.json"])
    error = report["files"][0]["error"]
    offset = len(prefix) - len(UTF8_BOM)
    assert f"stray UTF-8 byte order mark at offset {offset}" in error
