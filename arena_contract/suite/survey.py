"""Which import definition each probe uses: the definitions to probe (given, or discovered
with GET /imports), their first pages (each fetched once), and the choice of a definition
for each slot, made from what was seen. The plan (``--plan``) asks the same survey what a
slot would cost to fill, from what planning saw, so the choice is written once.
"""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.client import RequestFailed, segment
from arena_contract.live.settings import Settings
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import inputs
from arena_contract.suite.inputs import page_kind, runs_on
from arena_contract.suite.probe import EMPTY, LONG, RUNS
from arena_contract.suite.transport import Transport

#: More first pages looked at than definitions probed in depth, to find ones that differ.
SURVEY_EXTRA = 2


class NoDefinition(Exception):
    """No definition fits a probe's slot (none discovered, none long, none empty): a skip."""


class Survey:
    def __init__(self, transport: Transport, settings: Settings) -> None:
        self.transport = transport
        self.settings = settings
        #: GET /imports's answer, once asked.
        self.discovery: Exchange | None = None
        self._imports: list[str] | None = None
        self._discovery_failed: RequestFailed | None = None
        self._first_pages: dict[str, Exchange] = {}
        self._chosen: list[str] = []

    # -- what was seen --------------------------------------------------------------

    def import_guids(self) -> list[str]:
        """The import definitions to probe: those given, else the ones GET /imports lists
        (asked once: a discovery that got no usable answer is not asked again)."""
        if self.settings.import_guids:
            return list(self.settings.import_guids)
        if self._discovery_failed is not None:
            raise NoDefinition(f"the discovery got no usable answer ({self._discovery_failed})")
        if self._imports is None:
            try:
                self.discovery = self.transport.get(
                    "/imports",
                    [("limit", str(MAX_LIMIT))],
                    part="discovery",
                    label="discover import definitions",
                )
            except RequestFailed as exc:
                self._discovery_failed = exc
                raise
            body = self.discovery.body
            results = body.get("results") if isinstance(body, dict) else None
            found = [d.get("guid") for d in results or [] if isinstance(d, dict)]
            self._imports = [g for g in found if isinstance(g, str) and g]
        return self._imports

    def first_page(self, guid: str, part: str = "essential") -> Exchange:
        """The unfiltered first page of a definition's runs (fetched once)."""
        if guid not in self._first_pages:
            self._first_pages[guid], _ = self.transport.fetch(
                inputs.runs_path(segment(guid)), part=part, label="unfiltered list"
            )
        return self._first_pages[guid]

    def seen_runs(self, guid: str, part: str = "essential") -> list[dict[str, Any]]:
        return runs_on(self.first_page(guid, part))

    def known_page(self, guid: str) -> Exchange | None:
        """The first page of ``guid`` if it was seen (no request)."""
        return self._first_pages.get(guid)

    def candidates(self) -> list[str]:
        """The definitions whose first pages may be looked at: those given, else the first
        few discovered (a few more than are probed in depth, to find ones that differ)."""
        guids = self.import_guids()
        if self.settings.import_guids:
            return guids
        return guids[: max(self.settings.max_imports, 1) + SURVEY_EXTRA]

    def known_candidates(self) -> list[str]:
        """The candidates, when known without a request (given, or already discovered)."""
        if self.settings.import_guids or self._imports is not None:
            return self.candidates()
        return []

    def surveyed(self) -> dict[str, str | None]:
        """What each first page seen so far showed: 'empty', 'short', 'long' (None: no list)."""
        return {guid: page_kind(page) for guid, page in self._first_pages.items()}

    # -- which definition each slot takes -------------------------------------------

    def slot_guid(self, slot: str, part: str) -> str:
        """The definition for ``slot`` (looking at first pages as needed); NoDefinition else."""
        candidates = self.candidates()
        if not candidates:
            flag = self.settings.flag("import-guid")
            raise NoDefinition(f"GET /imports lists no import definition: give {flag}")
        if slot == RUNS:
            return self._first_with_runs(candidates, part)
        if slot in (LONG, EMPTY):
            return self._first_of_kind(slot, candidates, part)
        if slot in self.settings.import_guids:
            return slot
        index = int(slot.removeprefix("import"))
        return self._chosen_for_depth(index, candidates, part)

    def _first_with_runs(self, candidates: list[str], part: str) -> str:
        if self.settings.import_guids:
            return candidates[0]  # the user named them: the first one given
        for guid in candidates:
            if page_kind(self.first_page(guid, part)) in ("short", "long"):
                return guid
        return candidates[0]

    def _seen_first(self, guids: list[str]) -> list[str]:
        known = self.surveyed()
        return [g for g in guids if g in known] + [g for g in guids if g not in known]

    def _first_of_kind(self, kind: str, candidates: list[str], part: str) -> str:
        for guid in self._seen_first(candidates):
            if page_kind(self.first_page(guid, part)) == kind:
                return guid
        what = "longer than a page" if kind == LONG else "without runs"
        raise NoDefinition(
            f"none of the {len(candidates)} import definition(s) looked at is {what}"
        )

    def _chosen_for_depth(self, index: int, candidates: list[str], part: str) -> str:
        """Depth slot ``index``: the first is the breadth part's; each next one, a definition
        whose first page differs from those chosen (long vs short), looked for among a few."""
        if not self._chosen:
            self._chosen.append(self._first_with_runs(candidates, part))
        while len(self._chosen) <= index:
            pool = [g for g in candidates if g not in self._chosen]
            if not pool:
                raise NoDefinition(f"the workspace lists {len(self._chosen)} import definition(s)")
            self._chosen.append(self._most_telling(pool, part))
        return self._chosen[index]

    def _most_telling(self, pool: list[str], part: str) -> str:
        have = {page_kind(self._first_pages[g]) for g in self._chosen if g in self._first_pages}
        for guid in self._seen_first(pool):
            kind = page_kind(self.first_page(guid, part))
            if kind in ("short", "long") and kind not in have:
                return guid
        with_runs = [g for g in pool if self.surveyed().get(g) in ("short", "long")]
        return (with_runs or pool)[0]

    # -- the same choice, before spending (--plan) -------------------------------------

    def estimate(self) -> SlotEstimate:
        return SlotEstimate(self)


class SlotEstimate:
    """Which definition each slot would take, from the first pages planning saw, and how
    many first pages finding it would cost (each counted once over the plan)."""

    def __init__(self, survey: Survey) -> None:
        self.settings = survey.settings
        self.known = survey.surveyed()  # guid -> page kind, in the order they were looked at
        self.candidates = survey.known_candidates()
        self.looked: set[str] = set()

    def slot(self, slot: str) -> tuple[str, int, str]:
        """(the GUID or a placeholder, first pages to look at first, bound: '<=' or '')."""
        given = self.settings.import_guids
        if slot in (RUNS, given[0] if given else "import0"):  # depth's first is breadth's
            guid = self._runs_guid()
            return guid, self._look(self._looked_up_to(guid)), ""
        if slot in (LONG, EMPTY):
            found = [g for g, kind in self.known.items() if kind == slot]
            if found:
                return found[0], self._look([found[0]]), ""
            unseen = [g for g in self.candidates if g not in self.known and g not in self.looked]
            self.looked.update(unseen)
            return f"<{slot} definition>", len(unseen), "<="
        if slot in given:
            return slot, self._look([slot]), ""
        # A depth definition chosen when reached: its first page (or a few, to find one
        # that differs from those probed) is not known yet.
        return f"<{slot}>", self._look([slot]), "<="

    def _runs_guid(self) -> str:
        for guid, kind in self.known.items():
            if kind in ("short", "long"):
                return guid
        return next(iter(self.known), "<no definition>")

    def _looked_up_to(self, guid: str) -> list[str]:
        order = list(self.known)
        return order[: order.index(guid) + 1] if guid in order else []

    def _look(self, guids: list[str]) -> int:
        new = [g for g in guids if g not in self.looked]
        self.looked.update(new)
        return len(new)
