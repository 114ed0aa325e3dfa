"""Comparing shapes: one test per change kind, the false alarms that must not happen, the
sample-size heuristics, and the contract as the baseline."""

import json

import pytest

from arena_contract.drift import KINDS, compare, contract_shape, drift, infer
from arena_contract.drift.evidence import chance
from arena_contract.drift.report import Change, DriftReport
from arena_contract.drift.shape import dumps, from_json
from tests.test_drift_support import (
    IMPORT_GUID,
    RUN_GUID,
    against_contract,
    arena_headers,
    bad_guid,
    drift_of,
    error,
    exchange,
    no_session,
    page,
    run,
)

RUNS = "body:listImportRuns:/results/*"


def runs(n=20, **changes):
    return [run(i, **changes) for i in range(1, n + 1)]


# -- one test per kind ---------------------------------------------------------------------


def test_field_removed_required_field_is_decisive_even_on_one_object():
    assert drift_of([page([run()])], [page([run(status=...)])]) == [
        ("field-removed", "breaking", f"{RUNS}/status")
    ]


def test_field_removed_and_added_for_a_rename():
    before = [page(runs())]
    after = [page([run(i, submitFileType=..., fileType="CSV") for i in range(1, 21)])]
    assert drift_of(before, after) == [
        ("field-removed", "breaking", f"{RUNS}/submitFileType"),
        ("field-added", "info", f"{RUNS}/fileType"),
    ]


def test_type_changed():
    before, after = page(runs(3)), exchange({"count": "3", "results": runs(3)})
    assert drift_of([before], [after]) == [
        ("type-changed", "breaking", "body:listImportRuns:/count")
    ]


def test_an_integer_where_numbers_were_seen_is_not_a_type_change():
    before = [exchange({"count": 2.5, "results": []})]
    after = [exchange({"count": 3, "results": []})]
    assert drift_of(before, after) == []
    assert drift_of(after, before) == [("type-changed", "breaking", "body:listImportRuns:/count")]


def test_became_nullable_for_a_field_the_contract_says_is_never_null():
    assert drift_of([page([run()])], [page([run(creator=None)])]) == [
        ("became-nullable", "breaking", f"{RUNS}/creator")
    ]


def test_became_optional_for_a_required_field():
    after = [run(i, **({"status": ...} if i % 2 else {})) for i in range(1, 21)]
    assert drift_of([page(runs())], [page(after)]) == [
        ("became-optional", "breaking", f"{RUNS}/status")
    ]


def test_format_changed():
    after = runs(creationDateTime="2021-09-14T23:58:41")
    assert drift_of([page(runs())], [page(after)]) == [
        ("format-changed", "breaking", f"{RUNS}/creationDateTime")
    ]


def test_enum_value_added_and_renamed_value_removed_when_the_baseline_saw_it_often():
    before = runs(status="CREATED")
    after = runs(status="QUEUED")
    assert drift_of([page(before)], [page(after)]) == [
        ("enum-value-undocumented", "breaking", f"{RUNS}/status"),
        ("enum-value-removed", "info", f"{RUNS}/status"),
    ]


def test_enum_value_not_seen_this_time_in_a_small_sample_is_not_drift():
    before = [run(1, status="ERROR"), *runs(3)]
    assert drift_of([page(before)], [page(runs(4))]) == []


def test_a_value_the_contract_enumerates_is_not_new_even_if_the_baseline_never_saw_it():
    assert drift_of([page(runs())], [page(runs(status="PURGED"))]) == [
        ("enum-value-removed", "info", f"{RUNS}/status")
    ]


def test_header_removed_added_format_and_value_changed():
    def with_headers(**extra):
        return [page([run(i)], headers=arena_headers(**extra)) for i in (1, 2, 3)]

    assert drift_of(with_headers(), with_headers(**{"X-Arena-Requests-Remaining": None})) == [
        ("header-removed", "breaking", "header:X-Arena-Requests-Remaining")
    ]
    assert drift_of(with_headers(), with_headers(**{"X-Arena-Trace": "yes"})) == [
        ("header-added", "info", "header:x-arena-trace")
    ]
    new_date = {"X-Arena-Next-Request-Limit-Reset": "Sun, 29 Nov 2026 00:00:00 GMT"}
    assert drift_of(with_headers(), with_headers(**new_date)) == [
        ("header-format-changed", "breaking", "header:X-Arena-Next-Request-Limit-Reset")
    ]
    assert drift_of(with_headers(), with_headers(**{"Content-Type": "text/html"})) == [
        ("header-format-changed", "breaking", "header:Content-Type")
    ]
    assert drift_of(with_headers(), with_headers(Server="nginx")) == [
        ("header-value-changed", "warning", "header:Server")
    ]


def test_header_became_optional():
    before = [page([run(i)]) for i in range(1, 11)]
    after = [
        page([run(i)], headers=arena_headers(**({"Date": None} if i % 2 else {})))
        for i in range(1, 11)
    ]
    assert drift_of(before, after) == [("became-optional", "breaking", "header:Date")]


def test_status_changed_and_status_added():
    assert drift_of([error(3012)], [error(404, 404)]) == [
        ("error-code-changed", "breaking", "error-code:listImportRuns/unknown-guid"),
        ("status-changed", "breaking", "status:listImportRuns/unknown-guid"),
    ]
    limited = error(4084, 429, query="limit=5")
    assert drift_of(
        [page([run()], query="limit=5")], [page([run()], query="limit=5"), limited]
    ) == [("status-added", "warning", "status:listImportRuns/paged")]


def test_error_code_changed_and_added():
    assert drift_of([bad_guid()], [bad_guid(3012)]) == [
        ("error-code-changed", "breaking", "error-code:listImportRuns/bad-guid")
    ]
    assert drift_of([bad_guid()], [bad_guid(), bad_guid(3006)]) == [
        ("error-code-added", "warning", "error-code:listImportRuns/bad-guid")
    ]


def test_error_form_changed_reports_the_fields_not_the_codes():
    def changed(**kwargs):
        return exchange({"error": "bad guid"}, **kwargs)

    before = [bad_guid(), no_session()]
    after = [
        changed(path="/imports/NOT-A-GUID/runs", status=400),
        changed(status=401, request_headers={}),
    ]
    assert drift_of(before, after) == [
        ("field-removed", "breaking", "body:error:/errors"),
        ("field-removed", "breaking", "body:error:/status"),
        ("field-added", "info", "body:error:/error"),
    ]


def test_error_bodies_are_one_pool_so_a_form_changed_for_one_request_is_sometimes_absent():
    changed = exchange({"error": "bad guid"}, path="/imports/NOT-A-GUID/runs", status=400)
    assert sorted(drift_of([bad_guid(), no_session()], [changed, no_session()])) == [
        ("became-optional", "breaking", "body:error:/errors"),
        ("became-optional", "breaking", "body:error:/status"),
        ("field-added", "info", "body:error:/error"),
    ]


def test_every_kind_has_a_severity_and_the_summary_counts_them():
    assert {kind.severity for kind in KINDS.values()} == {"breaking", "warning", "info"}
    report = DriftReport(
        [Change("field-added", "x", None, None), Change("status-changed", "y", [], [])]
    )
    assert report.summary() == {"breaking": 1, "warning": 0, "info": 1}
    assert report.fails("breaking") and report.fails("info")
    assert not DriftReport([Change("field-added", "x", None, None)]).fails("warning")


# -- no false alarms -----------------------------------------------------------------------


def test_same_shape_with_other_values_field_order_whitespace_dates_and_sizes_is_no_drift():
    before = [page(runs(20)), bad_guid(), no_session()]
    other = [
        run(
            i,
            creationDateTime="2024-02-29T12:00:00Z",
            creator={"guid": "ZZ67A3D57DAF4293A1FF", "fullName": f"Zoë {i}", "email": "z@x.cn"},
            totalCount=999,
        )
        for i in range(1, 8)
    ]
    reordered = [dict(reversed(list(item.items()))) for item in other]
    body = {"results": reordered, "count": 7}
    text = (
        b'{ "results" :\n' + __import__("json").dumps(reordered, indent=4).encode() + b',"count":7}'
    )
    lower = {k.lower(): v for k, v in arena_headers(Date="Sun, 01 Mar 2026 08:00:00 GMT").items()}
    after = [exchange(body, text=text, headers=lower), bad_guid(), no_session()]
    assert drift_of(before, after) == []


def test_a_free_text_value_seen_once_is_not_drift():
    before = [*runs(5, options={"timeZone": "UTC"}), run(9, options={"timeZone": "Europe/Berlin"})]
    after = [*runs(5, options={"timeZone": "UTC"}), run(9, options={"timeZone": "Asia/Tokyo"})]
    assert drift_of([page(before)], [page(after)]) == []


def test_optional_field_missing_from_a_small_sample_is_not_drift():
    before = [run(1, submitWorksheetName="BOM"), run(2, submitWorksheetName="BOM")]
    assert drift_of([page(before)], [page(runs(2))]) == []
    assert drift_of([page(runs(2))], [page(before)]) == []


def test_optional_field_gone_from_a_large_sample_is_drift():
    before = [run(i, submitWorksheetName="BOM") for i in range(1, 31)]
    assert drift_of([page(before)], [page(runs(30))]) == [
        ("field-removed", "breaking", f"{RUNS}/submitWorksheetName")
    ]


def test_optional_field_sometimes_absent_needs_enough_objects_on_both_sides():
    always = [run(i, submitWorksheetName="BOM") for i in range(1, 5)]
    sometimes = [run(1, submitWorksheetName="BOM"), *runs(3)]
    assert drift_of([page(always)], [page(sometimes)]) == []


def test_null_in_a_field_the_contract_allows_to_be_null_is_not_drift():
    assert drift_of([page(runs())], [page(runs(completionDateTime=None))]) == []


def test_kinds_of_request_on_one_side_only_are_notes_not_changes():
    report = drift(infer([page(runs(3)), bad_guid()]), infer([page(runs(3))]))
    assert report.changes == []
    assert any("listImportRuns/bad-guid" in note for note in report.notes)


def test_a_fixed_filter_does_not_make_its_values_look_removed():
    before = [page(runs(10, status="ERROR"), query="status=ERROR")]
    after = [page(runs(10), query="status=COMPLETE")]
    assert drift_of(before, after) == []


def test_chance_is_the_fisher_tail():
    assert chance(1, 1, 0, 1) == pytest.approx(0.5)
    assert chance(3, 3, 0, 3) == pytest.approx(1 / 20)
    assert chance(0, 5, 5, 5) == 1.0
    assert chance(5, 5, 0, 0) == 1.0


# -- the contract as baseline --------------------------------------------------------------


def test_contract_mode_unknown_field_is_info_and_optional_fields_never_observed_are_fine():
    observed = [page([run(workspaceId=7)])]  # no options, changes, submitWorksheetName...
    assert against_contract(observed) == [("field-added", "info", f"{RUNS}/workspaceId")]


def test_contract_mode_required_field_absent_and_undocumented_enum_value_are_breaking():
    observed = [page([run(1, commit=...), run(2, status="QUEUED")])]
    assert against_contract(observed) == [
        ("became-optional", "breaking", f"{RUNS}/commit"),
        ("enum-value-undocumented", "breaking", f"{RUNS}/status"),
    ]


def test_contract_mode_types_nulls_formats_statuses_codes_headers():
    observed = [
        page([run(number="1", creator=None, creationDateTime="2021-09-14")]),
        bad_guid(3012),
        error(3012, 404),
        exchange(run(), path=f"/imports/{IMPORT_GUID}/runs/{RUN_GUID}", headers={}),
    ]
    assert sorted(against_contract(observed)) == sorted(
        [
            ("became-nullable", "breaking", f"{RUNS}/creator"),
            ("format-changed", "breaking", f"{RUNS}/creationDateTime"),
            ("type-changed", "breaking", f"{RUNS}/number"),
            ("error-code-changed", "breaking", "error-code:listImportRuns/bad-guid"),
            ("became-optional", "breaking", "header:Content-Length"),
            ("became-optional", "breaking", "header:Content-Type"),
            ("became-optional", "breaking", "header:Date"),
            ("became-optional", "breaking", "header:Server"),
            ("became-optional", "breaking", "header:X-Arena-Next-Request-Limit-Reset"),
            ("became-optional", "breaking", "header:X-Arena-Requests-Remaining"),
            ("status-changed", "breaking", "status:listImportRuns/unknown-guid"),
        ]
    )


def test_contract_mode_accepts_what_it_allows():
    observed = [
        page([run(creationDateTime="2021-09-14T23:58:41+02:00", completionDateTime=None)]),
        page([run(status="PURGED")], query="offset=400&limit=400"),
        error(3220, query="limit=0"),
        error(3041, query="offset=x"),
        error(3019, query="colour=blue"),
        bad_guid(),
        error(3012),
        error(3024),
        no_session(),
    ]
    report = compare(contract_shape(), infer(observed))
    assert report.changes == []
    assert any("not exercised" in note for note in report.notes)


def test_contract_mode_reads_raw_bodies_as_the_contract_body_they_resemble():
    from arena_contract.exchange import Exchange

    body = {"count": 1, "results": [run(status="QUEUED")]}
    observed = infer([Exchange(text=b"{}", body=body)])
    assert against_contract(observed) == [("enum-value-undocumented", "breaking", f"{RUNS}/status")]


# -- a header the recording does not keep (Schemathesis' NDJSON report drops Date) ---------


def _recorded(count: int, *, keeps_date: bool, start: int = 1) -> list:
    """``count`` pages as a HAR holds them, or as the NDJSON report does (no Date)."""
    pages = []
    for i in range(start, start + count):
        if keeps_date:
            pages.append(page([run(i)]))
            continue
        without = page([run(i)], headers=arena_headers(**{"Date": None}))
        without.unrecorded = frozenset({"date"})
        pages.append(without)
    return pages


@pytest.mark.parametrize(("kept", "dropped"), [(20, 0), (0, 20), (12, 8), (3, 30)])
def test_a_header_the_recording_drops_is_no_drift_either_way(kept, dropped):
    har = _recorded(20, keeps_date=True)
    mixed = _recorded(kept, keeps_date=True) + _recorded(dropped, keeps_date=False, start=50)
    assert drift_of(har, mixed) == []
    assert drift_of(mixed, har) == []


def test_a_date_really_gone_is_still_breaking_beside_an_ndjson_report():
    gone = [page([run(i)], headers=arena_headers(**{"Date": None})) for i in range(1, 21)]
    ndjson = _recorded(20, keeps_date=False, start=50)
    assert drift_of(_recorded(20, keeps_date=True), gone + ndjson) == [
        ("header-removed", "breaking", "header:Date")
    ]


def test_unrecorded_headers_survive_the_summary_file_and_old_summaries_still_load():
    shape = infer(_recorded(5, keeps_date=False))
    document = json.loads(dumps(shape))
    [group] = document["groups"].values()
    assert group["unrecorded"] == {"date": 5}
    assert from_json(document).groups == shape.groups
    del group["unrecorded"]  # a summary written before the field: none unrecorded
    assert all(not g.unrecorded for g in from_json(document).groups.values())
