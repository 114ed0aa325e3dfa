"""The Import Engine's writable side in the mock: definitions created and edited, runs started,
their life on the mock's clock, commits, and the content files.

The seeded :class:`~arena_contract.mock.dataset.Dataset` is shared and never written;
this workspace lays one engine's changes over it (new definitions, edited names, new
runs, commits of seeded runs). Choices where Arena's pages are silent are in
docs/assumptions.md ("Import runs in the mock"); in short:

- a new run is CREATED for ``timing.queued`` seconds, RUNNING for ``timing.running``
  seconds, then COMPLETE, or ERROR when it had records and none succeeded. Its status is
  worked out from the clock at each read, so a ``FakeClock`` moved forward moves every
  run at once and nothing runs in the background;
- its counts come from the file on upload (the 201 answer already has them, as in Arena's
  samples) and do not change afterwards;
- ``submitContent`` answers the uploaded bytes at once; the result and error files are
  there once the run is finished (before: 400 / 3017), for 60 days after it ended, as
  Arena keeps results 60 days; a seeded PURGED run has no files;
- PUT commit takes ``{"commit": true}`` on a COMPLETE run not committed yet (the one-way
  switch); a second commit is 3032, any other status 3518 (errors.py).
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import orjson

from arena_contract.mock.clock import iso_utc
from arena_contract.mock.content import (
    ContentKind,
    FileAnswer,
    content_file,
    judge,
    seeded_file,
)
from arena_contract.mock.dataset import (
    DATA_END,
    GUID_ALPHABET,
    RETENTION,
    Dataset,
    unique_guid,
)
from arena_contract.mock.errors import (
    cannot_commit,
    guid_not_found,
    invalid_option,
    json_object,
    not_creatable,
    not_downloadable,
    not_editable,
    required,
)
from arena_contract.mock.lifecycle import LiveRun, RunTiming
from arena_contract.mock.upload import CSV_TYPE, Submission

RESOURCES = ("ITEM_SPECS", "ITEM_BOM", "ITEM_FILES", "FILE_SUMMARY")
MODES = ("CREATE", "EDIT", "OVERWRITE", "REPLACE", "DELETE")
FINISHED = ("COMPLETE", "ERROR")
_CREATABLE = ("name", "description", "resource", "mode", "options")
_EDITABLE = ("name", "description")


class ImportWorkspace:
    """One engine's Import Engine state over the seeded dataset. Thread-safe."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        timing: RunTiming | None = None,
        seed: int = 0,
        status_drift: Callable[[str], str] = lambda status: status,
    ) -> None:
        self.dataset = dataset
        self.timing = timing or RunTiming()
        #: What a drift switch makes of a run's status as it is told (the identity without one).
        self.status_drift = status_drift
        self._lock = threading.Lock()
        self._rng = random.Random(f"{seed}:imports")  # new GUIDs: the same for the same seed
        self._used = {d.guid for d in dataset.definitions} | {
            run["guid"] for d in dataset.definitions for run in d.runs
        }
        self._created: list[dict[str, Any]] = []
        self._edits: dict[str, dict[str, Any]] = {}
        self._runs: dict[str, list[LiveRun]] = {}
        self._committed: set[str] = set()  # seeded runs committed through PUT

    def person(self, email: str) -> dict[str, str]:
        """The creator object for a user: the dataset's person with that email, else one
        made from the email (its GUID derived from it, the same each time)."""
        for known in self.dataset.people:
            if known["email"].lower() == email.lower():
                return dict(known)
        digest = hashlib.sha256(email.lower().encode("utf-8")).digest()
        guid = "".join(GUID_ALPHABET[byte % len(GUID_ALPHABET)] for byte in digest[:20])
        return {"email": email, "fullName": email.split("@")[0], "guid": guid}

    # -- definitions -----------------------------------------------------------------

    def definitions(self) -> list[Mapping[str, Any]]:
        """Every definition in wire form: the seeded ones (as edited), then the created ones."""
        with self._lock:
            seeded = [self._edited(d.wire) for d in self.dataset.definitions]
            return seeded + list(self._created)

    def definition(self, guid: str) -> Mapping[str, Any]:
        """One definition's wire form; 400 / 3012 when there is none."""
        seeded = self.dataset.definition(guid)
        with self._lock:
            if seeded is not None:
                return self._edited(seeded.wire)
            for created in self._created:
                if created["guid"] == guid:
                    return created
        raise guid_not_found(guid)

    def _edited(self, wire: Mapping[str, Any]) -> Mapping[str, Any]:
        edits = self._edits.get(wire["guid"])
        return {**wire, **edits} if edits else wire

    def create(self, body: bytes, creator: Mapping[str, str], now: datetime) -> dict[str, Any]:
        """POST /imports: a new definition from Arena's request body."""
        request = json_object(body)
        for name in request:
            if name not in _CREATABLE:
                raise not_creatable(name)
        for name in ("name", "resource", "mode"):
            if not isinstance(request.get(name), str) or not request[name].strip():
                raise required(name)
        resource, mode = request["resource"].strip().upper(), request["mode"].strip().upper()
        if resource not in RESOURCES:
            raise invalid_option(request["resource"], "resource")
        if mode not in MODES or (mode == "REPLACE" and resource != "ITEM_BOM"):
            raise invalid_option(request["mode"], "mode")
        options = request.get("options", {})
        if not isinstance(options, dict):
            raise invalid_option(_shown(options), "options")
        description = request.get("description")
        if description is not None and not isinstance(description, str):
            raise invalid_option(_shown(description), "description")
        with self._lock:
            numbers = [d.wire["number"] for d in self.dataset.definitions]
            numbers += [d["number"] for d in self._created]
            wire: dict[str, Any] = {"name": request["name"]}
            if description is not None:
                wire["description"] = description
            wire.update(
                {
                    "resource": resource,
                    "mode": mode,
                    "options": options,
                    "number": max(numbers, default=0) + 1,
                    "creationDateTime": iso_utc(now),
                    "creator": dict(creator),
                    "guid": self._new_guid(),
                }
            )
            self._created.append(wire)
            return wire

    def edit(self, guid: str, body: bytes) -> Mapping[str, Any]:
        """PUT /imports/{guid}: a new name and description (nothing else may change)."""
        self.definition(guid)  # 3012 first
        request = json_object(body)
        for name, value in request.items():
            if name not in _EDITABLE:
                raise not_editable(name)
            if not isinstance(value, str) or (name == "name" and not value.strip()):
                raise invalid_option(_shown(value), name)
        with self._lock:
            for created in self._created:
                if created["guid"] == guid:
                    created.update(request)
                    return created
            self._edits.setdefault(guid, {}).update(request)
            return self._definition_wire(guid)

    # -- runs ----------------------------------------------------------------------------

    def runs(self, guid: str, now: datetime) -> list[Mapping[str, Any]]:
        """A definition's runs as GET shows them at ``now``: seeded ones, then started ones."""
        self.definition(guid)
        seeded = self.dataset.definition(guid)
        with self._lock:
            told = [self._seeded(run) for run in seeded.runs] if seeded else []
            return told + [self._wire(run, now) for run in self._runs.get(guid, ())]

    def run(self, guid: str, run_guid: str, now: datetime) -> Mapping[str, Any]:
        """One run as GET shows it at ``now``; 3012 for an unknown definition or run."""
        with self._lock:
            found = self._find(guid, run_guid)
            return self._wire(found, now) if isinstance(found, LiveRun) else self._seeded(found)

    def start(
        self, guid: str, submission: Submission, creator: Mapping[str, str], now: datetime
    ) -> dict[str, Any]:
        """POST /imports/{guid}/runs: a CREATED run of ``submission``, in the 201 short form."""
        definition = self.definition(guid)
        outcomes = judge(submission.table, definition)
        with self._lock:
            seeded = self.dataset.definition(guid)
            numbers = [run["number"] for run in seeded.runs] if seeded else []
            numbers += [run.number for run in self._runs.get(guid, ())]
            run = LiveRun(
                guid=self._new_guid(),
                definition=guid,
                number=max(numbers, default=0) + 1,
                created=now,
                creator=dict(creator),
                submission=submission,
                outcomes=outcomes,
                commit=submission.commit,
            )
            self._runs.setdefault(guid, []).append(run)
            # Just created, whatever the timing: the first GET tells how far it got.
            return run.short(self.status_drift("CREATED"))

    def commit(self, guid: str, run_guid: str, body: bytes, now: datetime) -> Mapping[str, Any]:
        """PUT /imports/{guid}/runs/{runGuid}: commit a finished dry run, once."""
        with self._lock:
            found = self._find(guid, run_guid)
        request = json_object(body)
        for name in request:
            if name != "commit":
                raise not_editable(name)
        if "commit" not in request:
            raise required("commit")
        if request["commit"] is not True:
            raise invalid_option(_shown(request["commit"]), "commit")
        with self._lock:
            wire = self._wire(found, now) if isinstance(found, LiveRun) else self._seeded(found)
            if wire.get("status") != "COMPLETE":
                raise cannot_commit()
            if wire.get("commit") is True:
                raise not_editable("commit")
            if isinstance(found, LiveRun):
                found.commit = True
                return self._wire(found, now)
            self._committed.add(run_guid)
            return self._seeded(found)

    # -- content files -----------------------------------------------------------------

    def content(self, guid: str, run_guid: str, kind: ContentKind, now: datetime) -> FileAnswer:
        """A run's source, result or error file; 400 / 3017 when it is not there (yet)."""
        with self._lock:
            found = self._find(guid, run_guid)
            definition = self._definition_wire(guid)
            if isinstance(found, LiveRun):
                status, done = found.phase(now, self.timing)
                expired = done is not None and now >= done + RETENTION  # kept 60 days
            else:
                status, expired = found["status"], seeded_files_gone(found)
        status = self.status_drift(status)
        if expired or (kind != "submit-content" and status not in FINISHED):
            raise not_downloadable(run_guid)
        if not isinstance(found, LiveRun):  # made up to agree with its counts (content.py)
            return seeded_file(found, definition, kind)
        submission = found.submission
        if kind == "submit-content":  # the source is there from the upload on
            return FileAnswer(submission.media_type, submission.content)
        errors_only = kind == "error-content"
        table, outcomes = submission.table, found.outcomes
        return FileAnswer(
            CSV_TYPE, content_file(table, outcomes, definition, errors_only=errors_only)
        )

    # -- helpers (the lock is held) ------------------------------------------------------

    def _definition_wire(self, guid: str) -> Mapping[str, Any]:
        seeded = self.dataset.definition(guid)
        if seeded is not None:
            return self._edited(seeded.wire)
        return next(d for d in self._created if d["guid"] == guid)

    def _find(self, guid: str, run_guid: str) -> LiveRun | Mapping[str, Any]:
        seeded = self.dataset.definition(guid)
        live = self._runs.get(guid, [])
        if seeded is None and not any(d["guid"] == guid for d in self._created):
            raise guid_not_found(guid)
        if seeded is not None and run_guid in seeded.runs_by_guid:
            return seeded.runs_by_guid[run_guid]
        for run in live:
            if run.guid == run_guid:
                return run
        raise guid_not_found(run_guid)

    def _seeded(self, run: Mapping[str, Any]) -> Mapping[str, Any]:
        committed = run["guid"] in self._committed
        status = self.status_drift(run["status"])
        if not committed and status == run["status"]:
            return run
        told = dict(run)
        told["status"] = status
        if committed:
            told["commit"] = True
        return told

    def _wire(self, run: LiveRun, now: datetime) -> dict[str, Any]:
        status, done = run.phase(now, self.timing)
        return run.wire(self.status_drift(status), done)

    def _new_guid(self) -> str:
        return unique_guid(self._rng, self._used)


def seeded_files_gone(run: Mapping[str, Any]) -> bool:
    """A seeded run's files are deleted 60 days after it ended (Arena keeps results 60 days),
    counted back from the seeded data's last day; a PURGED run has none."""
    if run["status"] == "PURGED":
        return True
    completed = run.get("completionDateTime")
    if not isinstance(completed, str):
        return False
    ended = datetime.fromisoformat(completed.replace("Z", "+00:00"))
    return ended + RETENTION < DATA_END


def _shown(value: Any) -> str:
    """A JSON value as an error message quotes it: ``false``, ``"yes"``, ``3``."""
    return value if isinstance(value, str) else orjson.dumps(value).decode("utf-8")
