"""The shape summary: grouping, field paths and counts, formats, enum values, headers, JSON."""

import json

import pytest

from arena_contract.drift import dumps, from_json, infer
from arena_contract.drift.formats import header_format, string_format
from arena_contract.drift.shape import ShapeError
from arena_contract.exchange import Exchange
from tests.test_drift_support import (
    IMPORT_GUID,
    RUN_GUID,
    bad_guid,
    error,
    exchange,
    no_session,
    page,
    run,
)


@pytest.mark.parametrize(
    ("made", "group"),
    [
        (page([run()]), "listImportRuns/ok"),
        (page([run()], query="status=COMPLETE&limit=5"), "listImportRuns/filtered"),
        (page([run()], query="offset=20&limit=20"), "listImportRuns/paged"),
        (bad_guid(), "listImportRuns/bad-guid"),
        (error(3011, path="/imports/L3N6PX663K3K3HOBOOT0%20/runs"), "listImportRuns/bad-guid"),
        (error(3012), "listImportRuns/unknown-guid"),
        (error(404, 404), "listImportRuns/unknown-guid"),
        (error(3012, query="limit=5"), "listImportRuns/unknown-guid"),
        (error(3220, query="limit=0"), "listImportRuns/paged"),
        (error(3024), "listImportRuns/unknown-guid"),
        (no_session(), "listImportRuns/no-session"),
        (exchange(run(), path=f"/imports/{IMPORT_GUID}/runs/{RUN_GUID}"), "getImportRun/ok"),
        (exchange({"count": 0, "results": []}, path="/imports"), "listImports/ok"),
        (Exchange(text=b"{}", body={}), "body"),
    ],
)
def test_groups_by_operation_and_request_class(made, group):
    assert list(infer([made]).groups) == [group]


def test_a_request_recorded_without_headers_is_no_session_only_when_refused():
    quiet = page([run()], request_headers={})
    refused = error(401, 401, request_headers={})
    assert list(infer([quiet]).groups) == ["listImportRuns/ok"]
    assert list(infer([refused]).groups) == ["listImportRuns/no-session"]


def test_redacted_session_header_still_counts_as_a_session():
    made = page([run()], request_headers={"Arena_Session_Id": "[REDACTED]"})
    assert list(infer([made]).groups) == ["listImportRuns/ok"]


def test_fields_fold_array_items_and_count_presence_against_the_parent():
    runs = [run(1), run(2, warnings=...), run(3, submitWorksheetName="BOM")]
    fields = infer([page(runs)]).groups["listImportRuns/ok"].bodies["success"].fields
    email = fields["/results/*/creator/email"]
    assert (email.present, email.parent, dict(email.types)) == (3, 3, {"string": 3})
    assert dict(email.formats) == {"email": 3}
    warnings = fields["/results/*/warnings"]
    assert (warnings.present, warnings.parent) == (2, 3)  # sometimes absent: visible
    assert (fields["/results/*"].present, fields["/results/*"].parent) == (3, 1)
    assert fields[""].parent == 1


def test_nulls_are_counted_apart_from_types():
    runs = [run(1, completionDateTime=None), run(2)]
    field = (
        infer([page(runs)])
        .groups["listImportRuns/ok"]
        .bodies["success"]
        .fields["/results/*/completionDateTime"]
    )
    assert (field.nulls, dict(field.types), dict(field.formats)) == (
        1,
        {"string": 1},
        {"date-time-utc": 1},
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-09-15T00:00:00Z", "date-time-utc"),
        ("2021-09-15T00:00:00.250Z", "date-time-utc"),
        ("2021-09-15T02:00:00+02:00", "date-time-offset"),
        ("2021-09-15T00:00:00", "date-time-no-zone"),
        ("2021-09-15", "date"),
        ("R9TCQNRT4L47Q9VQWUF3", "guid"),
        ("rjones@arenasolutions.com", "email"),
        ("20", "integer-string"),
        ("Sat, 28 Nov 2026 13:43:54 GMT", "http-date"),
        ("Column 'Descrptn' ignored.", "other"),
        ("", "other"),
    ],
)
def test_string_formats(value, expected):
    assert string_format(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("997", "integer"),
        ("Sat, 28 Nov 2026 13:43:54 GMT", "http-date"),
        ("2026-11-29T00:00:00Z", "date-time-utc"),
        ("application/json;charset=UTF-8", "application/json"),
        ("Application/JSON", "application/json"),
        ("ArenaSolutions", "other"),
    ],
)
def test_header_formats(value, expected):
    assert header_format(value) == expected


def test_enum_values_kept_for_known_names_and_small_repeated_vocabularies_only():
    def creator(n):
        return {"email": f"u{n}@example.com", "fullName": f"User {n}", "guid": "X" * 20}

    runs = [run(n, creator=creator(n)) for n in range(1, 6)]
    runs += [run(n, creator=creator(n), options={"timeZone": "UTC"}) for n in (6, 7)]
    fields = infer([page(runs)]).groups["listImportRuns/ok"].bodies["success"].fields
    assert dict(fields["/results/*/status"].values) == {"COMPLETE": 7}
    assert fields["/results/*/creator/fullName"].values is None  # free text: 7 distinct of 7
    assert fields["/results/*/creator/email"].values is None  # emails are data
    assert fields["/results/*/guid"].values is None
    assert dict(fields["/results/*/options/timeZone"].values) == {"UTC": 2}


def test_a_single_status_value_seen_once_is_kept_because_the_name_is_an_enum():
    fields = infer([page([run()])]).groups["listImportRuns/ok"].bodies["success"].fields
    assert dict(fields["/results/*/submitFileType"].values) == {"CSV": 1}


def test_headers_by_lower_cased_name_with_format_and_constant_value():
    made = [page([run(n)], headers=None) for n in (1, 2)]
    made.append(
        page([run(3)], headers={"content-type": "application/json", "SERVER": "ArenaSolutions"})
    )
    headers = infer(made).groups["listImportRuns/ok"].headers
    assert set(headers) >= {"content-type", "server", "x-arena-requests-remaining"}
    assert headers["server"].present == 3
    assert headers["server"].value == "ArenaSolutions"
    assert dict(headers["content-type"].formats) == {"application/json": 3}
    assert headers["x-arena-requests-remaining"].present == 2
    assert headers["date"].value is None  # dates are compared by format, never by value


def test_identical_bodies_in_a_group_count_once_but_every_status_counts():
    same = [page([run()]), page([run()])]
    group = infer(same).groups["listImportRuns/ok"]
    assert group.statuses[200] == 2
    assert group.bodies["success"].count == 1


def test_unparseable_body_has_type_invalid_json():
    made = exchange(None, text=b"<html>oops</html>")
    made.body_error = "not JSON"
    root = infer([made]).groups["listImportRuns/ok"].bodies["success"].fields[""]
    assert dict(root.types) == {"invalid-json": 1}


def test_error_codes_are_counted_per_group():
    group = infer([bad_guid(), bad_guid()]).groups["listImportRuns/bad-guid"]
    assert dict(group.error_codes) == {"3011": 2}
    assert "error" in group.bodies


def test_json_is_deterministic_order_independent_and_round_trips():
    made = [page([run(1), run(2, completionDateTime=None)]), bad_guid(), no_session()]
    text = dumps(infer(made))
    assert text == dumps(infer(list(reversed(made))))
    assert text.lstrip().startswith('{\n  "arena-contract-shape": 1')
    assert dumps(from_json(json.loads(text))) == text
    assert "L3N6" not in text and "FE67A3D5" not in text  # no GUIDs kept


@pytest.mark.parametrize(
    "document",
    [{"groups": {}}, {"arena-contract-shape": 2}, {"arena-contract-shape": 1, "groups": []}],
)
def test_loading_refuses_what_is_not_a_version_1_summary(document):
    with pytest.raises(ShapeError):
        from_json(document)
