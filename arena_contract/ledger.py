"""The assumptions ledger (docs/assumptions.md): where the contract, a rule, the mock, the probe
or drift goes beyond Arena's own pages, with each claim's standing.

The ledger is Markdown written for people; this module reads its entries so that
``arena-contract rules`` can show each rule's standing and a test can hold the ledger against
the rule registry and the mock's switches. An entry is a ``## <id>: <title>`` heading followed
by ``- Field: value`` lines (Claim, Source, Standing, Rules, Mock, Relax, ...); rule IDs and
mock switches are written in backticks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

#: From the strongest to the weakest: a rule resting on several entries takes the weakest.
STANDINGS = ("documented", "seen in clients", "inferred", "chosen")

_HEADING = re.compile(r"^## (?P<id>[a-z0-9][a-z0-9.-]*): (?P<title>.+)$", re.M)
_FIELD = re.compile(r"^- (?P<name>[A-Z][a-z]+(?: [a-z]+)?): (?P<value>.*(?:\n  .*)*)", re.M)
_NAMED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    fields: dict[str, str]

    @property
    def standing(self) -> str:
        return self.fields.get("Standing", "").strip()

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule IDs the entry names (``none`` names none)."""
        return tuple(_NAMED.findall(self.fields.get("Rules", "")))

    @property
    def switches(self) -> tuple[str, ...]:
        """The mock switches (engine options) the entry names."""
        return tuple(_NAMED.findall(self.fields.get("Mock switches", "")))


def ledger_path() -> Path:
    """docs/assumptions.md in the repository, or its copy beside the installed contract."""
    from arena_contract.contract import contract_dir

    root = contract_dir()
    for candidate in (root / "assumptions.md", root / "docs" / "assumptions.md"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("arena-contract's assumptions ledger (assumptions.md) is not installed")


def parse(text: str) -> list[Entry]:
    """The entries of a ledger's text, in order."""
    headings = list(_HEADING.finditer(text))
    entries = []
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : following.start() if following else len(text)]
        fields = {m["name"]: " ".join(m["value"].split()) for m in _FIELD.finditer(body)}
        entries.append(Entry(heading["id"], heading["title"].strip(), fields))
    return entries


@functools.cache
def entries() -> tuple[Entry, ...]:
    return tuple(parse(ledger_path().read_text(encoding="utf-8")))


def standing_of(rule_id: str) -> str:
    """The weakest standing among the entries naming ``rule_id``; "" when none does."""
    found = [e.standing for e in entries() if rule_id in e.rules and e.standing in STANDINGS]
    return max(found, key=STANDINGS.index) if found else ""
