"""A body its recorder cut short (Schemathesis keeps 1 MiB of each body in its cassettes and
HAR files), or kept as text with bytes it could not decode, is one clear note,
body.recorded: not judged as JSON, nor against its Content-Length, nor as a content file
(issue 18)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.captures import read_bytes
from arena_contract.validate import validate_exchange
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data" / "captures"
RUNS_URL = "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs"
FILE_URL = RUNS_URL + "/PV7VWWBSYU1MJKYMBJFB/resultContent"
LIST = json.dumps(
    {"count": 2, "results": [{"guid": "PV7VWWBSYU1MJKYMBJFB", "status": "COMPLETE"}] * 2}
).encode()
BODY_RULES = {"body.json", "header.content-length", "content.captured", "content.csv"}


def checked(path: Path) -> tuple[int, list[dict]]:
    ran = run_cli("check", "--format", "json", path)
    code, document = ran.code, ran.json()
    found = [f for file in document["files"] for ex in file["exchanges"] for f in ex["findings"]]
    return code, found


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("schemathesis-truncated.yaml", "kept 2048 of the body's 18643 bytes"),
        ("schemathesis-truncated.har", "kept 2048 of the body's 18643 bytes"),
        # Schemathesis 4.32 with the hooks against `arena-contract serve` (one entry of each
        # report, the mock's URL made Arena's) writes a submitted XLSX file as UTF-8 text:
        # its bytes are lost, and its Content-Length (4,997) is not the text's length (8,370).
        ("schemathesis-xlsx.har", "U+FFFD (8370 bytes where the body had 4997)"),
        ("schemathesis-xlsx.yaml", "U+FFFD (8370 bytes where the body had 4997)"),
    ],
)
def test_a_real_schemathesis_recording_of_a_body_it_did_not_keep_is_one_note(name, said):
    # A body cut short, or a binary body kept as lossy text.
    code, found = checked(DATA / name)
    assert code == 0, found
    [note] = found
    assert note["rule"] == "body.recorded" and note["severity"] == "warning"
    assert said in note["message"]
    assert note["message"].startswith("not judged: ")


def test_strict_makes_the_note_fail():
    ran = run_cli("check", "--strict", DATA / "schemathesis-truncated.har")
    assert ran.code == 1
    assert "body.recorded" in ran.out


def har(content: dict, headers: list[dict] | None = None, url: str = RUNS_URL) -> bytes:
    entry = {
        "request": {
            "method": "GET",
            "url": url,
            "headers": [{"name": "arena_session_id", "value": "x"}],
        },
        "response": {"status": 200, "headers": headers or [], "content": content},
    }
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()


def one(data: bytes, path: str = "cut.har"):
    [exchange] = read_bytes(data, path=path).exchanges
    return exchange, {f.rule for f in validate_exchange(exchange).findings}


@pytest.mark.parametrize("kept", [0, 1, 17, len(LIST) - 1])
@pytest.mark.parametrize("url", [RUNS_URL, FILE_URL])
def test_a_har_whose_size_is_over_the_bytes_kept_is_cut(kept, url):
    length = [{"name": "Content-Length", "value": str(len(LIST))}]
    text = LIST[:kept].decode()
    exchange, rules = one(har({"size": len(LIST), "text": text, "mimeType": "x"}, length, url))
    assert (
        exchange.truncated == f"the HAR kept {kept} of the body's {len(LIST)} bytes (content.size)"
    )
    assert "body.recorded" in rules and not rules & BODY_RULES


@pytest.mark.parametrize("encoding", [None, "base64"])
def test_a_whole_body_is_judged_as_before(encoding):
    text = base64.b64encode(LIST).decode() if encoding else LIST.decode()
    content = {"size": len(LIST), "text": text, "encoding": encoding}
    exchange, rules = one(har({k: v for k, v in content.items() if v is not None}))
    assert exchange.truncated is None and exchange.body["count"] == 2
    assert "body.recorded" not in rules


def test_compressed_bytes_kept_are_not_a_cut():
    """A recorder that kept the gzip bytes: content.size is the decoded length, larger."""
    packed = gzip.compress(LIST)
    content = {"size": len(LIST), "text": base64.b64encode(packed).decode(), "encoding": "base64"}
    exchange, _ = one(har(content, [{"name": "Content-Encoding", "value": "gzip"}]))
    assert exchange.truncated is None and exchange.body["count"] == 2


def test_schemathesis_comment_alone_marks_the_cut():
    comment = "Body truncated: 5 of 99 bytes recorded"
    exchange, rules = one(har({"text": '{"cou', "comment": comment}))
    assert exchange.truncated == f"the HAR kept 5 of the body's 99 bytes ({comment})"
    assert rules & ({"body.recorded"} | BODY_RULES) == {"body.recorded"}


@pytest.mark.parametrize("status", [200, 400])
def test_a_cassette_cut_error_or_list_is_not_judged_as_json(status):
    body = LIST if status == 200 else b'{"status":400,"errors":[{"code":3011,"message":"x"}]}'
    cassette = (
        "http_interactions:\n- id: '1'\n  request:\n    uri: '" + RUNS_URL + "'\n"
        "    method: 'GET'\n    headers:\n      arena_session_id:\n      - '[Filtered]'\n"
        f"  response:\n    status:\n      code: '{status}'\n      message: 'x'\n"
        f"    headers:\n      Content-Length:\n      - '{len(body)}'\n"
        f"    body:\n      encoding: 'utf-8'\n      string: '{body[:9].decode()}'\n"
        f"    truncated_from: {len(body)}\n"
    ).encode()
    exchange, rules = one(cassette, "cut.yaml")
    assert (
        exchange.truncated
        == f"the cassette kept 9 of the body's {len(body)} bytes (truncated_from)"
    )
    assert "body.recorded" in rules
    assert not rules & (BODY_RULES | {"error.form", "error.bad-guid", "schema.type"})


@pytest.mark.slow  # a fresh schemathesis process; the quick run reads its small recordings
def test_schemathesis_at_its_default_cuts_a_result_file_over_1_mib(tmp_path):
    from tests.truncated_recordings import make

    done = make(30_000, 0, tmp_path)  # a result file of about 1.4 MB, Schemathesis' 1 MiB
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for recording in [*tmp_path.glob("vcr-*.yaml"), *tmp_path.glob("har-*.json")]:
        code, found = checked(recording)
        assert code == 0, found
        [note] = found
        assert note["rule"] == "body.recorded"
        assert f"kept {1024 * 1024} of the body's " in note["message"]


# -- a binary body its recorder kept as text (U+FFFD for each byte it could not decode) ----

#: Bytes that are not all UTF-8: a recorder decoding them as text loses some.
BINARY = st.binary(min_size=1, max_size=300).filter(
    lambda data: "\ufffd" in data.decode("utf-8", "replace")
)


def _recorded(kind: str, data: bytes, length: int | None, headers: dict[str, str]) -> bytes:
    """``data`` kept as lossy text by a recorder of ``kind``, saying the body was ``length``
    bytes (a HAR's content.size; else a Content-Length) when it is not None."""
    text = data.decode("utf-8", "replace")
    if length is not None and kind != "har":
        headers = {**headers, "Content-Length": str(length)}
    if kind == "har":
        content = {"text": text, "mimeType": "x"} | ({"size": length} if length else {})
        return har(content, [{"name": k, "value": v} for k, v in headers.items()], FILE_URL)
    response = {"status": 200, "headers": headers, "text": text}
    if kind == "capture":
        capture = {"request": {"method": "GET", "url": FILE_URL}, "response": response}
        return json.dumps(capture).encode()
    lines = "".join(f"      {k}:\n      - '{v}'\n" for k, v in headers.items())
    return (
        "http_interactions:\n- id: '1'\n  request:\n    uri: '" + FILE_URL + "'\n"
        "    method: 'GET'\n    headers: {}\n  response:\n    status:\n      code: '200'\n"
        "      message: 'OK'\n    headers:\n" + lines + "    body:\n      encoding: 'utf8'\n"
        "      string: " + json.dumps(text) + "\n"
    ).encode()


@given(BINARY, st.sampled_from(["har", "capture", "cassette"]))
def test_binary_kept_as_lossy_text_is_not_judged(data, kind):
    exchange, rules = one(_recorded(kind, data, len(data), {}), f"x.{kind}")
    assert "U+FFFD" in (exchange.truncated or "")
    assert "body.recorded" in rules and not rules & BODY_RULES


@given(BINARY, st.sampled_from(["har", "capture", "cassette"]))
def test_lossy_text_with_no_length_to_tell_is_judged_as_before(data, kind):
    # Nothing says how long the body was (or its length is that of an encoded body): the
    # text is the body as far as anyone can tell, and the rules judge it.
    for length, headers in ((None, {}), (len(data), {"Content-Encoding": "br"})):
        if kind == "har" and headers:
            continue  # a HAR's content.size is the decoded length: it tells regardless
        exchange, _ = one(_recorded(kind, data, length, headers), f"x.{kind}")
        assert exchange.truncated is None


def test_a_body_that_really_holds_u_fffd_is_judged():
    body = json.dumps({"count": 0, "results": [], "note": "\ufffd"}, ensure_ascii=False).encode()
    size = len(body)
    exchange, rules = one(har({"text": body.decode(), "size": size}), "x.har")
    assert exchange.truncated is None and exchange.body["note"] == "\ufffd"
    assert "body.recorded" not in rules


# -- a HAR entry that kept no body at all ---------------------------------------------------


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ({"size": 1612, "mimeType": "application/json"}, "the body's 1612 bytes: no content.text"),
        ({"size": -1, "mimeType": "application/json"}, "the body: no content.text"),
        ({"mimeType": "application/json"}, "the body: no content.text"),
        (None, "the body: no content.text"),
        (  # Playwright's recordHar with content: "attach"
            {"size": 31, "mimeType": "application/json", "_file": "75841e5b.json"},
            "the body's 31 bytes: no content.text (it is in '75841e5b.json' beside the HAR)",
        ),
        (  # a name from the file is clipped, as any text a file gives
            {"size": 31, "_file": "f" * 5000},
            "the body's 31 bytes: no content.text (it is in '" + "f" * 80 + "…' beside the HAR)",
        ),
    ],
)
@pytest.mark.parametrize("url", [RUNS_URL, FILE_URL])
def test_a_har_entry_with_no_body_text_is_one_note_not_a_finding_on_arena(content, said, url):
    entry_content = {} if content is None else content
    data = json.loads(har(entry_content, url=url))
    if content is None:
        del data["log"]["entries"][0]["response"]["content"]
    exchange, rules = one(json.dumps(data).encode())
    assert exchange.truncated == f"the HAR holds none of {said}"
    assert "body.recorded" in rules and not rules & BODY_RULES


def test_a_har_entry_whose_body_was_empty_is_judged_as_empty():
    exchange, rules = one(har({"size": 0, "mimeType": "x-unknown"}))
    assert exchange.truncated is None and exchange.body_error == "empty body"
    assert "body.json" in rules and "body.recorded" not in rules


def test_a_streamed_har_says_the_same(tmp_path, monkeypatch):
    from arena_contract.captures import files as capture_files
    from arena_contract.captures import read_capture_file

    path = tmp_path / "big.har"
    path.write_bytes(har({"size": 1612, "mimeType": "application/json"}) + b" " * 2000)
    monkeypatch.setattr(capture_files, "STREAM_BYTES", 1000)
    [exchange] = list(read_capture_file(str(path)).exchanges)
    assert exchange.truncated == "the HAR holds none of the body's 1612 bytes: no content.text"
