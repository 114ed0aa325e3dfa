"""The mock's data: seeded, deterministic import definitions and their runs.

Everything here comes from ``random.Random(seed)`` and fixed tables, never from
the wall clock, so the same seed gives the same objects (and the engine the same
bytes). Objects are built once in Arena's wire form (key order of the doc
sample) and only read afterwards, so threads may share them.

What the data is shaped to exercise (assumptions follow Arena's docs and the
facts file):

- five definitions: one with 850 runs (paging past the 400 maximum), one with
  none, one with a non-ASCII name (or, with ``run_counts``, one per count
  given); creators include "Zoë Müller" and "李伟";
- every run status Arena documents: CREATED, RUNNING, COMPLETE and ERROR. In a
  definition with runs, the newest is CREATED, the one before RUNNING, and with
  five or more runs the three oldest are COMPLETE, ERROR and COMPLETE. With
  ``purged=True`` runs older than the 60-day retention may be PURGED (the
  connector's fifth status, undocumented by Arena), the oldest always is;
- ``completionDateTime`` is ``null`` while a run is CREATED or RUNNING (Arena's
  export runs show null; import samples omit it), never before creation;
- ``successCount + errorCount == totalCount`` once a run is finished, ``<=``
  while it runs (0 + 0 while CREATED); totals reach ~150 000 rows;
- ``submitWorksheetName`` only for ``EXCEL_WORKSHEET`` runs (absent for CSV, as
  in Arena's CSV sample); ``warnings`` always present, ``count`` = its results;
  ``options.timeZone`` always, ``options.addToChange`` on some runs, and one
  change summary in ``changes`` when such a run was committed and finished;
- runs are listed oldest first (ascending ``number``; Arena's order is unknown);
- warning codes other than the doc's 331 are illustrative.
"""

from __future__ import annotations

import functools
import random
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from arena_contract.mock.clock import iso_utc
from arena_contract.vocabulary import DOCUMENTED_RUN_STATUSES, FINISHED_RUN_STATUSES

#: The statuses of the default dataset: the four Arena documents (``purged=True`` adds PURGED).
RUN_STATUSES = DOCUMENTED_RUN_STATUSES
FINISHED = frozenset({*FINISHED_RUN_STATUSES, "PURGED"})

DATA_START = datetime(2021, 9, 1, tzinfo=timezone.utc)
# Runs are created before DATA_END; their changes may be submitted up to ~8 days
# later, which still keeps every date before a FakeClock's default start.
DATA_END = datetime(2026, 7, 14, tzinfo=timezone.utc)
#: Arena keeps import results 60 days; older runs may show as PURGED.
RETENTION = timedelta(days=60)

GUID_ALPHABET = string.ascii_uppercase + string.digits

PEOPLE: tuple[tuple[str, str], ...] = (
    ("rjones@arenasolutions.com", "Roy Arena"),
    ("zoe.mueller@example.com", "Zoë Müller"),
    ("li.wei@example.cn", "李伟"),
    ("integration@example.com", "Mr. Integration"),
    ("ana.nunez@example.com", "Ana Núñez"),
    ("sean.obrien@example.ie", "Seán O'Brien"),
)

# name, description, resource, mode, number of runs
DEFINITIONS: tuple[tuple[str, str, str, str, int], ...] = (
    ("Item master load", "Nightly item master from the ERP", "ITEM_SPECS", "OVERWRITE", 850),
    ("BOM sync — Zoë's line", "Bills of materials from line 2", "ITEM_BOM", "REPLACE", 37),
    ("Spare parts (never run)", "Set up, not used yet", "ITEM_SPECS", "OVERWRITE", 0),
    ("物料导入 李伟", "供应商物料清单 — supplier parts", "ITEM_SPECS", "REPLACE", 12),
    ("Legacy specs", "Kept for the 2021 migration", "ITEM_SPECS", "OVERWRITE", 5),
)

_CATEGORIES = (
    ("Engineering Change Order", "Change\\Change Order\\Engineering Change Order", "ECO"),
    ("Manufacturing Change Order", "Change\\Change Order\\Manufacturing Change Order", "MCO"),
)
_WORKSHEETS = ("Item Master", "BOM", "Stückliste", "物料清单")
_TIME_ZONES = ("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Shanghai", "UTC")
_WARNINGS = (
    (331, "Column 'Descrptn' ignored."),
    (331, "Column 'Größe' ignored."),
    (332, 'Row 17: value "n/a" ignored for attribute "Weight".'),
    (335, "Row 4: trailing white space removed."),
)
_TITLES = (
    "From an integration!",
    "Stückliste aktualisiert",
    "新物料批次",
    "Quarterly cost roll-up",
)


@dataclass(frozen=True)
class ImportDefinition:
    """One definition in wire form, with its runs (oldest first) and a GUID index."""

    wire: Mapping[str, Any]
    runs: tuple[Mapping[str, Any], ...]
    runs_by_guid: Mapping[str, Mapping[str, Any]]

    @property
    def guid(self) -> str:
        return self.wire["guid"]


@dataclass(frozen=True)
class Dataset:
    seed: int
    people: tuple[Mapping[str, str], ...]
    definitions: tuple[ImportDefinition, ...]

    @classmethod
    def generate(
        cls, seed: int = 0, run_counts: tuple[int, ...] | None = None, purged: bool = False
    ) -> Dataset:
        """The seed's dataset; ``run_counts`` gives the definitions instead of the default five:
        one per count, with that many runs (names and settings taken from the default ones);
        ``purged`` lets old runs be PURGED."""
        if run_counts is not None:
            run_counts = tuple(run_counts)
            if not run_counts or any(type(n) is not int or n < 0 for n in run_counts):
                raise ValueError(f"run_counts must be whole numbers >= 0, got {run_counts!r}")
        return _generate(seed, run_counts, purged)

    def definition(self, guid: str) -> ImportDefinition | None:
        return next((d for d in self.definitions if d.guid == guid), None)


@functools.lru_cache(maxsize=8)
def _generate(seed: int, run_counts: tuple[int, ...] | None, purged: bool = False) -> Dataset:
    # Engines share a seed's dataset: it is never written after generation.
    return _Generator(seed, definitions(run_counts), purged).dataset()


#: More runs than a mock definition may be given (the default's largest is 850).
MAX_RUNS = 100_000


def parse_run_counts(text: str) -> tuple[int, ...]:
    """'45,7,0' as (45, 7, 0); ValueError naming what is wrong."""
    from arena_contract.numbers import parse_count

    parts = [part for part in text.replace(",", " ").split()]
    counts = tuple(parse_count(part) for part in parts)
    if not parts or any(n is None or n > MAX_RUNS for n in counts):
        raise ValueError(
            f"expected run counts like 45,7,0 (whole numbers up to {MAX_RUNS}), got {text!r}"
        )
    return counts  # type: ignore[return-value]


def definitions(run_counts: tuple[int, ...] | None) -> tuple[tuple[str, str, str, str, int], ...]:
    """The definitions' specs: the default five, or one per count (default specs reused in turn,
    numbered when they come round again, so names stay distinct)."""
    if run_counts is None:
        return DEFINITIONS
    specs = []
    for index, count in enumerate(run_counts):
        name, description, resource, mode, _ = DEFINITIONS[index % len(DEFINITIONS)]
        if index >= len(DEFINITIONS):
            name = f"{name} ({index // len(DEFINITIONS) + 1})"
        specs.append((name, description, resource, mode, count))
    return tuple(specs)


def unique_guid(rng: random.Random, used: set[str]) -> str:
    """A GUID of Arena's form (20 of ``GUID_ALPHABET``) drawn from ``rng`` and not in
    ``used``, which it joins: the same sequence for the same seed."""
    while True:
        value = "".join(rng.choices(GUID_ALPHABET, k=20))
        if value not in used:
            used.add(value)
            return value


class _Generator:
    """One pass over a private Random: the order of draws is part of the format."""

    def __init__(
        self,
        seed: int,
        specs: tuple[tuple[str, str, str, str, int], ...] = DEFINITIONS,
        purged: bool = False,
    ) -> None:
        self.seed = seed
        self.specs = specs
        self.purged = purged
        self.rng = random.Random(seed)
        self._used: set[str] = set()

    def guid(self) -> str:
        return unique_guid(self.rng, self._used)

    def dataset(self) -> Dataset:
        people = tuple(
            {"email": email, "fullName": name, "guid": self.guid()} for email, name in PEOPLE
        )
        categories = [
            ({"guid": self.guid(), "name": name, "path": path}, prefix)
            for name, path, prefix in _CATEGORIES
        ]
        definitions = tuple(
            self.definition(number, spec, people, categories)
            for number, spec in enumerate(self.specs, start=1)
        )
        return Dataset(self.seed, people, definitions)

    def definition(
        self,
        number: int,
        spec: tuple[str, str, str, str, int],
        people: tuple[dict[str, str], ...],
        categories: list[tuple[dict[str, str], str]],
    ) -> ImportDefinition:
        name, description, resource, mode, run_count = spec
        created = DATA_START + timedelta(seconds=self.rng.randrange(60 * 86400))
        wire = {
            "guid": self.guid(),
            "number": number,
            "name": name,
            "description": description,
            "resource": resource,
            "mode": mode,
            "creationDateTime": iso_utc(created),
            "creator": dict(self.rng.choice(people)),
            "options": {
                "fileEdition": "CREATE_EDITION",
                "removeValue": "[Remove Value]",
                "multiSelectDelimiter": ";",
                "stripWhiteSpace": "STRIP",
                "mapping": [
                    {"resource": "ITEM", "apiName": "number", "sourceName": "Part Number"},
                    {"resource": "ITEM", "apiName": "description", "sourceName": "Descrptn"},
                ],
            },
        }
        step = (DATA_END - created).total_seconds() / max(run_count, 1)
        runs = tuple(
            self.run(
                index,
                run_count,
                created + timedelta(seconds=int(step * (index - 1 + self.rng.random()))),
                people,
                categories,
            )
            for index in range(1, run_count + 1)
        )
        return ImportDefinition(wire, runs, {run["guid"]: run for run in runs})

    def status(self, index: int, count: int, created: datetime) -> str:
        # The draws are the same with or without PURGED, so the switch changes statuses only.
        status = self._status(index, count, created)
        return "COMPLETE" if status == "PURGED" and not self.purged else status

    def _status(self, index: int, count: int, created: datetime) -> str:
        if index == count and count >= 2:
            return "CREATED"
        if index == count - 1 and count >= 3:
            return "RUNNING"
        if count >= 5 and index <= 3:
            return ("PURGED", "ERROR", "COMPLETE")[index - 1]
        if created < DATA_END - RETENTION:
            return self.rng.choices(("COMPLETE", "ERROR", "PURGED"), (6, 1, 3))[0]
        return self.rng.choices(("COMPLETE", "ERROR"), (8, 2))[0]

    def run(
        self,
        index: int,
        count: int,
        created: datetime,
        people: tuple[dict[str, str], ...],
        categories: list[tuple[dict[str, str], str]],
    ) -> dict[str, Any]:
        rng = self.rng
        status = self.status(index, count, created)
        total, success, errors = self.counts(status)
        file_type = rng.choice(("EXCEL_WORKSHEET", "CSV"))
        finished = status in FINISHED
        completed = created + timedelta(seconds=5 + total // rng.randint(20, 200))
        commit = status != "ERROR" and rng.random() < 0.7
        options: dict[str, Any] = {"timeZone": rng.choice(_TIME_ZONES)}
        category, prefix = rng.choice(categories)
        change_number = f"{prefix}-{rng.randint(1, 999_999):06d}"
        if rng.random() < 0.4:
            options["addToChange"] = {"number": change_number}
        changes = []
        if "addToChange" in options and commit and status in ("COMPLETE", "PURGED"):
            changes.append(self.change(change_number, category, created, completed, people))
        run: dict[str, Any] = {
            "guid": self.guid(),
            "number": index,
            "creationDateTime": iso_utc(created),
            "creator": dict(rng.choice(people)),
            "submitFileType": file_type,
        }
        if file_type == "EXCEL_WORKSHEET":
            run["submitWorksheetName"] = rng.choice(_WORKSHEETS)
        warnings = [] if status == "CREATED" else rng.sample(_WARNINGS, rng.choice((0, 0, 1, 2, 3)))
        run.update(
            {
                "completionDateTime": iso_utc(completed) if finished else None,
                "status": status,
                "warnings": {
                    "count": len(warnings),
                    "results": [{"code": code, "message": text} for code, text in warnings],
                },
                "commit": commit,
                "totalCount": total,
                "successCount": success,
                "errorCount": errors,
                "options": options,
                "changes": changes,
            }
        )
        return run

    def counts(self, status: str) -> tuple[int, int, int]:
        rng = self.rng
        total = max(1, int(10 ** rng.uniform(0, 5.2)))
        if status == "CREATED":
            return total, 0, 0
        if status == "RUNNING":
            done = rng.randint(0, total)
            errors = rng.randint(0, done // 20)
            return total, done - errors, errors
        if status == "ERROR":
            errors = rng.randint(1, total)
        else:
            errors = 0 if rng.random() < 0.5 else rng.randint(1, max(1, total // 50))
        return total, total - errors, errors

    def change(
        self,
        number: str,
        category: dict[str, str],
        run_created: datetime,
        run_completed: datetime,
        people: tuple[dict[str, str], ...],
    ) -> dict[str, Any]:
        rng = self.rng
        created = run_created - timedelta(seconds=rng.randint(60, 86400))
        lifecycle = rng.choice(("OPEN_AND_UNLOCKED", "SUBMITTED", "EFFECTIVE"))
        submitted = effective = None
        last = created
        if lifecycle != "OPEN_AND_UNLOCKED":
            submitted = last = run_completed + timedelta(seconds=rng.randint(60, 86400))
        if lifecycle == "EFFECTIVE":
            effective = last = submitted + timedelta(seconds=rng.randint(60, 7 * 86400))
        change = {
            "category": dict(category),
            "creationDateTime": iso_utc(created),
            "creator": dict(rng.choice(people)),
            "effectiveDateTime": effective and iso_utc(effective),
            "guid": self.guid(),
            "lifecycleDateTime": iso_utc(last),
            "lifecycleStatus": {"type": lifecycle},
            "number": number,
            "submissionDateTime": submitted and iso_utc(submitted),
            "title": rng.choice(_TITLES),
        }
        # Since May 2023 (api-landing.md); the app link's form is illustrative.
        guid = change["guid"]
        change["url"] = {
            "api": f"https://api.arenasolutions.com/v1/changes/{guid}",
            "app": f"https://app.bom.com/change/{guid}",
        }
        return change
