"""X-Arena-Next-Request-Limit-Reset as Arena documents it (api_licensing.md):
``Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)``, the next midnight in Pacific time."""

import json
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.cli import main
from arena_contract.mock import FakeClock, MockArena
from arena_contract.mock.clock import arena_date, next_midnight_pacific
from arena_contract.rules.headers import is_arena_date, is_reset_date
from tests.helpers import arena_headers, load

PACIFIC = ZoneInfo("America/Los_Angeles")
#: Verbatim from Arena's licensing page.
DOCUMENTED = "Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)"
ARENA_FORM = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d)-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) "
    r"GMT([+-]\d{4}) \((\w+)\)"
)
#: Every UTC moment from 1990 to 2060, drawn more densely around the clock changes.
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2060, 12, 31),
    timezones=st.just(timezone.utc),
)


def transitions(year: int) -> list[datetime]:
    """The UTC moments of the year when Pacific clocks change (found hour by hour)."""
    found, hour = [], datetime(year, 1, 1, tzinfo=timezone.utc)
    while hour.year == year:
        nxt = hour + timedelta(hours=1)
        if hour.astimezone(PACIFIC).utcoffset() != nxt.astimezone(PACIFIC).utcoffset():
            found.append(nxt)
        hour = nxt
    return found


near_changes = st.builds(
    lambda year, which, seconds: transitions(year)[which] + timedelta(seconds=seconds),
    st.integers(2007, 2040),
    st.integers(0, 1),
    st.integers(-2 * 86400, 2 * 86400),
)


def capture(reset: str) -> dict:
    body = json.dumps(load("page-sample.json")).encode()
    return {
        "request": {
            "method": "GET",
            "url": "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
        },
        "response": {
            "status": 200,
            "headers": arena_headers(body, **{"X-Arena-Next-Request-Limit-Reset": reset}),
            "text": body.decode(),
        },
    }


def test_the_licensing_pages_sample_is_a_date():
    assert is_arena_date(DOCUMENTED) and is_reset_date(DOCUMENTED)


@pytest.mark.parametrize(
    "reset",
    [
        DOCUMENTED,  # Arena's own
        "2026-11-29T08:00:00Z",  # accepted before and still
        "Sun, 29 Nov 2026 08:00:00 GMT",
        "Sun, 29-Nov-2026 00:00:00 GMT-0800",  # the zone's name is not needed
    ],
)
def test_a_capture_with_arenas_documented_headers_passes_check(tmp_path, capsys, reset):
    path = tmp_path / "capture.json"
    path.write_text(json.dumps(capture(reset)), encoding="utf-8")
    assert main(["check", str(path)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    "value",
    [
        "Sat, 02-May-2014 14:22:13 GMT-0700 (PDT)",  # wrong weekday
        "Fri, 31-Feb-2014 14:22:13 GMT-0700 (PDT)",  # no such day
        "Fri, 02-May-2014 24:22:13 GMT-0700 (PDT)",
        "Fri, 02-May-2014 14:22:13 GMT-2500 (PDT)",
        "Fri, 02-May-2014 14:22:13 GMT-07:00 (PDT)",
        "Fri, 2-May-2014 14:22:13 GMT-0700 (PDT)",
        "Fri, 02-May-2014 14:22:13 GMT-0700 (PDT) ",
        "Fri, 02-May-2014 14:22:13 GMT-0\u0667\u0660\u0660 (PDT)",
    ],
)
def test_spoilt_forms_of_arenas_date_are_not_dates(value):
    assert not is_reset_date(value)


def check_reset_header(now: datetime, value: str) -> None:
    """``value`` is the first midnight in California after ``now``, in Arena's form."""
    found = ARENA_FORM.fullmatch(value)
    assert found, value
    assert is_arena_date(value)
    day_name, day, month, year, hour, minute, second, offset, zone = found.groups()
    assert (hour, minute, second) == ("00", "00", "00")
    local = datetime.strptime(f"{day} {month} {year}", "%d %b %Y").replace(tzinfo=PACIFIC)
    assert local.strftime("%a") == day_name
    assert (offset, zone) == (local.strftime("%z"), local.tzname())
    assert {"-0700": "PDT", "-0800": "PST"}[offset] == zone
    assert now < local.astimezone(timezone.utc) <= now + timedelta(hours=25)
    assert local.date() == now.astimezone(PACIFIC).date() + timedelta(days=1)


@given(now=st.one_of(moments, near_changes))
def test_the_mock_sends_the_next_midnight_pacific_in_arenas_form(now):
    engine = MockArena(clock=FakeClock(now))
    response = engine.handle("GET", "/v1/imports")  # 401: the header is on every answer
    check_reset_header(now, response.header("X-Arena-Next-Request-Limit-Reset"))


@pytest.mark.parametrize("year", [2014, 2026, 2038])
def test_the_window_lasts_23_24_or_25_hours_across_the_clock_changes(year):
    spring, autumn = transitions(year)
    before_spring = next_midnight_pacific(spring - timedelta(hours=12))
    assert next_midnight_pacific(before_spring) - before_spring == timedelta(hours=23)
    before_autumn = next_midnight_pacific(autumn - timedelta(hours=12))
    assert next_midnight_pacific(before_autumn) - before_autumn == timedelta(hours=25)
    assert arena_date(before_spring).endswith("GMT-0800 (PST)")
    assert arena_date(before_autumn).endswith("GMT-0700 (PDT)")


def test_arena_date_reproduces_the_licensing_pages_sample():
    assert arena_date(datetime(2014, 5, 2, 21, 22, 13, tzinfo=timezone.utc)) == DOCUMENTED


def test_the_quota_refills_at_midnight_pacific():
    clock = FakeClock(datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc))  # 00:30 PDT, autumn day
    engine = MockArena(clock=clock, quota=2)
    auth = {"arena_session_id": engine.login()}
    while engine.handle("GET", "/v1/imports", auth).status != 429:
        pass
    clock.set(datetime(2026, 11, 2, 7, 59, 59, tzinfo=timezone.utc))  # 23:59:59 PST
    auth = {"arena_session_id": engine.login()}
    assert engine.handle("GET", "/v1/imports", auth).status == 429
    clock.set(datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc))  # midnight PST: 25 hours later
    answer = engine.handle("GET", "/v1/imports", auth)
    assert answer.status == 200
    assert (
        answer.header("X-Arena-Next-Request-Limit-Reset")
        == "Tue, 03-Nov-2026 00:00:00 GMT-0800 (PST)"
    )


@pytest.mark.parametrize(
    ("form", "pattern"),
    [
        ("iso", r"\d{4}-\d\d-\d\dT\d\d:00:00Z"),
        ("http", r"\w{3}, \d\d \w{3} \d{4} \d\d:00:00 GMT"),
        ("arena", ARENA_FORM.pattern),
    ],
)
def test_a_switch_sends_the_other_forms(form, pattern):
    engine = MockArena(clock=FakeClock(), reset_format=form)
    value = engine.handle("GET", "/v1/imports").header("X-Arena-Next-Request-Limit-Reset")
    assert re.fullmatch(pattern, value) and is_reset_date(value)
    for exchange in engine.exchanges():
        assert not exchange.headers or is_reset_date(
            exchange.headers["x-arena-next-request-limit-reset"]
        )


def test_an_unknown_form_is_refused():
    with pytest.raises(ValueError, match="reset_format"):
        MockArena(reset_format="rfc850")
