"""Each rule: a conforming case that passes and a violating case caught at the right place."""

import json

import pytest

from arena_contract import Exchange, Headers, Request, Validator, validate_body, validate_response
from arena_contract.rules import RULES, catalogue
from tests.helpers import RUNS_URL, arena_headers, load


def encode(body) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def respond(body, status=200, url=RUNS_URL, **header_overrides):
    text = body if isinstance(body, bytes) else encode(body)
    return validate_response(status, arena_headers(text, **header_overrides), text, request=url)


def hits(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_page_sample_and_bad_guid_pass(page_sample, page_bad_guid):
    assert respond(page_sample).findings == []
    bad = respond(
        page_bad_guid, 400, url=RUNS_URL.replace("L3N6KHLNYFY8RAQ8SWYT", "L3N6PX663K3K3HOBOOT0%20")
    )
    assert bad.findings == []


def test_every_rule_is_documented():
    ids = [row[0] for row in catalogue()]
    assert len(ids) == len(set(ids))
    assert all(summary for _, _, summary in catalogue())
    assert {"body.json", "status.undocumented", "error.form", "list.count", "run.counts"} <= set(
        ids
    )
    assert all(r.summary.endswith(".") for r in RULES.values())


# --- schema.<keyword>: every violation, at its instance location -------------------------


def test_schema_reports_every_violation_not_only_the_first(page_sample):
    run = page_sample["results"][0]
    run["status"] = "DONE"
    run["number"] = "14"
    run["creator"]["email"] = "not an email"
    run["guid"] = "r9tcqnrt4l47q9vquf3"
    run["completionDateTime"] = "2021-09-16T00:00:00"
    run["errorCount"] = -1
    del run["commit"]
    report = validate_body(page_sample)
    found = {(f.rule, f.pointer) for f in report.findings}
    assert {
        ("schema.enum", "/results/0/status"),
        ("schema.type", "/results/0/number"),
        ("schema.format", "/results/0/creator/email"),
        ("schema.pattern", "/results/0/guid"),
        ("schema.format", "/results/0/completionDateTime"),
        ("schema.minimum", "/results/0/errorCount"),
        ("schema.required", "/results/0/commit"),
    } <= found
    assert not report.ok


def test_nullable_dates_follow_the_samples(page_sample):
    change = page_sample["results"][0]["changes"][0]
    assert change["effectiveDateTime"] is None  # the page's own sample
    page_sample["results"][0]["completionDateTime"] = None
    page_sample["results"][0]["status"] = "RUNNING"
    page_sample["results"][0]["successCount"] = 0
    assert validate_body(page_sample).ok
    page_sample["results"][0]["creationDateTime"] = None
    assert hits(validate_body(page_sample), "schema.type")


def test_unknown_field_is_a_warning_and_strict_makes_it_an_error(page_sample):
    page_sample["results"][0]["workspaceId"] = 123
    report = validate_body(page_sample)
    [finding] = hits(report, "schema.unknown-field")
    assert finding.severity == "warning" and finding.pointer == "/results/0/workspaceId"
    assert report.ok
    assert not validate_body(page_sample, strict=True).ok


def test_pointer_escapes_per_rfc6901(page_sample):
    page_sample["results"][0]["a/b~c"] = 1
    [finding] = hits(validate_body(page_sample), "schema.unknown-field")
    assert finding.pointer == "/results/0/a~1b~0c"


# --- body.json, status.undocumented --------------------------------------------------------


@pytest.mark.parametrize("text", [b"<html>oops</html>", b"[1, 2]", b'"results"'])
def test_body_json(text):
    report = respond(text)
    assert hits(report, "body.json") and not report.ok


def test_status_undocumented(page_bad_guid):
    page_bad_guid["status"] = 418
    report = respond(page_bad_guid, 418)
    [finding] = hits(report, "status.undocumented")
    assert finding.target == "status" and finding.pointer == "" and finding.actual == 418
    page_bad_guid["status"] = 429
    assert not hits(respond(page_bad_guid, 429), "status.undocumented")


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "header", "bad"),
    [
        ("header.content-type", "Content-Type", "text/html"),
        ("header.content-length", "Content-Length", "12x"),
        ("header.date", "Date", "2026-11-28T13:43:54Z"),
        ("header.server", "Server", "nginx"),
        ("header.requests-remaining", "X-Arena-Requests-Remaining", "-1"),
        ("header.requests-remaining", "X-Arena-Requests-Remaining", "many"),
        ("header.limit-reset", "X-Arena-Next-Request-Limit-Reset", "tomorrow"),
    ],
)
def test_header_malformed(page_sample, rule, header, bad):
    [finding] = hits(respond(page_sample, **{header: bad}), rule)
    assert finding.target == "headers" and finding.pointer == header and finding.actual == bad


@pytest.mark.parametrize(
    ("rule", "header"),
    [
        ("header.content-type", "Content-Type"),
        ("header.content-length", "Content-Length"),
        ("header.date", "Date"),
        ("header.server", "Server"),
        ("header.requests-remaining", "X-Arena-Requests-Remaining"),
        ("header.limit-reset", "X-Arena-Next-Request-Limit-Reset"),
    ],
)
def test_header_missing(page_sample, rule, header):
    [finding] = hits(respond(page_sample, **{header: None}), rule)
    assert "missing" in finding.message


def test_header_names_are_case_insensitive(page_sample):
    text = encode(page_sample)
    lower = {k.lower(): v for k, v in arena_headers(text).items()}
    assert validate_response(200, lower, text, request=RUNS_URL).findings == []


def test_server_is_only_a_warning(page_sample):
    report = respond(page_sample, Server="cloudflare")
    assert report.ok and hits(report, "header.server")[0].severity == "warning"


def test_limit_reset_accepts_an_http_date(page_sample):
    assert respond(
        page_sample, **{"X-Arena-Next-Request-Limit-Reset": "Sun, 29 Nov 2026 00:00:00 GMT"}
    ).ok


def test_content_length_counts_bytes_and_explains_characters(page_sample):
    page_sample["results"][0]["creator"]["fullName"] = "Zoë Müller"
    text = encode(page_sample)
    chars = len(text.decode("utf-8"))
    [finding] = hits(respond(text, **{"Content-Length": str(chars)}), "header.content-length")
    assert finding.expected == len(text) and finding.actual == chars
    assert "characters" in finding.message and "bytes" in finding.message
    assert not hits(respond(text), "header.content-length")


def test_content_length_skipped_for_a_decoded_body(page_sample):
    report = respond(page_sample, **{"Content-Length": "10", "Content-Encoding": "gzip"})
    assert not hits(report, "header.content-length")


# --- errors --------------------------------------------------------------------------------


def test_error_form(page_bad_guid):
    report = respond({"error": "bad guid"}, 400)
    [finding] = hits(report, "error.form")
    assert finding.pointer == "" and not report.ok
    assert not hits(report, "schema.required")  # no cascade: one finding for one problem
    assert not hits(respond(page_bad_guid, 400), "error.form")


def test_error_form_needs_entries(page_bad_guid):
    page_bad_guid["errors"] = []
    assert hits(respond(page_bad_guid, 400), "schema.minItems")
    page_bad_guid["errors"] = [{"code": "3011", "message": "x"}]
    assert [f.pointer for f in hits(respond(page_bad_guid, 400), "schema.type")] == [
        "/errors/0/code"
    ]


def test_error_status_mismatch(page_bad_guid):
    page_bad_guid["status"] = 500
    [finding] = hits(respond(page_bad_guid, 400), "error.status-mismatch")
    assert finding.pointer == "/status" and finding.expected == 400 and finding.actual == 500


BAD = RUNS_URL.replace("L3N6KHLNYFY8RAQ8SWYT", "L3N6PX663K3K3HOBOOT0%20")


def test_bad_guid_needs_400(page_sample):
    [finding] = hits(respond(page_sample, 200, url=BAD), "error.bad-guid")
    assert finding.target == "status" and finding.actual == 200


def test_bad_guid_needs_code_3011(page_bad_guid):
    page_bad_guid["errors"][0]["code"] = 3012
    [finding] = hits(respond(page_bad_guid, 400, url=BAD), "error.bad-guid")
    assert finding.pointer == "/errors" and finding.expected == 3011


def test_bad_guid_message_quotes_the_guid_as_sent(page_bad_guid):
    page_bad_guid["errors"][0]["message"] = 'The guid "L3N6PX663K3K3HOBOOT0" is not valid.'
    [finding] = hits(respond(page_bad_guid, 400, url=BAD), "error.bad-guid")
    assert finding.pointer == "/errors/0/message"
    assert finding.expected == 'The guid "L3N6PX663K3K3HOBOOT0 " is not valid.'


def test_unknown_well_formed_guid_accepts_3012_and_warns_on_404():
    body = {
        "status": 400,
        "errors": [
            {
                "code": 3012,
                "message": 'The requested object with guid "AAAAAAAAAAAAAAAAAAAA" is not found.',
            }
        ],
    }
    url = RUNS_URL.replace("L3N6KHLNYFY8RAQ8SWYT", "AAAAAAAAAAAAAAAAAAAA")
    assert respond(body, 400, url=url).findings == []
    body["status"] = 404
    report = respond(body, 404, url=url)
    [finding] = hits(report, "error.not-found")
    assert finding.severity == "warning" and report.ok


# --- lists ---------------------------------------------------------------------------------


def test_list_count_below_results(page_sample):
    page_sample["count"] = 0
    [finding] = hits(validate_body(page_sample), "list.count")
    assert finding.pointer == "/count"


def test_list_count_accepts_both_readings(page_sample):
    runs = [
        dict(page_sample["results"][0], guid=f"R9TCQNRT4L47Q9VQWU{i:02d}", number=i + 1)
        for i in range(20)
    ]
    page_sample["results"] = runs
    for count in (20, 134):  # page size, or the total of all matches
        page_sample["count"] = count
        assert not hits(respond(page_sample), "list.count")


def test_list_count_when_everything_fit_on_one_page(page_sample):
    page_sample["count"] = 5  # one result, no offset, page of 20: the whole list is one run
    [finding] = hits(respond(page_sample), "list.count")
    assert finding.expected == 1 and finding.actual == 5
    assert not hits(respond(page_sample, url=RUNS_URL + "?offset=20"), "list.count")


def test_list_unique(page_sample):
    page_sample["results"].append(dict(page_sample["results"][0]))
    page_sample["count"] = 2
    found = {f.pointer for f in hits(validate_body(page_sample), "list.unique")}
    assert found == {"/results/1/guid", "/results/1/number"}


@pytest.mark.parametrize(
    ("numbers", "repeated"),
    [
        ([1, 2, 3], set()),
        ([1, None, None, 2], set()),  # absent numbers are not a repeat
        ([1, None, 2, 1], {"/results/3/number"}),
        ([[7], [7]], {"/results/1/number"}),  # unhashable values, compared by value too
        ([1.5, "1.5"], set()),  # a float and a string that prints the same are two values
        ([True, 1], set()),  # equal to Python, not the same JSON value
    ],
)
def test_list_unique_values(page_sample, numbers, repeated):
    run = page_sample["results"][0]
    page_sample["results"] = [
        dict(run, guid=f"R9TCQNRT4L47Q9VQWU{i:02d}", number=n) for i, n in enumerate(numbers)
    ]
    page_sample["count"] = len(numbers)
    found = {f.pointer for f in hits(validate_body(page_sample), "list.unique")}
    assert found == repeated


def test_list_page_size(page_sample):
    page_sample["results"] = [
        dict(page_sample["results"][0], guid=f"R9TCQNRT4L47Q9VQWU{i:02d}", number=i + 1)
        for i in range(3)
    ]
    page_sample["count"] = 3
    assert not hits(respond(page_sample), "list.page-size")
    [finding] = hits(respond(page_sample, url=RUNS_URL + "?limit=2"), "list.page-size")
    assert finding.pointer == "/results" and finding.actual == 3


@pytest.mark.parametrize(
    ("param", "good", "bad", "pointer"),
    [
        ("status", "COMPLETE", "ERROR", "/results/0/status"),
        ("number", "14", "15", "/results/0/number"),
        ("creator.guid", "4M6P3046HYFYH0J258QJ", "AAAAAAAAAAAAAAAAAAAA", "/results/0/creator/guid"),
        ("creator.email", "RJones@arenasolutions.com", "x@y.z", "/results/0/creator/email"),
        ("creator.fullName", "Roy Arena", "Roy", "/results/0/creator/fullName"),
    ],
)
def test_list_filter(page_sample, param, good, bad, pointer):
    from urllib.parse import quote

    assert not hits(respond(page_sample, url=f"{RUNS_URL}?{param}={quote(good)}"), "list.filter")
    [finding] = hits(respond(page_sample, url=f"{RUNS_URL}?{param}={quote(bad)}"), "list.filter")
    assert finding.pointer == pointer and finding.expected == bad


# --- runs ----------------------------------------------------------------------------------


def test_run_counts(page_sample):
    page_sample["results"][0]["successCount"] = 1
    [finding] = hits(validate_body(page_sample), "run.counts")
    assert finding.pointer == "/results/0/totalCount"
    page_sample["results"][0].update(status="RUNNING", completionDateTime=None)
    assert not hits(validate_body(page_sample), "run.counts")  # still counting
    page_sample["results"][0]["successCount"] = 200000
    assert hits(validate_body(page_sample), "run.counts")


def test_run_chronology(page_sample):
    page_sample["results"][0]["completionDateTime"] = "2021-09-14T00:00:00Z"
    [finding] = hits(validate_body(page_sample), "run.chronology")
    assert finding.pointer == "/results/0/completionDateTime"
    page_sample["results"][0]["completionDateTime"] = "2021-09-16T00:00:00Z"
    page_sample["results"][0]["changes"][0]["lifecycleDateTime"] = "2021-09-13T00:00:00Z"
    [finding] = hits(validate_body(page_sample), "run.chronology")
    assert finding.pointer == "/results/0/changes/0/lifecycleDateTime"


@pytest.mark.parametrize("status", ["COMPLETE", "ERROR"])
@pytest.mark.parametrize("absent", ["deleted", "null", "renamed"])
def test_a_finished_run_without_completion_date_is_an_error(page_sample, status, absent):
    run = page_sample["results"][0]
    run["status"] = status
    if absent == "null":
        run["completionDateTime"] = None
    else:
        value = run.pop("completionDateTime")
        if absent == "renamed":
            run["completedDateTime"] = value
    for body, where in ((page_sample, "/results/0"), (run, "")):
        report = validate_body(body)
        [finding] = hits(report, "run.completion-date")
        assert (finding.severity, finding.pointer) == ("error", f"{where}/completionDateTime")
        assert not report.ok and not hits(report, "run.status-dates")


@pytest.mark.parametrize("status", ["CREATED", "RUNNING", "PURGED"])
def test_an_unfinished_or_purged_run_needs_no_completion_date(page_sample, status):
    run = page_sample["results"][0]
    run.update(status=status, completionDateTime=None)
    assert not hits(validate_body(page_sample), "run.completion-date")


def test_run_status_dates(page_sample):
    page_sample["results"][0].update(status="RUNNING", completionDateTime="2021-09-16T00:00:00Z")
    [finding] = hits(validate_body(page_sample), "run.status-dates")
    assert finding.severity == "warning"


def test_warnings_count(page_sample):
    page_sample["results"][0]["warnings"]["count"] = 12
    [finding] = hits(validate_body(page_sample), "warnings.count")
    assert finding.severity == "warning" and finding.pointer == "/results/0/warnings/count"


def test_single_run_body_is_told_by_content(page_sample):
    run = page_sample["results"][0]
    assert validate_body(run).findings == []
    run["status"] = "DONE"
    assert [f.pointer for f in hits(validate_body(run), "schema.enum")] == ["/status"]


def test_raw_error_body_is_told_by_content():
    assert validate_body(load("page-bad-guid.json")).findings == []


# --- sequence rules ------------------------------------------------------------------------


def _page(page_sample, guids, offset):
    body = dict(page_sample, count=10)
    body["results"] = [
        dict(page_sample["results"][0], guid=g, number=i + 1) for i, g in enumerate(guids)
    ]
    text = encode(body)
    return Exchange(
        Request("GET", f"{RUNS_URL}?offset={offset}&limit=2"),
        200,
        Headers(arena_headers(text)),
        text,
        body,
    )


def test_list_pages_overlap(page_sample):
    a, b, c = ("A" * 20, "B" * 20, "C" * 20)
    validator = Validator()
    assert validator.check(_page(page_sample, [a, b], 0)).findings == []
    assert validator.check(_page(page_sample, [c], 2)).findings == []
    found = hits(validator.check(_page(page_sample, [b, c], 2)), "list.pages-overlap")
    assert [(f.pointer, f.expected, f.actual) for f in found] == [
        ("/results/0/guid", 1, 2),  # b repeated from the first page
        ("/results/1/guid", 2, 3),  # c pushed down by the repeat
    ]
    assert {f.severity for f in found} == {"warning"}  # offset 2 twice: not one walk
    # A page of another size that agrees on positions is no overlap.
    assert Validator().check(_page(page_sample, [b, c], 1)).findings == []


@pytest.mark.parametrize(
    ("pages", "severity"),
    [
        # offset 0, then 2 (where the full first page ended), count 10 on both: one walk.
        ([(0, 2, 10), (2, 2, 10)], "error"),
        ([(0, 2, 10), (2, 2, 10), (4, 2, 10)], "error"),
        # The list grew between the pages (count changed): runs shift, a warning.
        ([(0, 2, 10), (2, 2, 11)], "warning"),
        # Not where the previous page ended, or another page size: no walk.
        ([(0, 2, 10), (1, 2, 10)], "warning"),
        ([(0, 3, 10), (3, 2, 10)], "warning"),
    ],
)
def test_pages_overlap_within_one_walk_is_an_error(page_sample, pages, severity):
    guids = [chr(ord("A") + i) * 20 for i in range(12)]
    validator, found = Validator(), []
    for number, (offset, limit, count) in enumerate(pages):
        # Each later page starts one run early: its first run repeats the previous page's last.
        start = offset - 1 if number else offset
        body = dict(page_sample, count=count)
        body["results"] = [
            dict(page_sample["results"][0], guid=g, number=start + i + 1)
            for i, g in enumerate(guids[start : start + limit])
        ]
        text = encode(body)
        request = Request("GET", f"{RUNS_URL}?offset={offset}&limit={limit}")
        exchange = Exchange(request, 200, Headers(arena_headers(text)), text, body)
        found += hits(validator.check(exchange), "list.pages-overlap")
    assert found and {f.severity for f in found} == {severity}


def test_huge_values_are_clipped_in_findings(page_sample):
    page_sample["results"][0]["status"] = "X" * 1_000_000
    [finding] = hits(respond(page_sample, url=RUNS_URL + "?status=COMPLETE"), "list.filter")
    assert len(finding.message) <= 520 and " characters]" in finding.message
    [finding] = hits(validate_body(page_sample), "schema.enum")
    assert len(finding.actual) < 250 and "1,000,000 characters" in finding.actual
    assert "COMPLETE, ERROR, PURGED)" in finding.message and len(finding.message) < 250


@pytest.mark.parametrize(
    "date",
    [
        "Mon, 28 Nov 2026 13:43:54 GMT",
        "Sat, 31 Nov 2026 13:43:54 GMT",
        "Sat, 28 Nov 2026 25:43:54 GMT",
    ],
)
def test_date_must_be_a_real_day_on_its_weekday(page_sample, date):
    [finding] = hits(respond(page_sample, Date=date), "header.date")
    assert finding.actual == date


def test_findings_come_in_document_order(page_sample):
    run = page_sample["results"][0]
    page_sample["results"] = [
        dict(run, guid=f"R9TCQNRT4L47Q9VQWU{i:02d}", number=i + 1) for i in range(12)
    ]
    page_sample["count"] = 12
    for i in (2, 10):
        page_sample["results"][i]["status"] = "DONE"
    pointers = [f.pointer for f in hits(validate_body(page_sample), "schema.enum")]
    assert pointers == ["/results/2/status", "/results/10/status"]


def test_list_count_one_page_check_needs_the_request(page_sample):
    # A raw body may be any page of the list (offset unknown): 1 result of 5 is no finding.
    page_sample["count"] = 5
    assert not hits(validate_body(page_sample), "list.count")
    assert hits(respond(page_sample), "list.count")


@pytest.mark.parametrize(
    "overrides",
    [{"Content-Length": None}, {"Content-Length": "1"}, {"Content-Length": None, "Server": "x"}],
)
def test_content_length_not_checked_for_a_parsed_body_alone(page_sample, overrides):
    """Given the parsed body (a capture's "json"), the wire is unknown: neither a length
    compared nor a missing header reported; only a value that is not a number is."""
    headers = arena_headers(b"{}", **overrides)
    report = validate_response(200, headers, page_sample, request=RUNS_URL)
    assert not hits(report, "header.content-length")
    bad = validate_response(200, arena_headers(**{"Content-Length": "²"}), page_sample)
    assert hits(bad, "header.content-length")
