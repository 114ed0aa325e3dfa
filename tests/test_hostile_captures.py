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
from tests.helpers import run_cli

# How many examples: the Hypothesis profile (tests/conftest.py). tmp_path is shared by the
# examples of one test, which only ever write a fresh file into it.
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

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
    elif name.endswith((".yaml", ".yml")) and rest.endswith(b" "):
        # A space right before the first line indents it: not valid YAML any more (found by
        # the ci profile's examples), refused in one line like any other broken cassette.
        assert "YAML" in file["error"], file["error"]
    else:
        assert file["error"] is None, file["error"]


@pytest.mark.parametrize("prefix", [UTF8_BOM * 2, b" " + UTF8_BOM, UTF8_BOM + b"\n" + UTF8_BOM])
def test_a_stray_bom_says_where_it_is(tmp_path: Path, prefix: bytes) -> None:
    report = fi.check_bytes(tmp_path, prefix + fi.SEEDS["examples/runs.json"])
    error = report["files"][0]["error"]
    offset = len(prefix) - len(UTF8_BOM)
    assert f"stray UTF-8 byte order mark at offset {offset}" in error


@SETTINGS
@given(
    bom=st.sampled_from(BOMS),
    blanks=st.sampled_from([b"", b" ", b"\t"]),
    at=st.integers(min_value=1, max_value=8),
    streamed=st.booleans(),
)
def test_a_bom_starting_a_later_json_line_is_refused_by_its_number(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bom: bytes,
    blanks: bytes,
    at: int,
    streamed: bool,
) -> None:
    """In JSON Lines the file's BOM can only open line 1: one opening any later line (two
    files joined) is refused naming that line, read whole or streamed, never skipped."""
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 0 if streamed else 32 * 1024 * 1024)
    seed = [line for line in fi.SEEDS["tests/data/captures/runs.jsonl"].splitlines() if line]
    rows = [seed[i % len(seed)] for i in range(9)]
    rows[at] = blanks + bom + rows[at]
    report = fi.check_bytes(tmp_path, b"\n".join(rows) + b"\n", "input.jsonl")
    [file] = report["files"]
    error = file["error"] or ""
    assert f"line {at + 1}" in error, error
    if bom == UTF8_BOM:
        assert "stray UTF-8 byte order mark" in error, error
    else:  # not even UTF-8: read whole, the decoder may name the same line first
        assert "byte order mark" in error or "not UTF-8" in error, error


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
    _har_entry("DELETE", RUNS, 405),
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
        code, out, err = run_cli(*arguments, "--format", "json")
        assert code == 2 and err == "", (arguments, err)
        # Named in the report, as check names it (docs/cli.md: one way for every subcommand).
        assert json.loads(out)["unreadable"] == [f"{path}: {NOTHING}"], (arguments, out)


NOTHING = (
    "nothing to check: no response of the contract's endpoints in it "
    "(an Import Engine operation under /imports, with a response)"
)


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


# -- deep documents ------------------------------------------------------------------------

_PAGE = json.loads(fi.SEEDS["tests/data/page-sample.json"])
_RUN = {**_PAGE["results"][0], "status": "COMPLETE"}
#: Documents, and the request each answered: its filters and GUID bring more rules in.
DEEP_SEEDS = {
    "run-list": (
        {**_PAGE, "count": 2, "results": [_RUN, {**_RUN, "totalCount": -1}]},
        f"{RUNS}?status=COMPLETE&number=1&creator.email=a@b.c&creator.fullName=x&offset=0",
    ),
    "run": (_RUN, f"{RUNS}/{_RUN['guid']}"),
    "error-body": (
        json.loads(fi.SEEDS["tests/data/page-bad-guid.json"]),
        RUNS.replace("L3N6PX663K3K3HOBOOT0", "L3N6PX663K3K3HOBOOT0%20"),
    ),
}


def _deep(depth: int, kind: str) -> object:
    """A value nested ``depth`` levels: objects, arrays, or both in turn."""
    value: object = 0
    for level in range(depth):
        as_object = kind == "object" or (kind == "mixed" and level % 2)
        value = {"a": value} if as_object else [value]
    return value


def _places(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
        found.append((*path, "extra"))  # an unknown field at each object, too
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


def _put(document: object, path: tuple, new: object) -> object:
    if not path:
        return new
    copy = json.loads(json.dumps(document))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return copy


DEEP_CASES = [(name, path) for name, (seed, _) in DEEP_SEEDS.items() for path in _places(seed)]


@SETTINGS
@given(
    case=st.sampled_from(DEEP_CASES),  # every place of each document
    kind=st.sampled_from(["object", "array", "mixed"]),
    depth=st.sampled_from([254, 255, 256, 1000, "max"]),
)
def test_a_deep_value_anywhere_is_judged_never_an_internal_failure(case, kind, depth) -> None:
    """docs/guarantees.md: nesting up to 1,024 levels is read. A deep value at any place of
    a run list or an error body gives findings (a wrong type, an unknown field), never the
    `internal` finding of a rule that crashed; parsed or as bytes, through validate_body."""
    from arena_contract import validate_body

    name, path = case
    seed, url = DEEP_SEEDS[name]
    levels = 1023 - len(path) if depth == "max" else min(depth, 1023 - len(path))
    document = _put(seed, path, _deep(levels, kind))
    status = 400 if name == "error-body" else 200
    for body in (document, _dumps_deep(document)):
        for request, code in ((None, None), (url, status)):
            report = validate_body(body, request, status=code)
            assert [f for f in report.findings if f.rule == "internal"] == [], report.findings
            assert report.findings, "a deep value where the contract has none is a finding"
            json.dumps(report.to_dict())  # and the report can be written


def _dumps_deep(document: object) -> bytes:
    import orjson

    try:
        return orjson.dumps(document)
    except TypeError:  # orjson writes at most 254 levels: the stdlib, with room to recurse
        import sys

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(10_000)
        try:
            return json.dumps(document).encode()
        finally:
            sys.setrecursionlimit(limit)


@pytest.mark.parametrize("kind", ["object", "array"])
@pytest.mark.parametrize("depth", [255, 1_000, 1_022])
@pytest.mark.parametrize("output", ["json", "text", "junit", "github"])
def test_check_of_a_deep_extra_field_reports_it(tmp_path: Path, kind, depth, output) -> None:
    page = json.loads(fi.SEEDS["tests/data/page-sample.json"])
    page["extra"] = _deep(depth, kind)
    path = tmp_path / "deep.json"
    path.write_bytes(_dumps_deep(page))
    code, out, err = run_cli("check", "--format", output, path)
    assert (code, err) == (0, ""), err  # an unknown field is a warning
    assert "internal" not in out and "extra" in out


def test_the_schemas_nest_far_less_than_the_depth_the_schema_rule_cuts_at() -> None:
    from arena_contract import contract
    from arena_contract.rules.schema import SCHEMA_DEPTH

    schemas = contract.schemas()

    def resolve(ref: str, base: str) -> dict:
        file, _, fragment = ref.partition("#")
        target = schemas[contract.SCHEMA_BASE + file] if file else schemas[base]
        for step in filter(None, fragment.split("/")):
            target = target[step]
        return target

    def depth(schema: object, base: str, seen: tuple[str, ...] = ()) -> int:
        if not isinstance(schema, dict):
            return 0
        deepest = 0
        if "$ref" in schema:
            ref = schema["$ref"]
            assert ref not in seen, f"{ref} refers to itself: the cut is no longer safe"
            file = ref.partition("#")[0]
            deepest = depth(
                resolve(ref, base), contract.SCHEMA_BASE + file if file else base, (*seen, ref)
            )
        for key in ("properties", "patternProperties"):
            for sub in schema.get(key, {}).values():
                deepest = max(deepest, 1 + depth(sub, base, seen))
        for key in ("items", "additionalProperties"):
            deepest = max(deepest, 1 + depth(schema.get(key), base, seen))
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key, []):
                deepest = max(deepest, depth(sub, base, seen))
        return deepest

    deepest = max(depth(schema, sid) for sid, schema in schemas.items())
    assert 3 <= deepest < SCHEMA_DEPTH // 4, deepest


def test_a_deep_value_at_every_place_of_every_document() -> None:
    """The systematic sweep behind the generated test: every place, the deepest value the
    readers accept there (1,024 levels in all), objects and arrays in turn."""
    test = test_a_deep_value_anywhere_is_judged_never_an_internal_failure.hypothesis.inner_test
    for case in DEEP_CASES:
        test(case=case, kind="mixed", depth="max")


# -- compression bombs -----------------------------------------------------------------------

#: What each bomb of the command test inflates to: over the 64 MiB cap per body, so each
#: is cut there. Six held at once (as before the caps) took over 600 MiB of this alone.
BOMB_MIB = 100
#: Peak memory `check` may reach on a file of six such bombs: the cap per body (64 MiB
#: inflated at a time), the interpreter and the file, with a wide margin.
BOMB_PEAK_BYTES = 450 * 1024 * 1024


def _gzip(data: bytes, wbits: int = 31) -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def _bomb(kind: str, size: int) -> tuple[bytes, str]:
    """A compressed body that inflates to ``size`` bytes, and its Content-Encoding."""
    zeros, spaces = bytes(size), b" " * size
    if kind == "gzip":
        return _gzip(zeros), "gzip"
    if kind == "deflate":
        return _gzip(spaces, 15), "deflate"  # zlib-wrapped, as HTTP's deflate is
    if kind == "gzip-in-gzip":
        return _gzip(_gzip(zeros)), "gzip"
    return _gzip(spaces), kind


def _capture_response(body: bytes, coding: str) -> dict:
    import base64

    return {
        "status": 200,
        "headers": {"Content-Type": "application/json", "Content-Encoding": coding},
        "text": base64.b64encode(body).decode(),
        "encoding": "base64",
    }


def _bomb_file(shape: str, body: bytes, coding: str, count: int) -> tuple[str, bytes]:
    """``count`` bomb responses in one file of the given shape."""
    import base64

    import yaml

    if shape == "har":  # base64 content.text
        entry = _har_entry("GET", RUNS, 200)
        entry["response"]["headers"] = [{"name": "Content-Encoding", "value": coding}]
        content = {"text": base64.b64encode(body).decode(), "encoding": "base64"}
        entry["response"]["content"] = content
        return "bombs.har", _har([entry] * count)
    if shape in ("jsonl", "captures"):  # captures with base64 text
        items = [{"request": {"url": RUNS}, "response": _capture_response(body, coding)}] * count
        if shape == "captures":
            return "bombs.json", json.dumps(items).encode()
        return "bombs.jsonl", b"".join(json.dumps(item).encode() + b"\n" for item in items)
    # A VCR.py cassette keeps a compressed body as it came: plain bytes (!!binary).
    interactions = [
        {
            "request": {"method": "GET", "uri": RUNS, "body": None, "headers": {}},
            "response": {
                "status": {"code": 200, "message": "OK"},
                "headers": {"Content-Encoding": [coding]},
                "body": {"string": body},
            },
        }
        for _ in range(count)  # not one object repeated: YAML would write aliases
    ]
    return "bombs.yaml", yaml.safe_dump({"interactions": interactions}).encode()


@pytest.mark.parametrize(("shape", "bomb"), [("har", "gzip"), ("yaml", "deflate")])
def test_six_compression_bombs_are_checked_in_bounded_memory(
    tmp_path: Path, shape: str, bomb: str
) -> None:
    """Issue 10: six base64 gzip bodies inflating to 300 MiB each took 2.2 GB."""
    import sys

    name, data = _bomb_file(shape, *_bomb(bomb, BOMB_MIB * 1024 * 1024), count=6)
    path = tmp_path / name
    path.write_bytes(data)
    peak, code = fi.peak_rss([sys.executable, "-m", "arena_contract", "check", path])
    assert code == 1, code  # findings: each body is over its cap
    assert peak < BOMB_PEAK_BYTES, f"{peak / 2**20:.0f} MiB"


#: The caps of the in-process tests, small so that they take milliseconds.
SMALL_BODY_CAP, SMALL_FILE_BUDGET = 40_000, 100_000


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    from arena_contract.captures import inflate

    monkeypatch.setattr(inflate, "MAX_INFLATED_BODY_BYTES", SMALL_BODY_CAP)
    monkeypatch.setattr(inflate, "MAX_INFLATED_FILE_BYTES", SMALL_FILE_BUDGET)


SHAPES = ["har", "streamed-har", "jsonl", "captures", "yaml"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("bomb", ["gzip", "deflate", "gzip-in-gzip", "x-gzip"])
@pytest.mark.parametrize("count", [1, 6, 40])
def test_every_bomb_shape_is_cut_at_its_cap_and_told_on_its_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_caps: None, shape, bomb, count
) -> None:
    """Whatever the container (HAR base64, captures, JSON Lines, a cassette's plain bytes),
    compression (gzip, deflate, x-gzip, gzip inside gzip) and count: no body is kept
    inflated past its cap, all held together stay within the file's budget, and each
    bomb is a finding on its own entry."""
    from arena_contract.captures import read_capture_file

    streamed = shape == "streamed-har"
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 0 if streamed else 32 * 1024 * 1024)
    name, data = _bomb_file(
        shape.removeprefix("streamed-"), *_bomb(bomb, 10 * SMALL_BODY_CAP), count
    )
    path = tmp_path / name
    path.write_bytes(data)
    held = [len(e.text or b"") for e in read_capture_file(str(path)).exchanges]
    assert len(held) == count
    assert max(held) <= SMALL_BODY_CAP and (streamed or sum(held) <= SMALL_FILE_BUDGET), held
    report = fi.check_bytes(tmp_path, data, name)
    for exchange in report["files"][0]["exchanges"]:
        messages = [f["message"] for f in exchange["findings"] if f["rule"] == "body.json"]
        expected = "gzip-compressed" if bomb == "gzip-in-gzip" else "limit per body"
        assert len(messages) == 1 and expected in messages[0], messages


@pytest.mark.parametrize("shape", SHAPES)
def test_bodies_under_the_cap_share_the_budget_of_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_caps: None, shape: str
) -> None:
    """A file read whole keeps all its exchanges: once their inflated bodies have spent the
    file's budget, each further one is a finding. A streamed HAR holds one entry at a
    time, so there each body has the cap per body alone."""
    streamed = shape == "streamed-har"
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 0 if streamed else 32 * 1024 * 1024)
    body = json.dumps({"count": 0, "results": [], "pad": " " * 30_000}).encode()  # 30 kB
    name, data = _bomb_file(shape.removeprefix("streamed-"), _gzip(body), "gzip", count=5)
    report = fi.check_bytes(tmp_path, data, name)
    found = [[f["message"] for f in e["findings"]] for e in report["files"][0]["exchanges"]]
    over = [any("this file's decompressed bodies" in m for m in f) for f in found]
    assert over == [False] * 5 if streamed else [False, False, False, True, True], found


# -- YAML cassettes ----------------------------------------------------------------------

yaml_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["yes", "No", "on", "~", "0x1F", "0o17", "1_000", "1:30", "2024-06-12"])
    | st.binary(max_size=12)
    | st.dates()
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(value=yaml_values, flow=st.sampled_from([None, True, False]), width=st.sampled_from([8, 80]))
def test_the_yaml_reader_reads_what_the_safe_loader_reads(value, flow, width) -> None:
    """The event-built reader gives yaml.safe_load's values: every implicit scalar form,
    quoted and block styles, binary, dates, integer keys."""
    import yaml

    from arena_contract.captures.cassette import load_yaml

    text = yaml.safe_dump({"interactions": value}, default_flow_style=flow, width=width)
    assert load_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("interactions:\n- a: 1\ninteractions: []\n", "'interactions' (line 3, column 1)"),
        ("interactions: []\ninteractions:\n", "'interactions' (line 2, column 1)"),
        ("interactions:\n- request: {uri: x, uri: y}\n", "'uri' (line 2, column 21)"),
        ("interactions: []\n1: a\n0x1: b\n", "1 (line 3, column 1)"),  # the same key, 1
        ('interactions: []\n"k": a\nk: b\n', "'k' (line 3, column 1)"),
    ],
)
def test_duplicate_yaml_keys_are_refused_as_in_json(tmp_path: Path, text: str, where: str):
    report = fi.check_bytes(tmp_path, text.encode(), "cassette.yaml")
    error = report["files"][0]["error"]
    assert error.startswith(f"{tmp_path / 'cassette.yaml'}: unreadable YAML cassette: ")
    assert f"duplicate key {where}" in error, error


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("interactions: &a []\nmore: *a\n", "aliases (*name) are not allowed"),
        ("interactions: []\n<<: {a: 1}\n", "merge keys (<<) are not allowed"),
        ("interactions: []\n? [a, b]\n: c\n", "a mapping key that is not a scalar"),
        ("interactions: !!set {a: null}\n", "could not determine a constructor"),
        ("interactions: !!python/name:os.system\n", "could not determine a constructor"),
        ("interactions: []\n---\ninteractions: []\n", "expected a single document"),
    ],
)
def test_yaml_a_cassette_never_needs_is_refused(tmp_path: Path, text: str, problem: str):
    report = fi.check_bytes(tmp_path, text.encode(), "cassette.yaml")
    assert problem in report["files"][0]["error"]


def test_a_yaml_cassette_over_the_size_limit_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arena_contract.captures import cassette

    monkeypatch.setattr(cassette, "MAX_YAML_BYTES", 1_000_000)
    data = fi.SEEDS["tests/data/captures/vcrpy-cassette.yaml"]
    data += b"# padding\n" * (1_000_000 // 10)
    report = fi.check_bytes(tmp_path, data, "big.yaml")
    error = report["files"][0]["error"]
    assert "983.4 KiB, over the 976.6 KiB limit for a YAML cassette" in error, error


def test_a_large_yaml_cassette_costs_a_bounded_multiple_of_its_size(tmp_path: Path) -> None:
    """250,000 interactions (41 MB) took 3.5 GB through PyYAML's node graph, 85 times the
    file. 20,000 interactions here: the whole check stays under 30 times the file (about
    19 times it, today), over the interpreter's own."""
    import sys

    one = (
        "- request:\n    method: GET\n    uri: " + RUNS + "\n"
        "  response:\n    status: {code: 200}\n"
        '    body: {string: \'{"count":0,"results":[]}\'}\n'
    )
    path = tmp_path / "large.yaml"
    path.write_text("interactions:\n" + one * 20_000)
    size = path.stat().st_size
    peak, code = fi.peak_rss([sys.executable, "-m", "arena_contract", "check", "-q", path])
    small = fi.ROOT / "tests" / "data" / "captures" / "vcrpy-cassette.yaml"
    base, _ = fi.peak_rss([sys.executable, "-m", "arena_contract", "check", "-q", small])
    assert code == 1  # no headers: findings
    assert peak - base < 30 * size, f"{(peak - base) / size:.0f} times the file"
