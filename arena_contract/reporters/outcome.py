"""What a judging command hands the reporters: one :class:`Outcome`, whatever the command.

``check``, ``probe`` and ``drift`` each say what they found in the same shape: the items
(one cause told once: a rule at one place pattern across responses, a probe's failure, a
drift change's cause), the verdict, the closing lines, the JSON envelope, the tests a CI
dashboard counts. Each format of ``reporters.FORMATS`` is one function of an Outcome, so a
format written once serves every command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

#: Each command's severity word as a level of the formats that have three (GitHub's
#: workflow commands): drift's breaking change is an error, its info a notice.
LEVELS = {
    "error": "error",
    "breaking": "error",
    "warning": "warning",
    "info": "notice",
    "notice": "notice",
}


@dataclass(frozen=True)
class Item:
    """One cause, told once: the one finding shape of every report.

    ``rule`` names what found it (a rule ID, a probe, a drift change kind); ``text`` what was
    found ('schema.type at /results/0/creator: ... (and 19 more at /results/*/creator)');
    ``where`` the first place it was found (the one request line, or a drift location);
    ``places`` all of them when there are several ('in 30 responses: a, b, c, ...');
    ``file`` and ``line`` where a CI annotation points."""

    severity: str
    rule: str
    text: str
    where: str = ""
    places: str = ""
    file: str | None = None
    line: int | None = None
    #: A title for the item when the rule alone says too little ('drift type-changed (3 places)').
    title: str = ""
    #: What the user can do about it (drift: how to accept the change).
    hint: str = ""
    #: The heading it is told under, when a report has several (drift's consumed fields).
    section: str = ""

    @property
    def level(self) -> str:
        """error, warning or notice."""
        return LEVELS[self.severity]

    def message(self) -> str:
        """The item on one line: 'where: text; places; hint'."""
        text = f"{self.where}: {self.text}" if self.where else self.text
        return "; ".join(part for part in (text, self.places, self.hint) if part)


@dataclass(frozen=True)
class Case:
    """One test of a CI dashboard (JUnit's testcase): a response checked, a probe run, a
    drift cause judged. At most one of ``error``, ``skipped`` and ``failure`` (each its
    message); ``text`` the failure's whole text, ``out`` what the test printed."""

    group: str
    name: str
    error: str | None = None
    skipped: str | None = None
    failure: str | None = None
    text: str | None = None
    out: str | None = None


@dataclass(frozen=True)
class Suite:
    """A group of tests (JUnit's testsuite): its attributes (name and counts), its
    properties (None: it has no properties element) and its cases."""

    attributes: dict[str, str]
    cases: list[Case]
    properties: list[tuple[str, str]] | None = None


@dataclass
class Outcome:
    """A judging command's results, ready for every format. What costs something to make
    from a large check (the JSON document, the items, the tests) is made when a format
    asks for it: those fields are functions."""

    #: 'arena-contract check', 'arena-contract probe', 'Arena API drift'.
    title: str
    #: The verdict in a line, after the title ('the contract holds', '1 breaking, ...').
    headline: str
    exit_code: int
    #: The JSON envelope: ``ok``, ``summary``, then the command's items.
    document: Callable[[], dict[str, Any]]
    #: The findings, one cause an item, in the order they are told.
    items: Callable[[], list[Item]] = list
    #: What a report ends with, line by line (the summary).
    closing: list[str] = field(default_factory=list)
    #: Further lines for people, after the items (the probe's run, how to accept drift).
    notes: list[str] = field(default_factory=list)
    #: Said instead of the items when there are none ('Every response conforms.').
    empty: str = ""
    #: The tests, for JUnit: the root's attributes and its suites.
    totals: dict[str, str] = field(default_factory=dict)
    suites: Callable[[], list[Suite]] = list
    #: The command's own layout for people (the probe's is drawn as it runs).
    text: Callable[[TextIO], None] | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
