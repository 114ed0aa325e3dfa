"""Hostile input for `arena-contract check`: it always ends, quickly, with one JSON report.

Every example goes through the real entry point (``arena_contract.cli.main``) and must keep
the property in ``fuzz_inputs.assert_well_behaved``: exit 0/1/2 (2 exactly when an input
was unreadable), valid UTF-8 JSON on stdout, one one-line error naming each unreadable file,
nothing on stderr, under 2 s. How many examples: the Hypothesis profile (tests/conftest.py:
quick by default, thorough in CI); benchmarks/fuzz_atheris.py runs the same property
open-ended.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzz_inputs as fi
from tests.helpers import run_cli

# How many examples: the Hypothesis profile (tests/conftest.py). tmp_path is shared by the
# examples of one test, which only ever write a fresh file into it.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def suffix(name: str) -> str:
    return Path(name).suffix or ".json"


# -- generated input -------------------------------------------------------------------


@FUZZ
@given(data=fi.arbitrary_bytes)
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    fi.check_bytes(tmp_path, data)


@FUZZ
@given(item=fi.corrupted_seeds())
def test_truncated_and_corrupted_real_captures(tmp_path: Path, item: tuple[str, bytes]) -> None:
    name, data = item
    fi.check_bytes(tmp_path, data, "input" + suffix(name))


@FUZZ
@given(item=fi.reshaped_seeds())
def test_valid_json_of_the_wrong_shape_at_every_level(
    tmp_path: Path, item: tuple[str, bytes, bool]
) -> None:
    name, data, only_a_body_changed = item
    report = fi.check_bytes(tmp_path, data, "input" + suffix(name))
    if only_a_body_changed:  # a wrong body is a finding about the server, not unreadable
        assert report["summary"]["unreadable"] == 0, report["files"][0]["error"]


def test_every_reader_field_set_to_awkward_values(tmp_path: Path) -> None:
    """Every seed, every reader field at its first place, every awkward value (473 runs)."""
    for name, data in fi.field_variants(places=1):
        fi.check_bytes(tmp_path, data, "input" + suffix(name))


@pytest.mark.slow  # 810 more runs of check; the first place of each field is above
def test_every_reader_field_set_to_awkward_values_at_its_next_places(tmp_path: Path) -> None:
    first = set(fi.field_variants(places=1))
    for name, data in fi.field_variants(places=4):
        if (name, data) not in first:
            fi.check_bytes(tmp_path, data, "input" + suffix(name))


@FUZZ
@given(item=fi.re_encoded_seeds())
def test_wrong_encodings_and_byte_order_marks(tmp_path: Path, item: tuple[str, bytes]) -> None:
    name, data = item
    report = fi.check_bytes(tmp_path, data, "input" + suffix(name))
    [file] = report["files"]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff":
        assert "UTF-16" in file["error"] or "UTF-32" in file["error"]


@FUZZ
@given(
    items=st.lists(fi.corrupted_seeds() | fi.arbitrary_bytes.map(lambda b: ("x", b)), max_size=4)
)
def test_many_inputs_in_one_run_are_each_reported_once(
    tmp_path: Path, items: list[tuple[str, bytes]]
) -> None:
    paths = [tmp_path / "example.json"]  # a good one too, so one bad input hides nothing
    paths[0].write_bytes(fi.SEEDS["examples/runs.json"])
    for index, (_, data) in enumerate(items):
        paths.append(tmp_path / f"{index}.json")
        paths[-1].write_bytes(data)
    report = fi.assert_well_behaved(fi.check(*paths), files=len(paths))
    assert report["files"][0]["ok"] is True


@FUZZ
@given(item=fi.corrupted_seeds())
def test_standard_input(monkeypatch: pytest.MonkeyPatch, item: tuple[str, bytes]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(item[1])))
    report = fi.assert_well_behaved(fi.check("-"), files=1)
    assert report["files"][0]["path"] == "-"


# -- deep nesting, huge values ---------------------------------------------------------------


def capture_with_body(text: bytes) -> bytes:
    capture = json.loads(fi.SEEDS["tests/data/captures/run-list.capture.json"])
    capture["response"]["text"] = text.decode()
    return json.dumps(capture).encode()


@pytest.mark.parametrize("depth", [254, 255, 1024, 1025, 100_000])
@pytest.mark.parametrize(("open_", "close"), [(b"[", b"]"), (b'{"a":', b"}")])
def test_deep_nesting(tmp_path: Path, depth: int, open_: bytes, close: bytes) -> None:
    body = fi.deep(depth, open_, close, b"0")
    file = fi.check_bytes(tmp_path, body)["files"][0]
    if depth > fi.MAX_DEPTH:
        assert "nested deeper than 1024 levels" in file["error"]
    else:
        assert file["error"] is None
    # Inside a capture, the same body is a finding (the file itself is fine).
    report = fi.check_bytes(tmp_path, capture_with_body(body), "capture.json")
    assert report["summary"]["unreadable"] == 0


@pytest.mark.parametrize(
    "data",
    [
        b"interactions: " + b"[" * 100_000,
        b"interactions:\n" + b"".join(b"  " * i + b"- \n" for i in range(3000)),
        b"interactions:\n" + b"".join(b"  " * i + b"a:\n" for i in range(3000)),
    ],
    ids=["flow", "block-lists", "block-maps"],
)
def test_deeply_nested_yaml(tmp_path: Path, data: bytes) -> None:
    file = fi.check_bytes(tmp_path, data, "cassette.yaml")["files"][0]
    assert "nesting depth" in file["error"]


BIG = b"1" + b"0" * 400
HUGE = [
    pytest.param(b'{"count":1,"results":["' + b"x" * 5_000_000 + b'"]}', 1, id="string"),
    pytest.param(b'{"' + b"k" * 5_000_000 + b'":1}', 1, id="key"),
    # Read exactly, then checked: a negative count of 4,300 digits breaks schema.minimum.
    pytest.param(b'{"count":-' + b"9" * 4300 + b',"results":[]}', 1, id="int-4300-digits"),
    pytest.param(b'{"count":' + b"9" * 4301 + b',"results":[]}', 2, id="int-4301-digits"),
    pytest.param(b'{"count":' + b"9" * 10_000_000 + b',"results":[]}', 2, id="int-10M-digits"),
    pytest.param(b'{"count":0.' + b"1" * 1_000_000 + b',"results":[]}', 1, id="fraction"),
    pytest.param(b'{"count":1e400,"results":[]}', 2, id="float-overflow"),
    pytest.param(b'{"count":-1e-400,"results":[]}', 0, id="float-underflow"),
    pytest.param(b"[" + b",".join([b"12345678901234567890"] * 100_000) + b"]", 1, id="big-ints"),
    pytest.param(b'{"count": ' + BIG + b', "results": [], "\\udcff": 1}', 2, id="lone-surrogate"),
    pytest.param(b'{"count": ' + BIG + b', "results": ["\\ud83d\\ude00"]}', 1, id="pair"),
    pytest.param(b"{" + b",".join(b'"a":1' for _ in range(100_000)) + b"}", 2, id="dup-keys"),
]


@pytest.mark.parametrize(("data", "code"), HUGE)
def test_huge_strings_and_numbers(tmp_path: Path, data: bytes, code: int) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(data)
    outcome = fi.check(path)
    fi.assert_well_behaved(outcome, files=1)
    assert outcome.code == code


def test_compressed_body_bomb_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import zlib

    monkeypatch.setattr("arena_contract.captures.inflate.MAX_INFLATED_BODY_BYTES", 10_000_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = packer.compress(b"0," * 10_000_000) + packer.flush()  # 20 MB in ~20 kB
    capture = json.loads(capture_with_body(b"{}"))
    capture["response"].update(text=base64.b64encode(bomb).decode(), encoding="base64")
    capture["response"]["headers"]["Content-Encoding"] = "gzip"
    path = tmp_path / "bomb.json"
    path.write_text(json.dumps(capture))
    report = fi.assert_well_behaved(fi.check(path), files=1)
    [exchange] = report["files"][0]["exchanges"]  # a body problem: a finding, not unreadable
    assert any("limit per body" in f["message"] for f in exchange["findings"])


# -- files that cannot be read ------------------------------------------------------------


def test_fifo_does_not_block(tmp_path: Path) -> None:
    """Run as a command, so that a regression times out instead of hanging the test run."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    (tmp_path / "runs.json").write_bytes(fi.SEEDS["examples/runs.json"])
    # Named explicitly, a pipe with no writer reads as empty; in a directory it is skipped.
    done = run_cli("check", "--format", "json", fifo, fresh=True, timeout=20)
    [file] = done.json()["files"]
    assert done.code == 2 and "empty" in file["error"]
    done = run_cli("check", "--format", "json", tmp_path, fresh=True, timeout=20)
    [file] = done.json()["files"]
    assert done.code == 0 and file["path"].endswith("runs.json")


def test_symlink_loops_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "runs.json").write_bytes(fi.SEEDS["examples/runs.json"])
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    report = fi.assert_well_behaved(fi.check(tmp_path), files=3)
    errors = sorted(Path(f["path"]).name for f in report["files"] if f["error"])
    assert errors == ["dangling.json", "loop.json"] and report["summary"]["exchanges"] == 1
    for name in ("loop.json", "dangling.json", "missing.json"):
        assert fi.assert_well_behaved(fi.check(tmp_path / name), files=1)["files"][0]["error"]


def test_directory_named_like_a_capture_is_searched_not_read(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "dir.json" / "runs.json").write_bytes(fi.SEEDS["examples/runs.json"])
    report = fi.assert_well_behaved(fi.check(tmp_path / "dir.json"), files=1)
    assert report["ok"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes(b"{}")
    path.chmod(0)
    report = fi.assert_well_behaved(fi.check(path), files=1)
    assert "permission denied" in report["files"][0]["error"].lower()


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.json")
    with open(bad, "wb") as handle:
        handle.write(b"{")
    report = fi.assert_well_behaved(fi.check(tmp_path), files=1)
    assert report["files"][0]["path"].endswith("caf\\xe9.json")
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    done = run_cli("check", "--format", "json", tmp_path, fresh=True, env=strict, timeout=60)
    assert done.code == 2 and "caf\\\\xe9.json" in done.out


# -- as a command ---------------------------------------------------------------------------


def test_as_a_command_on_a_sample(tmp_path: Path) -> None:
    sample = [b"", b"\x00\xff" * 100, b"{" * 5000, b'{"count": NaN}', b"interactions: 1"]
    sample += [data for _, data in fi.SAMPLE_CORRUPTED]
    for index, data in enumerate(sample):
        (tmp_path / f"{index}.json").write_bytes(data)
    start = time.perf_counter()
    paths = (tmp_path, fi.ROOT / "examples", tmp_path / "missing.json")
    done = run_cli("check", "--format", "json", *paths, fresh=True, timeout=60)
    assert time.perf_counter() - start < 30
    assert "Traceback" not in done.text and done.err == ""
    report = done.json()
    assert done.code == 2 and report["summary"]["files"] == len(sample) + 3
    assert report["summary"]["unreadable"] == sum(f["error"] is not None for f in report["files"])


def test_memory_for_a_50_mb_run_list_stays_near_the_parse(tmp_path: Path) -> None:
    """Peak RSS of `check` on ~50 MB of runs: near what parsing it with orjson alone costs."""
    path = tmp_path / "big.json"
    size = fi.write_big_run_list(path, 50_000_000)
    check_rss, check_code = fi.peak_rss([sys.executable, "-m", "arena_contract", "check", path])
    parse = "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())"
    parse_rss, _ = fi.peak_rss([sys.executable, "-c", parse, path])
    assert check_code == 1  # the page is over 400 runs: a finding
    assert check_rss < 1.5 * parse_rss + 50e6, (check_rss, parse_rss)
    assert check_rss < 8 * size, (check_rss, size)


def test_memory_for_a_50_mb_string_is_a_few_times_its_size(tmp_path: Path) -> None:
    # Today ~8.6x: the schema finding carries the string in its message and its actual value.
    path = tmp_path / "string.json"
    path.write_bytes(b'{"count": 1, "results": ["' + b"x" * 50_000_000 + b'"]}')
    check_rss, check_code = fi.peak_rss([sys.executable, "-m", "arena_contract", "check", path])
    assert check_code == 1 and check_rss < 10 * 50e6, check_rss
