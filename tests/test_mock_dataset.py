"""The mock's seeded data: shaped like Arena's samples, and internally consistent."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from arena_contract.mock import RUN_STATUSES, Dataset
from arena_contract.mock.clock import FAKE_EPOCH, iso_utc
from arena_contract.paths import is_guid

DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
SEEDS = [0, 1, 2, 3, 99]


def all_runs(data: Dataset) -> Iterator[Mapping[str, Any]]:
    for definition in data.definitions:
        yield from definition.runs


@pytest.fixture(params=SEEDS)
def data(request: pytest.FixtureRequest) -> Dataset:
    return Dataset.generate(request.param)


def test_same_seed_same_data() -> None:
    assert Dataset.generate(5) == Dataset.generate(5)
    assert Dataset.generate(5).definitions != Dataset.generate(6).definitions


def test_definitions_cover_the_paging_edge_cases(data: Dataset) -> None:
    sizes = [len(d.runs) for d in data.definitions]
    assert 4 <= len(sizes) <= 6
    assert 0 in sizes
    assert max(sizes) > 800  # two full pages of 400 and a partial one
    assert any(not d.wire["name"].isascii() for d in data.definitions)


def test_definitions_carry_the_documented_fields(data: Dataset) -> None:
    for definition in data.definitions:
        wire = definition.wire
        for field in ("guid", "number", "name", "description", "resource", "mode"):
            assert field in wire
        assert wire["resource"] in ("ITEM_SPECS", "ITEM_BOM")
        assert set(wire["creator"]) == {"email", "fullName", "guid"}
        assert DATE_TIME.fullmatch(wire["creationDateTime"])


def test_every_status_appears(data: Dataset) -> None:
    assert {run["status"] for run in all_runs(data)} == set(RUN_STATUSES)
    for definition in data.definitions:
        if len(definition.runs) >= 5:
            assert {r["status"] for r in definition.runs} == set(RUN_STATUSES)


def test_guids_are_arena_shaped_and_unique(data: Dataset) -> None:
    guids = [d.guid for d in data.definitions]
    for run in all_runs(data):
        guids.append(run["guid"])
        guids += [change["guid"] for change in run["changes"]]
        assert is_guid(run["creator"]["guid"])
    assert all(is_guid(g) for g in guids)
    assert len(guids) == len(set(guids))


def test_runs_are_numbered_and_ordered_oldest_first(data: Dataset) -> None:
    for definition in data.definitions:
        assert [r["number"] for r in definition.runs] == list(range(1, len(definition.runs) + 1))
        created = [r["creationDateTime"] for r in definition.runs]
        assert created == sorted(created)
        assert all(c > definition.wire["creationDateTime"] for c in created)


def test_counts_add_up(data: Dataset) -> None:
    for run in all_runs(data):
        total, done = run["totalCount"], run["successCount"] + run["errorCount"]
        assert min(run["successCount"], run["errorCount"]) >= 0
        if run["status"] in ("COMPLETE", "ERROR", "PURGED"):
            assert done == total
        else:
            assert done <= total
        if run["status"] == "ERROR":
            assert run["errorCount"] > 0
    assert max(run["totalCount"] for run in all_runs(data)) > 100_000


def test_dates_are_utc_seconds_and_in_order(data: Dataset) -> None:
    before_the_clock = iso_utc(FAKE_EPOCH)
    for run in all_runs(data):
        assert DATE_TIME.fullmatch(run["creationDateTime"])
        completion = run["completionDateTime"]
        if run["status"] in ("CREATED", "RUNNING"):
            assert completion is None
        else:
            assert DATE_TIME.fullmatch(completion)
            assert completion >= run["creationDateTime"]
        for change in run["changes"]:
            dates = [change[k] for k in ("creationDateTime", "lifecycleDateTime")]
            dates += [change[k] for k in ("effectiveDateTime", "submissionDateTime") if change[k]]
            assert all(DATE_TIME.fullmatch(d) and d < before_the_clock for d in dates)


def test_run_details_follow_the_doc_sample(data: Dataset) -> None:
    for run in all_runs(data):
        assert run["submitFileType"] in ("EXCEL_WORKSHEET", "CSV")
        assert ("submitWorksheetName" in run) == (run["submitFileType"] == "EXCEL_WORKSHEET")
        warnings = run["warnings"]
        assert warnings["count"] == len(warnings["results"])
        assert all(set(w) == {"code", "message"} for w in warnings["results"])
        assert isinstance(run["commit"], bool)
        assert isinstance(run["options"]["timeZone"], str)
        for change in run["changes"]:
            assert change["number"] == run["options"]["addToChange"]["number"]
            assert "\\" in change["category"]["path"]
            assert change["lifecycleStatus"]["type"] in (
                "OPEN_AND_UNLOCKED",
                "SUBMITTED",
                "EFFECTIVE",
            )
    assert any(run["changes"] for run in all_runs(data))


def test_people_include_non_ascii_names() -> None:
    names = {person["fullName"] for person in Dataset.generate(0).people}
    assert {"Zoë Müller", "李伟"} <= names
