"""The run's record: each probe's result in the order they ran, every observation (one
store: the summary's lines and the JSON's values are both read from it), and what ``record``
found in its sample. The reports are made from this and the run's budget."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from arena_contract.suite.result import Coverage, Observation, Result


class Journal:
    def __init__(self) -> None:
        #: Each probe's result, in the order they ran (reports are made from these).
        self.results: dict[str, Result] = {}
        #: What the workspace did where Arena's docs are silent, each reading once per topic.
        self.observations: list[Observation] = []
        #: Findings on what ``record`` sampled, by severity.
        self.sampled: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, result: Result) -> None:
        self.results[result.probe.name] = result

    def observe(self, topic: str, what: str, value: dict[str, Any] | None = None) -> None:
        with self._lock:
            if any(o.topic == topic and o.what == what for o in self.observations):
                return
            self.observations.append(Observation(topic, what, value or {"reading": what}))

    def by_topic(self) -> dict[str, list[str]]:
        """Each topic's readings, in the order first seen (the summary's ``observed:`` lines)."""
        topics: dict[str, list[str]] = {}
        for observation in self.observations:
            topics.setdefault(observation.topic, []).append(observation.what)
        return topics

    def coverage(self, stopped: str | None) -> Coverage:
        return Coverage.of(list(self.results.values()), stopped)
