"""Reading every capture format into Exchanges, and every bad input into one clear line."""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.captures import (
    CaptureFile,
    expand_paths,
    read_bytes,
    read_capture_file,
    read_paths,
)
from arena_contract.captures import files as capture_files

DATA = Path(__file__).parent / "data" / "captures"
BASE = "https://api.arenasolutions.com/v1"
IMPORT = "L3N6PX663K3K3HOBOOT0"
RUN = "R9TCQNRT4L47Q9VQWUF3"
RUNS_URL = f"{BASE}/imports/{IMPORT}/runs"
SECRET = "m8UuAMDb2bQTOIUwPnR3rmF0cN1k5PbEJXWrBYvVRh7xQVj2k3TZRQKlS8ZD"


def read(name: str) -> CaptureFile:
    result = read_capture_file(str(DATA / name))
    assert result.error is None, result.error
    return result


def bad(data: bytes | str, path: str = "in.json") -> str:
    """Read bytes that must not be usable; return the one-line error."""
    result = read_bytes(data.encode() if isinstance(data, str) else data, path=path)
    assert result.format is None
    assert result.exchanges == []
    assert result.error is not None
    assert result.error.startswith(f"{path}: ")
    assert "\n" not in result.error
    assert SECRET not in result.error
    return result.error


def reference_text(path: str) -> bytes:
    """The exact body bytes recorded in the capture sample (the source of truth for bodies)."""
    capture = json.loads((DATA / "runs.jsonl").read_text(encoding="utf-8").splitlines()[0])
    if path.endswith(f"/runs/{RUN}"):
        capture = json.loads((DATA / "runs.jsonl").read_text(encoding="utf-8").splitlines()[1])
    return capture["response"]["text"].encode()


LIST_TEXT = reference_text("/runs")
RUN_TEXT = reference_text(f"/runs/{RUN}")
ERROR_TEXT = (DATA / "bad-guid.body.json").read_bytes()


# -- raw bodies ------------------------------------------------------------------------------


def test_raw_body() -> None:
    result = read("run-list.body.json")
    assert result.format == "body"
    [exchange] = result.exchanges
    assert exchange.request is None and exchange.status is None and exchange.headers is None
    assert exchange.text == (DATA / "run-list.body.json").read_bytes()
    assert exchange.body["count"] == 2
    assert exchange.body["results"][1]["submitWorksheetName"] == "Vendor Parts — Ünïcode"
    assert exchange.origin == str(DATA / "run-list.body.json")


@pytest.mark.parametrize("text", ['[{"count": 1}]', '"runs"', "42", "null", "[]"])
def test_json_that_is_not_an_object_is_still_a_body(text: str) -> None:
    result = read_bytes(text.encode(), path="b.json")
    assert (result.format, result.error) == ("body", None)
    assert result.exchanges[0].body == json.loads(text)


def test_utf8_bom_is_accepted_and_text_kept_as_given() -> None:
    data = b"\xef\xbb\xbf" + ERROR_TEXT
    [exchange] = read_bytes(data, path="b.json").exchanges
    assert exchange.text == data
    assert exchange.body["status"] == 400


# -- capture objects, arrays and JSON Lines ----------------------------------------------------


def test_capture_object() -> None:
    result = read("run-list.capture.json")
    assert result.format == "capture"
    [exchange] = result.exchanges
    assert exchange.status == 200
    assert exchange.headers is not None
    assert exchange.headers["content-type"] == "application/json;charset=UTF-8"
    assert exchange.headers["CONTENT-LENGTH"] == str(len(LIST_TEXT))
    assert exchange.text == LIST_TEXT
    assert exchange.body == json.loads(LIST_TEXT)
    assert exchange.request is not None
    assert (exchange.request.method, exchange.request.url) == ("GET", RUNS_URL)
    assert exchange.request.headers["ARENA_SESSION_ID"] == SECRET


def capture(**response: Any) -> dict[str, Any]:
    return {"request": {"method": "GET", "url": RUNS_URL}, "response": {"status": 200, **response}}


def test_capture_with_parsed_json_has_no_text() -> None:
    doc = capture(json={"count": 0, "results": []})
    [exchange] = read_bytes(json.dumps(doc).encode(), path="c.json").exchanges
    assert exchange.text is None
    assert exchange.body == {"count": 0, "results": []}


def test_capture_whose_text_is_not_json_is_a_finding_not_a_read_error() -> None:
    doc = capture(text="<html>502 Bad Gateway</html>")
    result = read_bytes(json.dumps(doc).encode(), path="c.json")
    assert (result.format, result.error) == ("capture", None)
    [exchange] = result.exchanges
    assert exchange.text == b"<html>502 Bad Gateway</html>"
    assert exchange.body is None
    assert exchange.body_error == "unexpected character, expected a JSON value (line 1, column 1)"


def test_capture_body_with_duplicate_keys_is_a_body_error() -> None:
    result = read_bytes(json.dumps(capture(text='{"count": 1, "count": 2}')).encode(), path="c")
    assert result.exchanges[0].body_error == 'duplicate key "count" at /count (line 1, column 14)'


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json", "X-Arena-Requests-Remaining": 4987},
        [["Content-Type", "application/json"], ["x-arena-requests-remaining", "4987"]],
        [
            {"name": "content-type", "value": "application/json"},
            {"name": "X-Arena-Requests-Remaining", "value": "4987"},
        ],
    ],
)
def test_capture_header_shapes(headers: Any) -> None:
    [exchange] = read_bytes(
        json.dumps(capture(headers=headers, text="{}")).encode(), path="c"
    ).exchanges
    assert exchange.headers is not None
    assert exchange.headers["Content-Type"] == "application/json"
    assert exchange.headers["x-arena-requests-remaining"] == "4987"


def test_capture_base64_text() -> None:
    doc = capture(text=base64.b64encode(b'{"count":0}').decode(), encoding="base64")
    [exchange] = read_bytes(json.dumps(doc).encode(), path="c").exchanges
    assert exchange.text == b'{"count":0}'


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"status": "200", "text": "{}"}, "response.status is '200', expected an integer"),
        ({"status": True, "text": "{}"}, "response.status is a boolean, expected an integer"),
        ({"text": "{}"}, "response.status is missing"),
        (
            {"status": 200, "text": "{}", "json": {}},
            'response has both "text" and "json"; give one',
        ),
        ({"status": 200, "headers": "Content-Type: x"}, "response.headers is a string, expected"),
    ],
)
def test_bad_capture(response: dict[str, Any], message: str) -> None:
    doc = {"request": None, "response": response}
    result = read_bytes(json.dumps(doc).encode(), path="c.json")
    assert result.exchanges == []
    assert result.error is not None and result.error.startswith(f"c.json: {message}")


def test_array_of_captures() -> None:
    docs = [capture(text=LIST_TEXT.decode()), capture(text=ERROR_TEXT.decode(), status=400)]
    result = read_bytes(json.dumps(docs).encode(), path="a.json")
    assert (result.format, result.error) == ("capture", None)
    assert [e.status for e in result.exchanges] == [200, 400]
    assert [e.origin for e in result.exchanges] == ["a.json#[0]", "a.json#[1]"]


def test_array_with_a_stray_item_reports_it() -> None:
    result = read_bytes(json.dumps([capture(text="{}"), {"count": 1}]).encode(), path="a.json")
    assert len(result.exchanges) == 1
    assert result.error == 'a.json: item [1]: not a capture object (needs "request" and "response")'


def test_jsonl() -> None:
    result = read("runs.jsonl")
    assert result.format == "jsonl"
    assert [e.status for e in result.exchanges] == [200, 200, 400]
    assert [e.text for e in result.exchanges] == [LIST_TEXT, RUN_TEXT, ERROR_TEXT]
    assert result.exchanges[1].origin.endswith("runs.jsonl#line 2")
    assert result.exchanges[1].request is not None
    assert result.exchanges[1].request.url == f"{RUNS_URL}/{RUN}"


def test_jsonl_bad_lines_are_reported_and_good_lines_kept() -> None:
    lines = (DATA / "runs.jsonl").read_bytes().splitlines()
    data = b"\n".join([lines[0], b"", lines[1][:50], b'{"count": 2}', lines[2], b""])
    result = read_bytes(data, path="r.jsonl")
    assert result.format == "jsonl"
    assert [e.origin for e in result.exchanges] == ["r.jsonl#line 1", "r.jsonl#line 5"]
    assert (
        result.problems[0] == "r.jsonl: truncated JSON: unexpected end of data (line 3, column 51)"
    )
    assert (
        result.problems[1]
        == 'r.jsonl: line 4: not a capture object (needs "request" and "response")'
    )
    assert result.error == result.problems[0] + " (and 1 more problems in this file)"


# -- HAR ---------------------------------------------------------------------------------------


def test_chrome_har_keeps_only_contract_gets() -> None:
    result = read("chrome-devtools.har")
    assert result.format == "har"
    # 0 is a script, 1 an OPTIONS preflight, 5 got no response (status 0).
    assert [e.origin.rsplit("#", 1)[1] for e in result.exchanges] == [
        "entries[2]",
        "entries[3]",
        "entries[4]",
        "entries[6]",
    ]
    listing, run, error, no_text = result.exchanges
    assert listing.request is not None
    assert listing.request.url == f"{RUNS_URL}?status=COMPLETE"
    assert listing.request.param("status") == "COMPLETE"
    assert listing.request.headers[":authority"] == "api.arenasolutions.com"
    assert listing.status == 200
    assert listing.headers is not None
    assert listing.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert listing.headers["X-Arena-Requests-Remaining"] == "4987"
    assert listing.text == LIST_TEXT
    assert run.text == RUN_TEXT and run.body["guid"] == RUN
    assert (error.status, error.body["errors"][0]["code"]) == (400, 3011)
    # Chrome kept no body for this one (content.size 1612, no text): not judged, one note.
    assert (no_text.text, no_text.body, no_text.body_error) == (None, None, None)
    assert no_text.truncated == "the HAR holds none of the body's 1612 bytes: no content.text"


def test_mitmproxy_har() -> None:
    result = read("mitmproxy.har")
    # The login POST is no operation of the contract's; the POST that starts a run (same
    # URL as the list) is one, and kept as such.
    [exchange, started] = result.exchanges
    assert exchange.origin.endswith("#entries[1]")
    assert (started.request.method, started.status) == ("POST", 201)
    assert started.origin.endswith("#entries[2]")
    assert exchange.headers is not None
    assert exchange.headers["vary"] == "Accept-Encoding, Origin"
    assert exchange.headers["content-encoding"] == "gzip"
    assert exchange.text == LIST_TEXT  # HAR keeps the decoded body


def har(*entries: Any) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}}).encode()


def har_entry(text: Any = "{}", **content: Any) -> dict[str, Any]:
    return {
        "request": {
            "method": "GET",
            "url": RUNS_URL,
            "headers": [{"name": "arena_session_id", "value": SECRET}],
        },
        "response": {
            "status": 200,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": {"mimeType": "application/json", "text": text, **content},
        },
    }


def test_har_base64_content() -> None:
    entry = har_entry(base64.b64encode(ERROR_TEXT).decode(), encoding="base64")
    [exchange] = read_bytes(har(entry), path="h.har").exchanges
    assert exchange.text == ERROR_TEXT


def test_har_gzip_bytes_are_decompressed() -> None:
    entry = har_entry(base64.b64encode(gzip.compress(RUN_TEXT)).decode(), encoding="base64")
    entry["response"]["headers"].append({"name": "Content-Encoding", "value": "gzip"})
    [exchange] = read_bytes(har(entry), path="h.har").exchanges
    assert exchange.text == RUN_TEXT


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"log": []}, "h.har: HAR file has no log object"),
        ({"log": {"version": "1.2"}}, "h.har: HAR file has no log.entries list"),
        ({"log": {"entries": {}}}, "h.har: HAR file has no log.entries list"),
    ],
)
def test_har_without_entries(doc: Any, message: str) -> None:
    assert bad(json.dumps(doc), "h.har") == message


def test_har_bad_entries_are_reported_and_good_ones_kept() -> None:
    no_status = har_entry()
    no_status["response"]["status"] = "200"
    secret_header = har_entry()
    secret_header["request"]["headers"] = [{"name": "arena_session_id", "value": [SECRET]}]
    bad_base64 = har_entry("not base64!", encoding="base64")
    result = read_bytes(
        har(har_entry(), "oops", no_status, secret_header, bad_base64), path="h.har"
    )
    assert result.format == "har"
    assert [e.origin for e in result.exchanges] == ["h.har#entries[0]"]
    assert result.problems == [
        "h.har: entries[1]: the entry is a string, expected an object",
        "h.har: entries[2]: response.status is '200', expected an integer",
        "h.har: entries[3]: request.headers[0] (arena_session_id) has a value that is a list,"
        " expected a string",
        "h.har: entries[4]: response.content body is marked base64 but is not valid base64",
    ]
    assert result.error == result.problems[0] + " (and 3 more problems in this file)"
    assert all(SECRET not in problem for problem in result.problems)


def test_har_entries_for_other_urls_are_not_checked() -> None:
    other = {"request": {"method": "GET", "url": f"{BASE}/items"}, "response": "garbage"}
    result = read_bytes(har(other), path="h.har")
    assert (result.format, result.exchanges) == ("har", [])
    # Not an error in the entry (it is not read), but nothing is left to check.
    assert result.error is not None and result.error.startswith("h.har: nothing to check")


# -- cassettes ---------------------------------------------------------------------------------


def test_vcrpy_cassette() -> None:
    result = read("vcrpy-cassette.yaml")
    assert result.format == "vcr"
    listing, run, error = result.exchanges  # the login interaction is not kept
    assert listing.origin.endswith("#interactions[1]")
    assert listing.status == 200 and listing.text == LIST_TEXT
    assert listing.headers is not None and listing.headers["x-arena-requests-remaining"] == "4987"
    assert listing.request is not None and listing.request.headers["ARENA_SESSION_ID"] == SECRET
    # Recorded with decode_compressed_response=False: gzip bytes under !!binary.
    assert run.headers is not None and run.headers["Content-Encoding"] == "gzip"
    assert run.text == RUN_TEXT and run.body["number"] == 14
    assert (error.status, error.text) == (400, ERROR_TEXT)


@pytest.mark.parametrize("name", ["schemathesis-report.yaml", "schemathesis-preserve-bytes.yml"])
def test_schemathesis_cassette(name: str) -> None:
    result = read(name)
    assert result.format == "schemathesis-vcr"
    # The fourth interaction has `response: null` (no response): skipped.
    assert [e.status for e in result.exchanges] == [200, 200, 400]
    assert [e.text for e in result.exchanges] == [LIST_TEXT, RUN_TEXT, ERROR_TEXT]
    assert result.exchanges[0].request is not None
    assert result.exchanges[0].request.url == RUNS_URL
    assert result.exchanges[2].origin.endswith("#http_interactions[2]")


def schemathesis(response: str) -> bytes:
    return (
        "http_interactions:\n- id: '1'\n  request:\n"
        f"    uri: '{RUNS_URL}'\n    method: 'GET'\n    headers: {{}}\n  response:\n{response}"
    ).encode()


def test_schemathesis_truncated_body_is_marked_not_parsed() -> None:
    data = schemathesis(
        "    status:\n      code: '200'\n    body:\n      encoding: 'utf-8'\n"
        '      string: \'{"count":2,"res\'\n    truncated_from: 1612\n'
    )
    [exchange] = read_bytes(data, path="s.yaml").exchanges
    assert exchange.truncated == "the cassette kept 15 of the body's 1612 bytes (truncated_from)"
    assert exchange.text is None and exchange.body is None and exchange.body_error is None


def test_schemathesis_latin1_body_is_re_encoded() -> None:
    data = schemathesis(
        "    status:\n      code: '200'\n    body:\n      encoding: 'ISO-8859-1'\n"
        '      string: "{\\"name\\":\\"Ã©\\"}"\n'
    )
    [exchange] = read_bytes(data, path="s.yaml").exchanges
    assert exchange.text == '{"name":"é"}'.encode()


def test_cassette_saved_as_json() -> None:
    doc = {
        "interactions": [
            {
                "request": {"method": "GET", "uri": RUNS_URL, "headers": {}, "body": None},
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "headers": {"Content-Type": ["application/json"]},
                    "body": {"string": LIST_TEXT.decode()},
                },
            }
        ],
        "version": 1,
    }
    result = read_bytes(json.dumps(doc).encode(), path="cassette.json")
    assert result.format == "vcr"
    assert result.exchanges[0].text == LIST_TEXT


def test_bad_cassette_interaction_is_reported() -> None:
    data = schemathesis("    status:\n      code: 'OK'\n")
    result = read_bytes(data, path="s.yaml")
    assert (
        result.error
        == "s.yaml: http_interactions[0]: response.status.code is 'OK', expected an integer"
    )


def test_yaml_that_is_not_a_cassette() -> None:
    message = bad("openapi: 3.1.0\ninfo:\n  title: Arena\n", "openapi.yaml")
    assert "as YAML not a cassette (no 'interactions' or 'http_interactions' key)" in message


def test_invalid_yaml() -> None:
    message = bad("interactions:\n- request: [unclosed\n", "c.yaml")
    assert message.startswith("c.yaml: unreadable YAML cassette: ")
    assert "(line 3, column 1)" in message
    message = bad("%%% not yaml: [", "x.yaml")
    assert message.startswith("x.yaml: neither JSON (unexpected character")
    assert "nor valid YAML (" in message


def test_yaml_aliases_are_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ninteractions: [*c, *c]\n"
    assert bad(bomb, "c.yaml") == (
        "c.yaml: unreadable YAML cassette: YAML aliases (*name) are not allowed in cassettes"
        " (line 2, column 8)"  # the first alias, *a
    )


def test_yaml_python_tags_are_refused() -> None:
    message = bad("interactions: !!python/object/apply:os.system ['true']\n", "c.yaml")
    assert "could not determine a constructor" in message


# -- detection and bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        ("chrome-devtools.har", "export.json", "har"),
        ("vcrpy-cassette.yaml", "cassette.txt", "vcr"),
        ("schemathesis-report.yaml", "report.har", "schemathesis-vcr"),
        ("runs.jsonl", "runs.json", "jsonl"),
        ("run-list.capture.json", "noext", "capture"),
        ("run-list.body.json", "body.yaml", "body"),
    ],
)
def test_format_is_detected_from_content(
    tmp_path: Path, source: str, name: str, expected: str
) -> None:
    target = tmp_path / name
    shutil.copy(DATA / source, target)
    result = read_capture_file(str(target))
    assert (result.format, result.error) == (expected, None)
    assert result.exchanges


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "in.json: empty file"),
        (b"\n  \n", "in.json: empty file"),
        (
            b'{"count": 2, "results": [',
            "in.json: truncated JSON: unexpected end of data (line 1, column 26)",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "in.json: not text: NUL byte at offset 8"),
        (bytes(range(128, 256)), "in.json: not UTF-8 (byte 0x80 at offset 0, line 1, column 1)"),
        (b'{"name": "caf\xe9"}', "in.json: not UTF-8 (byte 0xe9 at offset 13, line 1, column 14)"),
        ('{"count": 1}'.encode("utf-16"), "in.json: the file is UTF-16 LE"),
        (b"[" * 100_000, "in.json: nested deeper than 1024 levels"),
        (b'{"count": ' + b"1" * 5000 + b"}", "in.json: integer with 5000 digits is longer"),
        (b'{"count": NaN}', "in.json: NaN is not valid JSON (line 1, column 11)"),
        (
            b'{"count": 1, "count": 2}',
            'in.json: duplicate key "count" at /count (line 1, column 14)',
        ),
        (b"hello world", "in.json: not JSON (unexpected character, expected a JSON value (line 1"),
    ],
)
def test_bad_input_gives_one_clear_line(data: bytes, message: str) -> None:
    assert bad(data).startswith(message)


def test_duplicate_key_inside_a_har_names_the_pointer() -> None:
    data = har(har_entry()).replace(b'"version": "1.2"', b'"version": "1.2", "version": "1.1"')
    assert (
        bad(data, "h.har") == 'h.har: duplicate key "version" at /log/version (line 1, column 28)'
    )


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["status", "headers", "content", "text", "encoding", "code", "body", "string"]
                ),
                children,
                max_size=3,
            )
        ),
        max_leaves=12,
    ),
    st.sampled_from(["har", "har-response", "vcr", "schemathesis", "capture"]),
)
def test_any_structure_is_read_without_raising(value: Any, shape: str) -> None:
    request = {"method": "GET", "url": RUNS_URL, "uri": RUNS_URL}
    doc: Any = {
        "har": {"log": {"entries": [value]}},
        "har-response": {"log": {"entries": [{"request": request, "response": value}]}},
        "vcr": {"interactions": [{"request": request, "response": value}]},
        "schemathesis": {"http_interactions": [{"request": request, "response": value}]},
        "capture": {"request": request, "response": value},
    }[shape]
    result = read_bytes(json.dumps(doc).encode(), path="f")
    assert result.error is None or "\n" not in result.error


# -- descriptions of an API are not answers from it ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "schemas").glob("*.json")), ROOT / "openapi.yaml"],
    ids=lambda p: p.name,
)
def test_the_contracts_own_files_are_one_line_each_not_failed_run_lists(path: Path) -> None:
    # Exported beside recordings (`contract export`), each was judged as a run list: FAILED,
    # every field missing. The OpenAPI description is tried as JSON here (YAML is a cassette).
    data = path.read_bytes()
    if path.suffix == ".yaml":
        data = json.dumps(yaml.safe_load(data)).encode()
    what = "an OpenAPI description" if path.suffix == ".yaml" else "a JSON Schema"
    result = read_bytes(data, path="f.json")
    assert (result.format, result.error) == (None, f"f.json: {what}, not a capture of a response")


@given(
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=4),
    st.sampled_from(
        [{"$schema": "x"}, {"openapi": "3.1.0", "paths": {}}, {"swagger": "2.0", "paths": {}}]
    ),
)
def test_any_schema_or_openapi_document_is_told(extra: dict, marker: dict) -> None:
    result = read_bytes(json.dumps({**extra, **marker}).encode(), path="f.json")
    assert result.error.endswith(", not a capture of a response")


def test_a_body_that_only_mentions_openapi_is_judged() -> None:
    body = {"count": 0, "results": [], "openapi": "3.1.0"}
    assert read_bytes(json.dumps(body).encode(), path="f.json").format == "body"


# -- paths, directories, stdin -----------------------------------------------------------------


def test_directory_is_searched_recursively_and_symlink_loops_end(tmp_path: Path) -> None:
    root = tmp_path / "caps"
    (root / "a" / "b").mkdir(parents=True)
    shutil.copy(DATA / "run-list.body.json", root / "x.json")
    shutil.copy(DATA / "chrome-devtools.har", root / "a" / "b" / "y.HAR")
    (root / "a" / "notes.txt").write_text("not a capture")
    (root / "a" / "b" / "loop").symlink_to(root, target_is_directory=True)
    (root / "a" / "again.json").symlink_to(root / "x.json")
    expanded = list(expand_paths([str(root), str(root / "x.json")]))
    assert expanded == [(str(root / "x.json"), None), (str(root / "a" / "b" / "y.HAR"), None)]


def test_hidden_files_and_directories_are_not_searched_but_read_when_named(
    tmp_path: Path,
) -> None:
    # A project's root: a virtual environment's package metadata, Schemathesis' cache, a
    # linter's configuration are not recordings.
    hidden = [
        ".venv/lib/site-packages/x/meta.json",
        ".schemathesis/cache/manifest.json",
        ".git/info.json",
        ".spectral.yaml",
        "recordings/.draft.har",
    ]
    for name in [*hidden, "recordings/runs.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / "run-list.body.json", tmp_path / name)
    assert list(expand_paths([str(tmp_path)])) == [(str(tmp_path / "recordings/runs.json"), None)]
    named = [str(tmp_path / ".schemathesis"), str(tmp_path / ".spectral.yaml")]
    assert [path for path, _ in expand_paths(named)] == [
        str(tmp_path / ".schemathesis/cache/manifest.json"),
        str(tmp_path / ".spectral.yaml"),
    ]


def test_explicit_file_is_read_whatever_its_name(tmp_path: Path) -> None:
    target = tmp_path / "capture.txt"
    shutil.copy(DATA / "run-list.capture.json", target)
    assert list(expand_paths([str(target)])) == [(str(target), None)]
    assert read_capture_file(str(target)).format == "capture"


def test_missing_and_broken_paths_are_error_entries(tmp_path: Path) -> None:
    dangling = tmp_path / "gone.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    missing = str(tmp_path / "missing.har")
    results = list(read_paths([missing, str(dangling)]))
    assert [r.error for r in results] == [
        f"{missing}: no such file or directory",
        f"{dangling}: broken symbolic link (its target does not exist)",
    ]
    assert all(r.format is None and r.exchanges == [] for r in results)


def test_broken_symlink_inside_a_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    [(path, error)] = list(expand_paths([str(tmp_path)]))
    assert error == f"{path}: broken symbolic link (its target does not exist)"


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    assert read_capture_file(str(tmp_path)).error == f"{tmp_path}: is a directory"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path: Path) -> None:
    target = tmp_path / "locked.json"
    target.write_text("{}")
    target.chmod(0)
    try:
        assert read_capture_file(str(target)).error == f"{target}: cannot read: permission denied"
    finally:
        target.chmod(0o600)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((DATA / "runs.jsonl").read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    [result] = list(read_paths(["-", "-"]))  # read once
    assert (result.path, result.format, result.error) == ("-", "jsonl", None)
    assert result.exchanges[0].origin == "-#line 1"


def test_stdin_stream_can_be_given() -> None:
    result = read_capture_file("-", stdin=io.BytesIO(b""))
    assert result.error == "-: empty file"


def test_size_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(capture_files, "MAX_DOCUMENT_BYTES", 1000)
    target = tmp_path / "big.json"
    target.write_bytes(b" " * 2000)
    assert read_capture_file(str(target)).error == (
        f"{target}: file is 2 KiB, over the 1000 bytes limit"
    )


def test_a_cassette_charset_with_a_nul_falls_back_to_utf8():
    from arena_contract.captures.cassette import _encode

    assert _encode("é", "latin\x001") == "é".encode()


@pytest.mark.parametrize("length", [None, "5", "99999"])
def test_a_capture_giving_json_skips_every_content_length_check(tmp_path: Path, length) -> None:
    """docs/check.md: a capture giving `json` instead of `text` has no wire bytes, so neither the
    length comparison nor a missing Content-Length is reported."""
    from tests import fuzz_inputs as fi

    capture = json.loads((DATA / "run-list.capture.json").read_bytes())
    response = capture["response"]
    response["json"] = json.loads(response.pop("text"))
    response["headers"].pop("Content-Length")
    if length is not None:
        response["headers"]["Content-Length"] = length
    path = tmp_path / "hand-written.json"
    path.write_text(json.dumps(capture))
    report = fi.assert_well_behaved(fi.check(path), files=1)
    [exchange] = report["files"][0]["exchanges"]
    assert "header.content-length" not in [f["rule"] for f in exchange["findings"]]
