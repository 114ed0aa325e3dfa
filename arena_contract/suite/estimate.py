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
from arena_contract.suite.kinds import PROBE_KINDS, Sight
from arena_contract.suite.probe import BEHAVIOURS, PARTS, RUNS, Probe
from arena_contract.suite.runtime import ProbeRun
from arena_contract.suite.schedule import suite_plan
from arena_contract.suite.survey import NoDefinition


@dataclass
class PlannedStep:
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
    #: It spends what the budget leaves (exploration): cut to what is left.
    elastic: bool = False
    #: Requests it spends although it does not fit: the first step past the budget that looks
    #: for a definition ("<=") looks at first pages until the budget stops it.
    partial: int = 0

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
    steps: list[PlannedStep] = field(default_factory=list)
    #: What planning itself sent, by part (login, discovery, first pages, logout).
    planning: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def by_part(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for step in self.steps:
            if step.fits:
                counts[step.part] += step.cost
            else:
                counts[step.part] += step.partial
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
            run.survey.slot_guid(RUNS, "breadth")  # the login, the discovery, the first page(s)
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
    """Each probe's request and cost, from what planning saw; then what fits the budget.
    Every probe's kind says its request and cost; the survey says which definition its slot
    takes and what finding it costs."""

    def __init__(self, run: ProbeRun) -> None:
        self.run = run
        self.settings = run.settings
        self.slots = run.survey.estimate()
        self.sent: dict[tuple[str, str], int] = {}  # (guid, request key) -> step
        self.steps_: list[PlannedStep] = []

    def steps(self) -> list[PlannedStep]:
        settings = self.settings
        self._add("session", "login", "POST /login", 0 if not settings.logs_in else 1)
        for probe in suite_plan(settings.import_guids, settings.max_imports):
            self._probe(probe)
        logout = 0 if settings.session_id or not settings.logs_in else 1
        self._fit(logout)
        if logout:
            self._add("session", "logout", "PUT /logout", 1).fits = True
        return self.steps_

    def _add(self, part: str, name: str, request: str, cost: int, **extra: Any) -> PlannedStep:
        step = PlannedStep(len(self.steps_) + 1, part, name, request, cost, **extra)
        self.steps_.append(step)
        return step

    def _probe(self, probe: Probe) -> None:
        kind = PROBE_KINDS[probe.kind]
        if not probe.slot:
            sight = Sight(probe, "<GUID>", None, self.settings)
            self._add(
                probe.part,
                probe.name,
                kind.planned(sight),
                kind.requests(sight),
                behaviours=probe.behaviours,
                elastic=kind.elastic,
            )
            return
        guid, looking, bound = self.slots.slot(probe.slot)
        sight = Sight(probe, guid, self.run.survey.known_page(guid), self.settings)
        key = (guid, probe.request) if probe.request else None
        shares = self.sent.get(key) if key is not None else None
        if shares is not None:
            cost = looking
        else:
            cost = looking + kind.requests(sight)
            if kind.estimated and guid not in self.slots.known:
                bound = bound or "~"
        step = self._add(
            probe.part,
            probe.name,
            kind.planned(sight),
            cost,
            behaviours=probe.behaviours,
            bound=bound,
            shares=shares,
            elastic=kind.elastic,
        )
        if key is not None:
            self.sent.setdefault(key, step.number)

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
            if step.elastic and step.cost > left:
                step.cost, step.bound = left, "<="
            if step.cost <= left:
                left -= step.cost
            else:
                step.fits, stopped = False, True
                if step.bound == "<=":
                    step.partial = left  # it looks until the budget stops it
