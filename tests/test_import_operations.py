"""`check` on every Import Engine operation, by operation, in every capture format (issue 18).

The issue's examples (a definition with ``"guid": 12345``, a 201 run with ``"totalCount": "3"``,
a commit with ``"commit": "yes"``, an error-content CSV that must not be judged as JSON), each
in a capture, JSON Lines, HAR, VCR.py and Schemathesis cassette, and generated variants of
them; then what each operation implies (a new run is CREATED, a commit shows commit true, an
error file has its columns and as many rows as the run has errors).
"""

from __future__ import annotations

import copy
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_contract import contract
from arena_contract.rules import RULES, SEQUENCE_RULES
from arena_contract.rules.content import ERROR_COLUMNS, read_table
from tests.capture_formats import FORMATS, write
from tests.helpers import arena_headers, run_cli

BASE = "https://api.arenasolutions.com/v1"
IMPORT, RUN = "5N7Q4157IZGYH0HMVRLM", "R9TCQNRT4L47Q9VQWUF3"
EXAMPLES = contract.openapi()["components"]["examples"]
CSV = "text/csv;charset=UTF-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sample(name: str) -> dict:
    return copy.deepcopy(EXAMPLES[name]["value"])


def answer(method: str, path: str, status: int, body, content_type: str | None = None):
    """An exchange as capture_formats writes it, with Arena's headers right for the body."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = arena_headers(raw, **({"Content-Type": content_type} if content_type else {}))
    return (method, BASE + path, status, headers, raw)


RUN_PATH = f"/imports/{IMPORT}/runs/{RUN}"
#: The counts of the example result file (three records, one failed).
THREE_ROWS = {"totalCount": 3, "successCount": 2, "errorCount": 1}
ERROR_CSV = sample("errorContentCsv").encode()


def check(tmp_path, fmt: str, exchanges) -> list[list[tuple[str, str, str]]]:
    """(rule, severity, pointer) of each exchange's findings, as `check --format json` says."""
    return findings_of(write(tmp_path, fmt, exchanges))


def findings_of(path) -> list[list[tuple[str, str, str]]]:
    [checked] = run_cli("check", "--format", "json", path).json()["files"]
    assert checked.get("error") is None, checked
    return [
        [(f["rule"], f["severity"], f["pointer"]) for f in exchange["findings"]]
        for exchange in checked["exchanges"]
    ]


# -- the issue's examples, in every capture format ------------------------------------------


def issue_examples():
    definition = sample("definition")
    definition["guid"] = 12345
    created = sample("runCreatedCsv")
    created["totalCount"] = "3"
    committed = sample("runCommitted")
    committed["commit"] = "yes"
    # The error file below has one row: the run's counts say so (content.rows).
    committed |= {"successCount": 134880, "errorCount": 1}
    return [
        answer("GET", f"/imports/{IMPORT}", 200, definition),
        answer("POST", f"/imports/{IMPORT}/runs", 201, created),
        answer("PUT", RUN_PATH, 201, committed),
        answer("GET", RUN_PATH + "/errorContent", 200, ERROR_CSV, CSV),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_issues_examples_are_found_in_every_format(tmp_path, fmt):
    found = check(tmp_path, fmt, issue_examples())
    assert found == [
        [("schema.type", "error", "/guid")],
        [("schema.type", "error", "/totalCount")],
        [("schema.type", "error", "/commit")],
        [],  # the error file: no header.content-type, no body.json
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_operation_is_read_from_every_format_and_nothing_else(tmp_path, fmt):
    """A capture's answers to all eleven operations are checked (none dropped by the
    reader); a recorded OPTIONS preflight and DELETE on the same URLs are no operation of
    the contract's."""
    clean = [
        answer("GET", "/imports", 200, sample("importList")),
        answer("POST", "/imports", 201, sample("definitionCreated")),
        answer("GET", f"/imports/{IMPORT}", 200, sample("definition")),
        answer("PUT", f"/imports/{IMPORT}", 201, sample("definitionEdited")),
        answer("GET", f"/imports/{IMPORT}/runs", 200, sample("runList")),
        answer("POST", f"/imports/{IMPORT}/runs", 201, sample("runCreatedExcel")),
        answer("GET", RUN_PATH, 200, sample("run")),
        # Counts as the files below have them (content.rows holds them together).
        answer("PUT", RUN_PATH, 201, sample("runCommitted") | THREE_ROWS),
        answer("GET", RUN_PATH + "/submitContent", 200, b"\xef\xbb\xbfnumber\nP-1\n", CSV),
        answer("GET", RUN_PATH + "/resultContent", 200, sample("resultContentCsv").encode(), CSV),
        answer("GET", RUN_PATH + "/errorContent", 200, ERROR_CSV, CSV),
    ]
    assert len(clean) == len(contract.operations())
    ignored = [
        answer("OPTIONS", f"/imports/{IMPORT}/runs", 200, b""),
        answer("DELETE", f"/imports/{IMPORT}", 200, b""),
    ]
    # Every operation's answer checked, and clean. Recorders (HAR, cassettes) record every
    # request: theirs are filtered; a capture is written by hand, so all of it is checked.
    recorded = fmt in ("har", "vcr", "schemathesis")
    found = check(tmp_path, fmt, clean + ignored)
    assert found[: len(clean)] == [[]] * len(clean)
    assert len(found) == len(clean) + (0 if recorded else len(ignored))


# -- generated variants ---------------------------------------------------------------------

#: (operation's example, method, path, status, field) and wrong values for the field.
TYPED_FIELDS = [
    ("definition", "GET", f"/imports/{IMPORT}", 200, "guid"),
    ("definition", "GET", f"/imports/{IMPORT}", 200, "number"),
    ("definitionCreated", "POST", "/imports", 201, "creationDateTime"),
    ("definitionEdited", "PUT", f"/imports/{IMPORT}", 201, "name"),
    ("runCreatedCsv", "POST", f"/imports/{IMPORT}/runs", 201, "totalCount"),
    ("runCreatedCsv", "POST", f"/imports/{IMPORT}/runs", 201, "successCount"),
    ("runCreatedExcel", "POST", f"/imports/{IMPORT}/runs", 201, "commit"),
    ("runCommitted", "PUT", RUN_PATH, 201, "commit"),
    ("runCommitted", "PUT", RUN_PATH, 201, "errorCount"),
]


def wrong_value(original):
    """Values of another JSON type than ``original``'s (the issue's, and their kin)."""
    if isinstance(original, bool):
        return st.sampled_from(["yes", "true", 1, 0, "1", None, []])
    if isinstance(original, int):
        return st.one_of(
            st.integers(0, 10**6).map(str),
            st.booleans(),
            # 1.0 is an integer to JSON Schema: only a fraction is of another type.
            st.floats(0.5, 9.5).filter(lambda x: not x.is_integer()),
            st.just([]),
        )
    return st.one_of(st.integers(), st.booleans(), st.just({}), st.just([1]))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from(FORMATS))
def test_a_wrongly_typed_field_of_any_operation_is_found(tmp_path, data, fmt):
    name, method, path, status, field = data.draw(st.sampled_from(TYPED_FIELDS))
    body = sample(name)
    body[field] = data.draw(wrong_value(body[field]))
    [found] = check(tmp_path, fmt, [answer(method, path, status, body)])
    assert ("schema.type", "error", f"/{field}") in found, (name, field, body[field], found)


def csv_text(header: list[str], rows: list[list[str]], newline: str) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def error_files(draw, *, keep_columns: bool):
    """An error file: the three columns (any case, anywhere, among source columns), or not."""
    source = draw(
        st.lists(st.sampled_from(["number", "name", "Descrptn", "Rev", "uom"]), unique=True)
    )
    columns = [c.upper() if draw(st.booleans()) else c for c in ERROR_COLUMNS]
    if not keep_columns:
        columns.pop(draw(st.integers(0, len(columns) - 1)))
    header = draw(st.permutations(source + columns))
    if not header:
        header = ["number"]
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=5))
    return csv_text(header, rows, draw(st.sampled_from(["\r\n", "\n"])))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(FORMATS), data=st.data())
def test_error_files_are_read_as_csv_not_json(tmp_path, fmt, data):
    keep = data.draw(st.booleans())
    body = data.draw(error_files(keep_columns=keep))
    content_type = data.draw(
        st.sampled_from([CSV, "text/csv", "application/octet-stream", "application/json"])
    )
    [found] = check(
        tmp_path, fmt, [answer("GET", RUN_PATH + "/errorContent", 200, body, content_type)]
    )
    assert not {rule for rule, _, _ in found} & {"body.json", "header.content-type"}
    expected = [] if keep else [("content.error-columns", "error", "")]
    assert [f for f in found if f[0] != "content.csv"] == expected, body


# -- what each operation implies ------------------------------------------------------------


def one(tmp_path, exchange, fmt="har"):
    [found] = check(tmp_path, fmt, [exchange])
    return found


def test_a_new_run_is_created_with_counts_that_add_up(tmp_path):
    running = sample("runCreatedCsv") | {"status": "RUNNING"}
    short = sample("runCreatedCsv") | {"totalCount": 5}
    over = sample("runCreatedCsv") | {"totalCount": 2}
    post = ("POST", f"/imports/{IMPORT}/runs", 201)
    assert one(tmp_path, answer(*post, running)) == [("run.created", "error", "/status")]
    assert one(tmp_path, answer(*post, short)) == [("run.created", "error", "/totalCount")]
    assert one(tmp_path, answer(*post, over)) == [("run.counts", "error", "/totalCount")]
    # The same run read back later is no new run: RUNNING and counting is its life.
    assert one(tmp_path, answer("GET", RUN_PATH, 200, running | {"guid": RUN})) == []


def test_a_commit_answers_commit_true_with_201(tmp_path):
    dry = sample("runCommitted") | {"commit": False}
    assert one(tmp_path, answer("PUT", RUN_PATH, 201, dry)) == [
        ("run.committed", "error", "/commit")
    ]
    assert one(tmp_path, answer("PUT", RUN_PATH, 200, sample("runCommitted"))) == [
        ("status.undocumented", "error", "")
    ]
    assert one(tmp_path, answer("GET", RUN_PATH, 200, dry | {"commit": False})) == []


def test_an_error_file_has_as_many_rows_as_the_run_has_errors(tmp_path):
    run = sample("run") | {"errorCount": 2, "successCount": 134879}
    one_row = ERROR_CSV
    two_rows = ERROR_CSV + b'P-1003,Fan guard,,ERROR,3001,"The attribute ""uom"" is required."\n'
    empty = b""
    found = check(
        tmp_path,
        "jsonl",
        [
            answer("GET", RUN_PATH + "/errorContent", 200, one_row, CSV),  # run not seen yet
            answer("GET", RUN_PATH, 200, run),
            answer("GET", RUN_PATH + "/errorContent", 200, two_rows, CSV),
            answer("GET", RUN_PATH + "/errorContent", 200, one_row, CSV),
            answer("GET", RUN_PATH + "/errorContent", 200, empty, CSV),
            answer("GET", RUN_PATH + "/resultContent", 200, two_rows, CSV),
        ],
    )
    assert found == [
        [],
        [],
        [],
        [("content.rows", "error", "")],
        [("content.rows", "error", "")],  # empty while errorCount > 0 (a drift switch)
        [("content.rows", "warning", "")],  # a result file has totalCount rows
    ]


def test_content_files_that_are_not_csv_are_said_so(tmp_path):
    err = RUN_PATH + "/errorContent"
    assert one(tmp_path, answer("GET", err, 200, b"status,errorCode\n\xff\xfe\n", CSV)) == [
        ("content.csv", "error", "")
    ]
    xlsx = b"PK\x03\x04" + bytes(range(256))  # a ZIP, but no workbook
    assert one(tmp_path, answer("GET", err, 200, xlsx, CSV)) == [("content.csv", "error", "")]
    ragged = b"status,errorCode,errorMessage\nERROR,3001\n"
    assert one(tmp_path, answer("GET", err, 200, ragged, CSV)) == [("content.csv", "warning", "")]
    # The source file is whatever was uploaded: an XLSX is no finding there.
    assert one(tmp_path, answer("GET", RUN_PATH + "/submitContent", 200, xlsx, CSV)) == []


def test_a_content_file_missing_from_the_capture_is_said_so(tmp_path):
    har = write(tmp_path, "har", [answer("GET", RUN_PATH + "/resultContent", 200, b"a\n", CSV)])
    doc = json.loads(har.read_text())
    del doc["log"]["entries"][0]["response"]["content"]["text"]
    har.write_text(json.dumps(doc))
    # The recorder kept none of it (as it may keep part of it): one note, not judged.
    assert findings_of(har) == [[("body.recorded", "warning", "")]]
    capture = tmp_path / "parsed.json"
    response = {"status": 200, "headers": arena_headers(b"[]"), "json": ["a"]}
    capture.write_text(
        json.dumps({"request": {"url": BASE + RUN_PATH + "/errorContent"}, "response": response})
    )
    assert findings_of(capture) == [[("content.captured", "error", "")]]


def test_content_errors_are_arenas_json_form(tmp_path):
    not_ready = answer("GET", RUN_PATH + "/errorContent", 400, sample("fileNotReady"))
    assert one(tmp_path, not_ready) == []
    html = answer("GET", RUN_PATH + "/errorContent", 400, b"<html>no</html>", "text/html")
    assert {rule for rule, _, _ in one(tmp_path, html)} == {"body.json", "header.content-type"}


def test_read_table_counts_records_not_lines():
    table = read_table(b'a,b\r\n"1\nstill 1",x\r\n\r\n2,y\r\n')
    assert (table.header, table.rows, table.ragged) == (["a", "b"], 2, [])


def test_every_new_rule_is_registered_with_a_one_line_summary():
    new = {
        "run.created",
        "run.committed",
        "content.captured",
        "content.csv",
        "content.error-columns",
    }
    for rule_id in new:
        assert "\n" not in RULES[rule_id].summary and RULES[rule_id].summary.endswith(".")
    assert "\n" not in SEQUENCE_RULES["content.rows"].summary


@pytest.mark.parametrize(
    ("example", "broken", "pointer"),
    [
        ("definition", {"guid": 12345}, "/guid"),
        ("importList", {"count": "1"}, "/count"),
        ("run", {"totalCount": "3"}, "/totalCount"),
    ],
)
def test_a_raw_body_is_told_by_its_content(tmp_path, example, broken, pointer):
    """A body alone (no request, no status): a definition or a list of them is judged as
    one, not as a run list."""
    path = tmp_path / "body.json"
    path.write_text(json.dumps(sample(example)))
    assert findings_of(path) == [[]]
    path.write_text(json.dumps(sample(example) | broken))
    assert findings_of(path) == [[("schema.type", "error", pointer)]]


def workbook(rows: list[list], sheets: int = 1) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Results"
    for row in rows:
        book.active.append(row)
    for extra in range(1, sheets):
        book.create_sheet(f"Other {extra}").append(["not", "read"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("blank_rows", [0, 2])
def test_an_xlsx_error_file_is_read_from_its_first_sheet(tmp_path, blank_rows):
    """Not documented, nor excluded: a warning that it is not CSV, and its columns and rows
    are judged as a CSV file's are (content.error-columns, content.rows)."""
    run = sample("run") | {"errorCount": 2, "successCount": 134879}
    header = ["Part Number", "status", "errorCode", "errorMessage"]
    rows = [
        ["P-1", "ERROR", 3001, "missing"],
        *[[None] * 4] * blank_rows,
        ["P-2", "ERROR", 3006, "x"],
    ]
    two = workbook([header, *rows], sheets=2)
    wrong = workbook([["Part Number", "status"], ["P-1", "ERROR"]])
    found = check(
        tmp_path,
        "jsonl",
        [
            answer("GET", RUN_PATH, 200, run),
            answer("GET", RUN_PATH + "/errorContent", 200, two, XLSX),
            answer("GET", RUN_PATH + "/errorContent", 200, wrong, XLSX),
        ],
    )
    assert found[1] == [("content.csv", "warning", "")]
    assert sorted(found[2]) == [
        ("content.csv", "warning", ""),
        ("content.error-columns", "error", ""),
        ("content.rows", "error", ""),
    ]
