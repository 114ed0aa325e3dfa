"""Hostile inputs for `arena-contract check`, and the one property every run must keep.

Used by tests/test_fuzz_check.py (Hypothesis, bounded for CI) and by
benchmarks/fuzz_atheris.py (open-ended, by hand). Seeds are every real capture the
repository holds: tests/data/ (recursively) and examples/.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml
from hypothesis import strategies as st

from arena_contract.captures import CAPTURE_EXTENSIONS
from arena_contract.captures.detect import detect
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "tests" / "data", ROOT / "examples")
#: CPU seconds one `check` of one input may take (generous: CI runners are slow). CPU time
#: of the thread that ran it, not wall time: a blow-up (a quadratic read, a backtracking
#: pattern) shows in it, while waiting for a shared, loaded machine does not (2 s of wall
#: time once failed at 3.8 s with eight test runs on two cores).
TIME_LIMIT = 2.0


def seed_files() -> list[Path]:
    """Every capture-like file under the seed directories (by extension, as `check` picks)."""
    files = (p for d in SEED_DIRS for p in d.rglob("*") if p.is_file())
    return sorted(p for p in files if p.suffix.lower() in CAPTURE_EXTENSIONS)


SEEDS: dict[str, bytes] = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in seed_files()}


# -- running check and judging the outcome ------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)


def check(*paths: str | Path) -> Outcome:
    """`arena-contract check --format json PATH...` in-process, through the real entry point."""
    start = time.thread_time()
    ran = run_cli("check", *paths, "--format", "json")
    return Outcome(ran.code, ran.out, ran.err, time.thread_time() - start)


def assert_well_behaved(
    outcome: Outcome, *, files: int | None = None, time_limit: float = TIME_LIMIT
) -> dict[str, Any]:
    """The contract of `check` on any input: a known exit code, one UTF-8 JSON report on
    stdout, one one-line error per unreadable file naming it, no traceback, bounded time.
    ``files``: how many inputs were named (each must be reported exactly once)."""
    assert "Traceback" not in outcome.out + outcome.err, outcome.err[-2000:]
    assert outcome.err == "", outcome.err[-2000:]
    assert outcome.code in (0, 1, 2)
    outcome.out.encode("utf-8")  # no lone surrogates: a strict stdout could not print them
    report = outcome.report  # valid JSON, or this raises
    if files is not None:
        assert len(report["files"]) == report["summary"]["files"] == files
    unreadable = [f for f in report["files"] if f["error"] is not None]
    assert report["summary"]["unreadable"] == len(unreadable)
    for file in unreadable:
        assert isinstance(file["error"], str) and file["error"].strip()
        assert file["path"] in file["error"], file["error"]
        assert "\n" not in file["error"].replace(file["path"], ""), file["error"]
        assert file["ok"] is False
    errors = report["summary"]["errors"]
    assert outcome.code == (2 if unreadable else 1 if errors else 0), report["summary"]
    assert report["ok"] is (outcome.code == 0)
    assert outcome.seconds < time_limit, f"check took {outcome.seconds:.2f} CPU s"
    return report


def check_bytes(directory: Path, data: bytes, name: str = "input.json") -> dict[str, Any]:
    """Write ``data`` to ``directory/name``, check it, assert the property; return the report."""
    path = directory / name
    path.write_bytes(data)
    report = assert_well_behaved(check(path), files=1)
    [file] = report["files"]
    assert file["path"] == str(path)
    return report


# -- strategies -------------------------------------------------------------------------

seed_names = st.sampled_from(sorted(SEEDS))

#: URLs that urlsplit refuses or that only nearly name the endpoint.
AWKWARD_URLS = [
    "https://[x]/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
    "https://[::1/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
    "https://h:99999/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
    "//imports//runs",
    "/imports/%zz/runs?limit=-1&offset=x&offset=1",
]

#: Any JSON value, including the awkward scalars (huge ints, -0.0, 1e308, odd strings).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**40), 10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "GET", "200", "log", "interactions", "request", "response"])
    | st.sampled_from(AWKWARD_URLS),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

awkward_strings = (
    st.sampled_from(AWKWARD_URLS)
    | st.sampled_from(["", " ", "get", "GET ", "\u2028", "null", "{", "[]", "0x10", "💥" * 3])
    | st.text(max_size=30)
    | st.text(st.characters(codec="ascii"), min_size=1000, max_size=1000)
)

# A start that steers arbitrary bytes into each reader's path.
_PREFIXES = [
    b"",
    b"{",
    b"[",
    b'{"log":',
    b"interactions:\n",
    b"http_interactions:\n- ",
    b"\xef\xbb\xbf",
]
arbitrary_bytes = st.builds(
    bytes.__add__, st.sampled_from(_PREFIXES), st.binary(max_size=600)
) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))


@st.composite
def corrupted_seeds(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real capture, truncated, with bytes flipped, inserted or deleted (1-4 edits)."""
    name = draw(seed_names)
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        if edit == "truncate":
            del data[at:]
        elif edit == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif edit == "insert":
            data[at:at] = draw(
                st.binary(min_size=1, max_size=8)
                | st.sampled_from([b'"', b"{", b"]", b",", b"\\", b"\x00", b"\xff", b"\n- "])
            )
        else:
            del data[at : at + draw(st.integers(1, 16))]
    return name, bytes(data)


def _loads(name: str, data: bytes) -> Any:
    if name.endswith((".yml", ".yaml")):
        return yaml.load(data, Loader=yaml.CSafeLoader)
    if name.endswith((".jsonl", ".ndjson")):
        return [orjson.loads(line) for line in data.splitlines() if line.strip()]
    return orjson.loads(data)


def _dumps(name: str, value: Any) -> bytes:
    if name.endswith((".yml", ".yaml")):
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode("utf-8")
    if name.endswith((".jsonl", ".ndjson")) and isinstance(value, list):
        return b"\n".join(json.dumps(v).encode() for v in value) + b"\n"
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _subtree_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document, descending into strings that hold JSON (capture bodies)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _subtree_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _subtree_paths(item, (*path, index))
    elif isinstance(value, str) and value[:1] in "{[":
        with contextlib.suppress(ValueError):
            found += _subtree_paths(json.loads(value), (*path, _InString()))
    return found


class _InString:
    """A path step into a string that holds a JSON document."""


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = json.loads(value) if isinstance(step, _InString) else value[step]
    return value


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(step, _InString):
        return json.dumps(_replace(json.loads(value), rest, new), ensure_ascii=False)
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[step] = _replace(value[step], rest, new)
    return copy


def _shaped_seeds() -> dict[str, Any]:
    """The seeds that parse (a deliberately broken one is only used as bytes)."""
    shaped = {}
    for name, data in SEEDS.items():
        with contextlib.suppress(ValueError, yaml.YAMLError):
            shaped[name] = _loads(name, data)
    return shaped


SHAPED_SEEDS = _shaped_seeds()
SEED_PATHS = {name: _subtree_paths(doc) for name, doc in SHAPED_SEEDS.items()}
STRING_PATHS = {
    name: [p for p in paths if isinstance(_get(SHAPED_SEEDS[name], p), str)] or [()]
    for name, paths in SEED_PATHS.items()
}


@st.composite
def reshaped_seeds(draw: st.DrawFn) -> tuple[str, bytes, bool]:
    """A real capture, HAR or cassette (or its embedded body) with one subtree replaced
    by an arbitrary JSON value: valid syntax, wrong shape, at every level.

    The flag is True when only a response body changed (a subtree of a raw body file, or
    inside a capture's body text): the file is still readable, so that is a finding."""
    name = draw(st.sampled_from(sorted(SHAPED_SEEDS)))
    if draw(st.booleans()):  # any subtree, any value
        path, new = draw(st.sampled_from(SEED_PATHS[name])), draw(json_values)
    else:  # a string (a URL, a method, a header value, a body) by an awkward string
        path, new = draw(st.sampled_from(STRING_PATHS[name])), draw(awkward_strings)
    in_body = any(isinstance(step, _InString) for step in path)
    raw_body = bool(path) and detect(SEEDS[name], path=name).format == "body"
    return name, _dumps(name, _replace(SHAPED_SEEDS[name], path, new)), in_body or raw_body


ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
ENCODINGS += ("latin-1", "cp1252", "utf-8-sig", "utf-7")


@st.composite
def re_encoded_seeds(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real capture in another encoding, with or without a byte order mark."""
    name = draw(seed_names)
    text = SEEDS[name].decode("utf-8", "replace")
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, "replace")
    boms = {"utf-16": 2, "utf-32": 4, "utf-8-sig": 3}
    if encoding in boms and draw(st.booleans()):
        data = data[boms[encoding] :]  # the same bytes without their BOM
    return name, data


#: Awkward values for the fields every reader depends on, by the field's name.
FIELD_VALUES: dict[str, list[Any]] = {
    "url": [*AWKWARD_URLS, "", None, 1, ["a"]],
    "method": ["", "get", "POST", "GET\n", None, 1],
    "status": [0, -1, 99999, "200", "abc", 200.5, True, None, 10**30, {}],
    "encoding": ["base64", "gzip", "utf-16", "no-such-codec", "", None, 1],
    "text": ["", "null", "{", "H4sIAAAA", "\x00", "\ufeff{}", None, 1, []],
}
FIELD_VALUES["uri"] = FIELD_VALUES["url"]
FIELD_VALUES["code"] = FIELD_VALUES["status"]
FIELD_VALUES["Content-Encoding"] = FIELD_VALUES["encoding"]
FIELD_VALUES["string"] = FIELD_VALUES["base64_string"] = FIELD_VALUES["text"]


def field_variants(places: int = 4) -> list[tuple[str, bytes]]:
    """Every seed with each reader-relevant field (by name; its first ``places`` places) set
    to each awkward value in turn: a systematic sweep where random search is too thin."""
    variants = []
    for name, doc in SHAPED_SEEDS.items():
        seen: dict[str, int] = {}
        for path in SEED_PATHS[name]:
            field = path[-1] if path else None
            if isinstance(field, str) and field in FIELD_VALUES:
                seen[field] = seen.get(field, 0) + 1
                if seen[field] > places:  # the first few of each kind are enough
                    continue
                for value in FIELD_VALUES[field]:
                    variants.append((name, _dumps(name, _replace(doc, path, value))))
    return variants


def deep(depth: int, open_: bytes = b"[", close: bytes = b"]", inner: bytes = b"") -> bytes:
    return open_ * depth + inner + close * depth


MAX_DEPTH = 1024  # jsonload.MAX_DEPTH, repeated so a change there is a visible decision

#: A few fixed corruptions of every seed (cut in half, a byte flipped), for the command test.
SAMPLE_CORRUPTED = [(n, d[: len(d) // 2]) for n, d in SEEDS.items()] + [
    (n, d[:99] + bytes([d[99] ^ 0x20]) + d[100:]) for n, d in SEEDS.items() if len(d) > 100
]


# -- large inputs, measured in a subprocess ----------------------------------------------


def write_big_run_list(path: Path, size: int) -> int:
    """A run list of about ``size`` bytes (indented like Arena's), made of the sample run
    with unique GUIDs and numbers; returns the size written."""
    run = orjson.loads(SEEDS["tests/data/page-sample.json"])["results"][0]
    one = len(orjson.dumps(run, option=orjson.OPT_INDENT_2)) + 8
    count = max(1, size // one)
    results = [{**run, "guid": f"RUN{i:08d}ABCDEFGHI", "number": i + 1} for i in range(count)]
    data = orjson.dumps({"count": count, "results": results}, option=orjson.OPT_INDENT_2)
    path.write_bytes(data)
    return len(data)


_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def peak_rss(command: list[str | Path]) -> tuple[int, int]:
    """(peak resident set size in bytes, exit code) of ``command``, run alone under a fresh
    parent so that no other child's peak is counted (Linux reports ru_maxrss in KiB)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *map(str, command)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    kib, code = done.stdout.split()
    return int(kib) * 1024, int(code)
