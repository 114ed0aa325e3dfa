"""A run started through the mock, on the mock's clock.

Nothing runs in the background: a run's status is worked out from the clock whenever it
is read. It is CREATED (queued) for ``RunTiming.queued`` seconds, RUNNING for
``RunTiming.running`` seconds, then finished: ERROR when it had records and every one
failed, COMPLETE otherwise (Arena's workflow page: COMPLETE means the engine finished,
whether or not rows failed; read the counts). ``completionDateTime`` is the moment it
finished. A ``FakeClock`` moved forward moves every run at once; on the wall clock
(``serve``) runs move in real time. The counts come from the file on upload and do not
change afterwards (the 201 answer of Arena's samples already has them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from arena_contract.mock.clock import iso_utc
from arena_contract.mock.content import Outcome
from arena_contract.mock.upload import Submission


@dataclass(frozen=True)
class RunTiming:
    """Seconds a new run spends CREATED (queued), then RUNNING, before it finishes."""

    queued: float = 1.0
    running: float = 2.0

    def __post_init__(self) -> None:
        if self.queued < 0 or self.running < 0:
            raise ValueError("run timing cannot be negative")


@dataclass
class LiveRun:
    """A run started through the mock."""

    guid: str
    #: The GUID of its import definition.
    definition: str
    number: int
    created: datetime
    creator: Mapping[str, str]
    submission: Submission
    outcomes: tuple[Outcome, ...]
    commit: bool

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def errors(self) -> int:
        return sum(not outcome.ok for outcome in self.outcomes)

    def phase(self, now: datetime, timing: RunTiming) -> tuple[str, datetime | None]:
        """(status, completion time or None) at ``now``."""
        started = self.created + timedelta(seconds=timing.queued)
        done = started + timedelta(seconds=timing.running)
        if now < started:
            return "CREATED", None
        if now < done:
            return "RUNNING", None
        failed = self.total > 0 and self.errors == self.total
        return ("ERROR" if failed else "COMPLETE"), done

    def head(self) -> dict[str, Any]:
        head: dict[str, Any] = {"submitFileType": self.submission.file_type}
        if self.submission.worksheet is not None:
            head["submitWorksheetName"] = self.submission.worksheet
        return head

    def counts(self) -> dict[str, int]:
        return {
            "totalCount": self.total,
            "successCount": self.total - self.errors,
            "errorCount": self.errors,
        }

    def finished_at(self, timing: RunTiming) -> datetime:
        return self.created + timedelta(seconds=timing.queued + timing.running)

    def short(self, status: str) -> dict[str, Any]:
        """The 201 answer to the POST that started it (the POST Import Run page's form)."""
        return {
            "number": self.number,
            "creator": dict(self.creator),
            **self.head(),
            "status": status,
            "commit": self.commit,
            **self.counts(),
            "guid": self.guid,
        }

    def wire(self, status: str, completed: datetime | None) -> dict[str, Any]:
        """The run as GET shows it (the seeded runs' key order, Arena's sample's)."""
        return {
            "guid": self.guid,
            "number": self.number,
            "creationDateTime": iso_utc(self.created),
            "creator": dict(self.creator),
            **self.head(),
            "completionDateTime": None if completed is None else iso_utc(completed),
            "status": status,
            "warnings": {"count": 0, "results": []},
            "commit": self.commit,
            **self.counts(),
            "options": {"timeZone": "UTC"},
            "changes": [],
        }
