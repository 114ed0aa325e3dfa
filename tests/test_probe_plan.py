"""The suite's probes, built offline from a GUID and a page of runs."""

from __future__ import annotations

from urllib.parse import unquote

from arena_contract.paths import is_guid
from arena_contract.suite import inputs as plan

GUID = "L3N6KHLNYFY8RAQ8SWYT"


def test_every_malformed_form_is_malformed_once_decoded():
    forms = plan.malformed_guids(GUID)
    assert [m.form for m in forms] == list(plan.MALFORMED_FORMS)
    decoded = {m.form: unquote(m.segment) for m in forms}
    assert decoded["trailing-space"] == GUID + " "
    assert len(decoded["19-chars"]) == 19 and len(decoded["21-chars"]) == 21
    assert len(decoded["percent-encoded"]) == 20 and decoded["percent-encoded"].endswith("É")
    assert not any(is_guid(value) for value in decoded.values())
    assert is_guid(plan.UNKNOWN_GUID)


def run(number: int, status: str = "COMPLETE", **extra):
    return {
        "guid": f"R{number:019d}",
        "number": number,
        "status": status,
        "creator": {
            "guid": "4M6P3046HYFYH0J258QJ",
            "email": "r@example.com",
            "fullName": "Roy Arena",
        },
        **extra,
    }


def test_filter_values_come_from_a_finished_run_with_every_value():
    running, done = run(1, "RUNNING"), run(2)
    assert plan.pick_run([running, done]) is done
    assert plan.run_value(done, "creator.email") == "r@example.com"
    assert plan.run_value(done, "number") == "2"
    assert plan.pick_run([]) is None
    assert plan.pick_finished_run([running]) is running


def test_the_list_total_is_known_only_when_the_first_page_tells():
    assert plan.list_total({"count": 7, "results": [run(i) for i in range(7)]}) == 7
    assert plan.list_total({"count": 850, "results": [run(i) for i in range(20)]}) == 850
    assert plan.list_total({"count": 20, "results": [run(i) for i in range(20)]}) is None
    assert plan.past_end_offset({"count": 20, "results": [run(i) for i in range(20)]}) > 400


def test_the_walk_takes_about_four_pages_and_never_more_than_400_a_page():
    assert plan.walk_limit(850) == 213 and plan.walk_limit(37) == 10
    assert plan.walk_limit(0) == 1 and plan.walk_limit(None) == 400
    assert plan.walk_limit(100_000) == 400


def test_pairs_and_statuses():
    assert len(plan.FILTER_PAIRS) == 10
    assert plan.run_statuses() == ("CREATED", "RUNNING", "COMPLETE", "ERROR", "PURGED")
