"""Hostile capture files: stray byte order marks, compression bombs, huge YAML, deep bodies,
inputs with nothing to check. Each ends in one clear line (or a finding) and exit 1 or 2."""

from __future__ import annotations

import json
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


# -- inputs with nothing to check ------------------------------------------------------------

RUNS = "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs"
LOGIN = "https://api.arenasolutions.com/v1/login"


def _har_entry(method: str, url: str, status: int, text: str = "{}") -> dict:
    return {
        "request": {"method": method, "url": url, "headers": []},
        "response": {"status": status, "headers": [], "content": {"text": text}},
    }


#: Entries a HAR may hold that are not a response of the contract: other methods on the
#: same URL, other endpoints, a refused login, a request that got no response.
NOT_FOR_THE_CONTRACT = [
    _har_entry("POST", LOGIN, 401, '{"errors": [{"code": 3000, "message": "bad login"}]}'),
    _har_entry("POST", LOGIN, 200, '{"arenaSessionId": "x"}'),
    _har_entry("PUT", f"{LOGIN.removesuffix('/login')}/logout", 200),
    _har_entry("POST", RUNS, 201),
    _har_entry("OPTIONS", RUNS, 204, ""),
    _har_entry("GET", "https://api.arenasolutions.com/v1/items", 200),
    _har_entry("GET", RUNS, 0, ""),
]


def _har(entries: list[dict]) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()


def _cassette(key: str, interactions: list[dict] | None) -> bytes:
    import yaml

    return yaml.safe_dump({key: interactions, "recorded_with": "t"}).encode()


def _login_interaction() -> dict:
    return {
        "request": {"method": "POST", "uri": LOGIN, "body": None, "headers": {}},
        "response": {
            "status": {"code": 401, "message": "x"},
            "headers": {},
            "body": {"string": ""},
        },
    }


@st.composite
def empty_recordings(draw: st.DrawFn) -> tuple[str, bytes]:
    """A HAR or cassette, well formed, with no response of the contract in it."""
    kind = draw(st.sampled_from(["har", "interactions", "http_interactions"]))
    if kind == "har":
        entries = draw(st.lists(st.sampled_from(NOT_FOR_THE_CONTRACT), max_size=4))
        return "empty.har", _har(entries)
    logins = draw(st.integers(0, 2))
    interactions = (
        None
        if logins == 0 and draw(st.booleans())
        else [_login_interaction() for _ in range(logins)]
    )
    return "empty.yaml", _cassette(kind, interactions)


@SETTINGS
@given(recording=empty_recordings(), streamed=st.booleans())
def test_a_recording_with_nothing_to_check_is_unreadable_in_every_subcommand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recording: tuple[str, bytes], streamed: bool
) -> None:
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 0 if streamed else 32 * 1024 * 1024)
    name, data = recording
    path = tmp_path / name
    path.write_bytes(data)
    report = fi.assert_well_behaved(fi.check(path), files=1)
    [file] = report["files"]
    assert file["error"] == f"{path}: " + NOTHING, file["error"]
    good = tmp_path / "good.json"
    good.write_bytes(fi.SEEDS["examples/runs.json"])
    for arguments in (["infer", path], ["drift", good, path], ["drift", path, good]):
        code, out, err = _run(*arguments)
        assert code == 2 and out == "", (arguments, out)
        assert err == f"arena-contract: {path}: {NOTHING}\n"


NOTHING = (
    "nothing to check: no response of the contract's endpoints in it "
    "(GET /imports/<GUID>/runs or /runs/<GUID> with a response)"
)


def _run(*arguments: str | Path) -> tuple[int, str, str]:
    import contextlib
    import io

    from arena_contract.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*map(str, arguments)])
    return code, out.getvalue(), err.getvalue()


def test_a_recording_with_one_response_among_the_rest_is_checked(tmp_path: Path) -> None:
    capture = json.loads(fi.SEEDS["tests/data/captures/run-list.capture.json"])
    entry = _har_entry("GET", RUNS, 200, capture["response"]["text"])
    entry["response"]["headers"] = [
        {"name": k, "value": v} for k, v in capture["response"]["headers"].items()
    ]
    path = tmp_path / "one.har"
    path.write_bytes(_har([*NOT_FOR_THE_CONTRACT, entry]))
    report = fi.assert_well_behaved(fi.check(path), files=1)
    assert report["files"][0]["error"] is None and report["summary"]["exchanges"] == 1
