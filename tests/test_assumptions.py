"""docs/assumptions.md holds against the code: every rule and every mock switch is named by an
entry, every name an entry gives exists, and `arena-contract rules` shows each rule's standing."""

import inspect
import json

import pytest

from arena_contract import ledger
from arena_contract.cli import main
from arena_contract.mock import MockArena
from arena_contract.rules import catalogue

#: MockArena's options that choose nothing about Arena: the data's seed and size, time, the
#: request log's length and the drift switches (deliberate departures, listed by --list-drifts).
NOT_ASSUMPTIONS = {"seed", "clock", "history", "run_counts", "drifts"}


def rule_ids() -> set[str]:
    return {rule for rule, _, _ in catalogue()}


def switches() -> set[str]:
    return set(inspect.signature(MockArena).parameters) - NOT_ASSUMPTIONS


ENTRIES = ledger.entries()


def test_every_entry_is_complete():
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids)), "an entry id is used twice"
    for entry in ENTRIES:
        missing = {"Claim", "Source", "Standing", "Rules", "Mock switches", "Mock", "Relax"}
        missing -= set(entry.fields)
        assert not missing, f"{entry.id}: no {sorted(missing)}"
        assert entry.standing in ledger.STANDINGS, f"{entry.id}: standing {entry.standing!r}"
        for field in ("Rules", "Mock switches"):
            named = entry.rules if field == "Rules" else entry.switches
            assert named or entry.fields[field] == "none", f"{entry.id}: {field} names nothing"


def test_every_rule_rests_on_an_entry():
    named = {rule for entry in ENTRIES for rule in entry.rules}
    assert not rule_ids() - named, f"rules the ledger leaves out: {sorted(rule_ids() - named)}"


def test_no_entry_names_a_rule_that_is_gone():
    for entry in ENTRIES:
        gone = set(entry.rules) - rule_ids()
        assert not gone, f"{entry.id} names rules that do not exist: {sorted(gone)}"


def test_every_mock_switch_rests_on_an_entry_and_none_is_gone():
    named = {switch for entry in ENTRIES for switch in entry.switches}
    assert not switches() - named, f"switches the ledger leaves out: {switches() - named}"
    gone = named - switches()
    assert not gone, f"the ledger names switches MockArena lacks: {gone}"


def test_a_rule_takes_the_weakest_standing_of_its_entries():
    text = """## a: one
- Standing: documented
- Rules: `x.one`, `x.two`
## b: two
- Standing: inferred
- Rules: `x.two`
"""
    entries = ledger.parse(text)
    assert [e.rules for e in entries] == [("x.one", "x.two"), ("x.two",)]
    weakest = {
        r: max((e.standing for e in entries if r in e.rules), key=ledger.STANDINGS.index)
        for r in ("x.one", "x.two")
    }
    assert weakest == {"x.one": "documented", "x.two": "inferred"}
    assert ledger.standing_of("header.limit-reset") == "documented"
    assert ledger.standing_of("run.counts") == "inferred"


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_rules_shows_each_rules_standing(capsys, form):
    assert main(["rules", "--format", form]) == 0
    out = capsys.readouterr().out
    if form == "json":
        rows = {row["rule"]: row["standing"] for row in json.loads(out)["rules"]}
        assert rows == {rule: ledger.standing_of(rule) for rule in rule_ids()}
        assert set(rows.values()) <= set(ledger.STANDINGS)
    else:
        for line in out.splitlines():
            rule = line.split()[0].strip("|` ")
            if rule in rule_ids():
                assert ledger.standing_of(rule) in line, line
