"""A rule's ``needs`` (rules/registry.py): the engine skips it for an exchange that lacks one,
and that loses nothing, because the rule has nothing to say there anyway."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arena_contract import Validator
from arena_contract.captures import read_capture_file
from arena_contract.exchange import Request
from arena_contract.rules import RULES
from arena_contract.rules.context import Context
from arena_contract.rules.registry import NEEDS, rule
from tests.helpers import DATA

CAPTURES = sorted((DATA / "captures").iterdir())
NEEDING = sorted(r.id for r in RULES.values() if r.needs)


def _exchanges() -> list:
    found = []
    for path in CAPTURES:
        capture = read_capture_file(str(path))
        found += list(capture.exchanges)
    return found


def _without(exchange, need: str):
    """The exchange without what ``need`` names (an operation: a path the contract lacks)."""
    if need == "headers":
        return replace(exchange, headers=None)
    if need == "status":
        return replace(exchange, status=None)
    if need == "request":
        return replace(exchange, request=None)
    unknown = Request.of("https://api.arenasolutions.com/v1/no/such/endpoint")
    return replace(exchange, request=unknown)


def test_the_real_captures_have_exchanges_of_every_kind() -> None:
    exchanges = _exchanges()
    assert any(e.headers is not None for e in exchanges)
    assert any(e.headers is None for e in exchanges)
    assert any(e.request is not None and Context.of(e).operation for e in exchanges)


@pytest.mark.parametrize("rule_id", NEEDING)
def test_a_rule_finds_nothing_without_what_it_needs(rule_id: str) -> None:
    check = RULES[rule_id].check
    for exchange in _exchanges():
        for need in RULES[rule_id].needs:
            lacking = _without(exchange, need)
            assert list(check(Context.of(lacking))) == [], (rule_id, need, exchange.origin)


def test_the_engine_does_not_call_a_rule_without_what_it_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(ctx: Context):
        raise RuntimeError("called")

    monkeypatch.setitem(RULES, "header.date", replace(RULES["header.date"], check=boom))
    body, capture = (
        read_capture_file(str(DATA / "captures" / name))
        for name in (
            "run-list.body.json",
            "run-list.capture.json",
        )
    )
    raw = Validator().check(body.exchanges[0])
    assert "internal" not in [f.rule for f in raw.findings]  # no headers: not called
    captured = Validator().check(capture.exchanges[0])
    assert "internal" in [f.rule for f in captured.findings]  # headers: called, and failed


def test_needs_are_from_the_known_list() -> None:
    assert all(r.needs <= set(NEEDS) for r in RULES.values())
    with pytest.raises(ValueError, match="unknown needs"):
        rule("test.never", "Never registered.", needs=("body",))


def test_each_validator_runs_the_rules_registered_when_it_is_made() -> None:
    """The engine shares its per-exchange checks between Validators (validate._SHARED):
    a rule replaced, added or put back is seen by the next Validator, not by an earlier one."""
    capture = read_capture_file(str(DATA / "captures" / "run-list.capture.json"))
    exchange = capture.exchanges[0]

    def boom(ctx: Context):
        raise RuntimeError("called")

    def rules_failing(validator: Validator) -> list[str]:
        return [f.message for f in validator.check(exchange).findings if f.rule == "internal"]

    before = Validator()
    assert rules_failing(Validator()) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(RULES, "header.date", replace(RULES["header.date"], check=boom))
        assert "header.date" in " ".join(rules_failing(Validator()))
        patch.setitem(RULES, "test.added", replace(RULES["header.date"], id="test.added"))
        assert len(rules_failing(Validator())) == 2
        assert rules_failing(before) == []
    assert rules_failing(Validator()) == []
