"""A plan before spending: what the suite would send for the budget, in order, and its cost.

``arena-contract probe --plan`` and ``pytest --arena-url=... --arena-plan`` send only what
planning needs: the login, the discovery (unless GUIDs are given), the first page(s) up to
the first definition with runs (its runs give the filter values and the list's length), and
the logout. Then every probe of :func:`suite_plan` gets its request and its cost: nothing
when it shares a request already counted, the pages of the walk from the list's length, the
exploration what the budget leaves. A cost that depends on pages not seen yet (looking for
a definition with no runs) is an upper bound, marked ``<=``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import ArenaUnreachable
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import plan
from arena_contract.suite.probes import BEHAVIOURS, EMPTY, LONG, PARTS, RUNS, Probe, suite_plan
from arena_contract.suite.runtime import NoDefinition, ProbeRun, page_kind, runs_on


@dataclass
class Step:
    number: int
    part: str
    name: str
    request: str
    cost: int
    behaviours: tuple[str, ...] = ()
    #: "<=": at most (depends on pages not seen); "~": about (the walk of a list not seen).
    bound: str = ""
    fits: bool = True
    #: The step whose request this one shares.
    shares: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.number,
            "part": self.part,
            "probe": self.name,
            "request": self.request,
            "requests": self.cost,
            "bound": self.bound or None,
            "behaviours": list(self.behaviours),
            "within_budget": self.fits,
            "shares_step": self.shares,
        }


@dataclass
class Plan:
    target: str
    max_requests: int
    steps: list[Step] = field(default_factory=list)
    #: What planning itself sent, by part (login, discovery, first pages, logout).
    planning: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def by_part(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for step in self.steps:
            if step.fits:
                counts[step.part] += step.cost
        return {part: counts[part] for part in PARTS if counts[part]}

    @property
    def covered(self) -> list[str]:
        seen = {b for step in self.steps if step.fits for b in step.behaviours}
        return [b for b in BEHAVIOURS if b in seen]

    def summary(self) -> dict[str, Any]:
        return {
            "requests": sum(self.by_part.values()),
            "max_requests": self.max_requests,
            "behaviours": len(BEHAVIOURS),
            "behaviours_covered": len(self.covered),
            "steps": len(self.steps),
            "steps_within_budget": sum(s.fits for s in self.steps),
            "planning_requests": sum(self.planning.values()),
        }

    def lines(self) -> list[str]:
        lines = [f"plan for --max-requests {self.max_requests} against {self.target}:"]
        if self.error:
            lines.append(f"error: {self.error}")
        width = max((len(s.name) for s in self.steps), default=10)
        cut = False
        for step in self.steps:
            if not step.fits and not cut:
                lines.append("-- not within the budget:")
                cut = True
            cost = f"{step.bound}{step.cost}"
            shared = f" (shares #{step.shares})" if step.shares else ""
            serves = f"  [{', '.join(step.behaviours)}]" if step.behaviours else ""
            lines.append(
                f"{step.number:>3}. {cost:>4}  {step.part:<12} {step.name:<{width}}  "
                f"{step.request}{shared}{serves}"
            )
        parts = ", ".join(f"{part} {n}" for part, n in self.by_part.items())
        lines.append(f"requests per part: {parts}")
        covered = self.covered
        missing = [b for b in BEHAVIOURS if b not in covered]
        line = f"covers {len(covered)} of {len(BEHAVIOURS)} behaviours"
        lines.append(line + (f"; not within the budget: {', '.join(missing)}" if missing else ""))
        spent = ", ".join(f"{part} {n}" for part, n in self.planning.items())
        lines.append(
            f"planning sent {sum(self.planning.values())} request(s) ({spent or 'none'}): "
            "the login, the discovery, the first page(s) up to a definition with runs, the "
            "logout; nothing else"
        )
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.error is None,
            "summary": self.summary(),
            "target": self.target,
            "requests": {"by_part": self.by_part},
            "behaviours": {
                "covered": self.covered,
                "not_covered": [b for b in BEHAVIOURS if b not in self.covered],
            },
            "planning": {"sent": sum(self.planning.values()), "by_part": self.planning},
            "error": self.error,
            "steps": [s.to_dict() for s in self.steps],
        }


def make_plan(run: ProbeRun) -> Plan:
    """Plan ``run`` (sending only what planning needs) and close it (the logout)."""
    settings = run.settings
    try:
        run.start()
        try:
            run.slot_guid(RUNS, "breadth")  # the login, the discovery, the first page(s)
        except (NoDefinition, BudgetExhausted):
            pass
        except ArenaUnreachable as exc:
            run.fatal = str(exc)
    finally:
        run.close()
    result = Plan(run.target, settings.max_requests, planning=dict(run.budget.by_part))
    result.error = run.fatal
    run.plan = result
    if run.fatal is None:
        result.steps = _Estimate(run).steps()
    return result


def plan_instead(config: Any, items: list[Any], run: ProbeRun) -> None:
    """For ``pytest --arena-plan``: deselect the suite's items and plan instead (the plugin
    prints the plan in its summary). The user's own tests are left alone."""
    from arena_contract.suite import SUITE_PATH

    suite = [item for item in items if item.path == SUITE_PATH]
    if suite:
        config.hook.pytest_deselected(items=suite)
        items[:] = [item for item in items if item.path != SUITE_PATH]
    run.plan = make_plan(run)


class _Estimate:
    """Each probe's request and cost, from what planning saw; then what fits the budget."""

    def __init__(self, run: ProbeRun) -> None:
        self.run = run
        self.settings = run.settings
        self.known = run.surveyed()  # guid -> page kind, in the order they were looked at
        self.candidates = run.known_candidates()
        self.sent: dict[tuple[str, str], int] = {}  # (guid, request key) -> step
        self.looked: set[str] = set()
        self.steps_: list[Step] = []

    def steps(self) -> list[Step]:
        settings = self.settings
        self._add("session", "login", "POST /login", 0 if not settings.logs_in else 1)
        for probe in suite_plan(settings.import_guids, settings.max_imports):
            self._probe(probe)
        logout = 0 if settings.session_id or not settings.logs_in else 1
        self._fit(logout)
        if logout:
            self._add("session", "logout", "PUT /logout", 1).fits = True
        return self.steps_

    def _add(self, part: str, name: str, request: str, cost: int, **extra: Any) -> Step:
        step = Step(len(self.steps_) + 1, part, name, request, cost, **extra)
        self.steps_.append(step)
        return step

    # -- which definition, and what it costs to find it ---------------------------------

    def _slot(self, probe: Probe) -> tuple[str, int, str]:
        """(label for the request, requests to look at first pages first, bound)."""
        slot = probe.slot
        given = self.settings.import_guids
        if slot in (RUNS, given[0] if given else "import0"):  # depth's first is breadth's
            guid = self._runs_guid()
            return guid, self._look(self._runs_path_to(guid)), ""
        if slot in (LONG, EMPTY):
            found = [g for g, kind in self.known.items() if kind == slot]
            if found:
                return found[0], self._look([found[0]]), ""
            unseen = [g for g in self.candidates if g not in self.known and g not in self.looked]
            self.looked.update(unseen)
            return f"<{slot} definition>", len(unseen), "<="
        if slot in self.settings.import_guids:
            return slot, self._look([slot]), ""
        # A depth definition chosen when reached: its first page (or a few, to find one
        # that differs from those probed) is not known yet.
        return f"<{slot}>", self._look([slot]), "<="

    def _runs_guid(self) -> str:
        for guid, kind in self.known.items():
            if kind in ("short", "long"):
                return guid
        return next(iter(self.known), "<no definition>")

    def _runs_path_to(self, guid: str) -> list[str]:
        order = list(self.known)
        return order[: order.index(guid) + 1] if guid in order else []

    def _look(self, guids: list[str]) -> int:
        new = [g for g in guids if g not in self.looked]
        self.looked.update(new)
        return len(new)

    # -- each probe ------------------------------------------------------------------------

    def _probe(self, probe: Probe) -> None:
        if probe.kind == "discovery":
            given = bool(self.settings.import_guids)
            request = "(none: GUIDs given)" if given else f"GET /imports?limit={MAX_LIMIT}"
            self._add(probe.part, probe.name, request, 0 if given else 1)
            return
        if not probe.slot:
            self._add(
                probe.part,
                probe.name,
                _request(probe, "<GUID>"),
                _own_cost(probe),
                behaviours=probe.behaviours,
            )
            return
        guid, looking, bound = self._slot(probe)
        shares = None
        if probe.kind == "first-page":
            cost = looking
            key = (guid, "first-page")
            if not cost and key in self.sent:
                shares = self.sent[key]
        else:
            key = (guid, probe.request) if probe.request else None
            if key is not None and key in self.sent:
                cost, shares = looking, self.sent[key]
            else:
                cost = looking + self._cost(probe, guid)
                if probe.kind == "walk" and guid not in self.known:
                    bound = bound or "~"
        step = self._add(
            probe.part,
            probe.name,
            _request(probe, guid, self._page(guid)),
            cost,
            behaviours=probe.behaviours,
            bound=bound,
            shares=shares,
        )
        if probe.kind == "first-page" or probe.request:
            self.sent.setdefault(
                (guid, "first-page" if probe.kind == "first-page" else probe.request), step.number
            )

    def _page(self, guid: str) -> Any:
        return self.run.known_page(guid)

    def _cost(self, probe: Probe, guid: str) -> int:
        if probe.kind == "walk":
            page = self._page(guid)
            total = plan.list_total(page.body) if page is not None else None
            if total is None:
                return 4
            limit = plan.walk_limit(total)
            return total // limit + 1
        if probe.kind.startswith("explore"):
            return self.settings.examples
        if probe.kind in (
            "filter-seen",
            "filter-pair",
            "single-run",
            "short-page",
            "offset-inside",
        ):
            page = self._page(guid)
            if page is not None and not runs_on(page):
                return 0  # skipped: no runs to take a value from
        return _own_cost(probe)

    # -- the budget ------------------------------------------------------------------------

    def _fit(self, logout: int) -> None:
        left = self.settings.max_requests - logout
        stopped = False
        for step in self.steps_:
            if step.cost == 0:  # shares an answer, or sends nothing
                step.fits = step.shares is None or self.steps_[step.shares - 1].fits
                continue
            if stopped:
                step.fits = False
                continue
            if step.name.startswith("explore") and step.cost > left:
                step.cost, step.bound = left, "<="
            if step.cost <= left:
                left -= step.cost
            else:
                step.fits, stopped = False, True


def _own_cost(probe: Probe) -> int:
    return 0 if probe.kind == "countdown" else 1


def _request(probe: Probe, guid: str, page: Any = None) -> str:
    runs = f"GET /imports/{guid}/runs"
    arg = probe.arg
    kind = probe.kind
    if kind == "first-page":
        shown = f" ({page_kind(page)})" if page is not None and page_kind(page) else ""
        return runs + shown
    if kind in ("short-page", "offset-inside"):
        from arena_contract.suite.kinds import short_inside_query

        query = short_inside_query(page) if page is not None else [("offset", "5"), ("limit", "5")]
        return runs + "?" + "&".join(f"{k}={v}" for k, v in query)
    if kind == "filter-seen":
        extra = f"&limit={MAX_LIMIT}" if probe.request == "status-max" else ""
        return f"{runs}?{arg}=<a value seen>{extra}"
    if kind == "limit-max" and probe.request == "status-max":
        return f"{runs}?status=<a value seen>&limit={MAX_LIMIT}"
    return {
        "filter-unseen": f"{runs}?{arg}=<a value no run has>",
        "filter-pair": f"{runs}?" + "&".join(f"{n}=<seen>" for n in arg.split("+")),
        "limit-1": f"{runs}?limit=1",
        "limit-max": f"{runs}?limit={MAX_LIMIT}",
        "limit-over-max": f"{runs}?limit={MAX_LIMIT + 1}",
        "offset-past-end": f"{runs}?offset=<past the end>",
        "malformed": f"GET /imports/<GUID {arg}>/runs",
        "unknown-guid": f"GET /imports/{plan.UNKNOWN_GUID}/runs",
        "session": f"GET /imports/<GUID>/runs with {'no' if arg == 'missing' else 'a bad'} session",
        "single-run": f"{runs}/<a finished run>",
        "unknown-run": f"{runs}/{plan.UNKNOWN_GUID}",
        "malformed-run": f"{runs}/<a run GUID with a trailing space>",
        "walk": f"{runs}?offset=...&limit=...: the whole list, page by page",
        "explore-hypothesis": f"{runs}?<generated queries> (Hypothesis)",
        "explore-schemathesis": f"{runs}?<generated queries> (Schemathesis)",
        "countdown": "(no request: reads X-Arena-Requests-Remaining of the answers)",
    }[kind]
