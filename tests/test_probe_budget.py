"""The request budget: the cap and the floor stop exactly, the logout is always left room."""

from __future__ import annotations

import pytest

from arena_contract.exchange import Headers
from arena_contract.live.budget import Budget, BudgetExhausted


def remaining(n: int, reset: str = "2026-07-29T00:00:00Z") -> Headers:
    return Headers(
        {"X-Arena-Requests-Remaining": str(n), "X-Arena-Next-Request-Limit-Reset": reset}
    )


def spend_all(budget: Budget, part: str = "essential") -> int:
    sent = 0
    with pytest.raises(BudgetExhausted):
        while True:
            budget.take(part)
            sent += 1
    return sent


def test_the_cap_counts_every_request():
    budget = Budget(max_requests=5, min_remaining=0)
    assert spend_all(budget) == 5
    assert budget.spent == 5 and "--arena-max-requests 5" in (budget.stop_reason or "")


def test_a_login_books_its_logout_which_is_always_sent():
    budget = Budget(max_requests=5, min_remaining=0)
    budget.take("session", reserve=1)  # login
    assert spend_all(budget) == 3
    budget.take("session", reserved=True)  # logout: never refused
    assert budget.spent == 5 and budget.by_part == {"session": 2, "essential": 3}


def test_a_login_needs_room_for_its_logout():
    budget = Budget(max_requests=1, min_remaining=0)
    with pytest.raises(BudgetExhausted):
        budget.take("session", reserve=1)
    assert budget.spent == 0


def test_the_floor_stops_before_remaining_would_fall_below_it():
    budget = Budget(max_requests=1000, min_remaining=10)
    budget.take("session", reserve=1)
    left = 14
    budget.observe(200, remaining(left))
    sent = 0
    while True:
        try:
            budget.take("essential")
        except BudgetExhausted as exc:
            assert "floor" in str(exc)
            break
        sent += 1
        left -= 1
        budget.observe(200, remaining(left))
    budget.take("session", reserved=True)
    assert left - 1 == 10  # after the logout, exactly the floor is left
    assert sent == 3


def test_without_the_header_only_the_cap_applies_and_it_is_counted():
    budget = Budget(max_requests=3, min_remaining=100)
    budget.observe(200, Headers({}))
    assert budget.available() == 3 and budget.header_missing == 1


def test_a_429_stops_the_run():
    budget = Budget(max_requests=100, min_remaining=0)
    budget.take("essential")
    budget.observe(429, remaining(0))
    with pytest.raises(BudgetExhausted, match="24-hour request limit"):
        budget.take("essential")


def test_release_gives_back_a_reservation():
    budget = Budget(max_requests=3, min_remaining=0)
    budget.take("session", reserve=1)
    budget.release()
    assert budget.available() == 2
