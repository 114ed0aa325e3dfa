"""Baselines of known findings: adopt arena-contract on a workspace that does not conform
yet, and fail only on what is new.

A finding is known by its *entry*: the rule, the operation (``listImportRuns``,
``getImportRun``...), the status class (``2xx``, ``4xx``) and its pointer with array
indices generalised (``/results/*/creator/guid``). Not by file name, GUID or value, so an
entry survives re-recording: a ``run.counts`` violation at /results/2 matches one written
at /results/0. The file is sorted JSON, one entry per line, fit to commit and review; the
count says how many findings the entry stood for when it was written (information only:
the number of runs changes with every recording).

A baseline is scoped by the hosts it was written from (``"hosts"``: the request URLs'
host names): its entries are accepted wherever they are found, but called stale ("no
longer seen") only by a run that saw one of those hosts. A baseline written from
production thus says nothing on runs against the mock on loopback. A baseline written
from bodies alone (no request URL) has no hosts and is judged by every run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from arena_contract.config.files import ConfigError, shown
from arena_contract.findings import Finding, generalised
from arena_contract.redact import redact_text
from arena_contract.safe_files import UnusableFile, read_regular, write_atomic

FORMAT = "arena-contract baseline"
VERSION = 1


class Entry(NamedTuple):
    rule: str
    operation: str
    status: str
    at: str

    def text(self) -> str:
        return f"{self.rule} at {self.at or '(whole body)'} ({self.operation}, {self.status})"


def status_class(status: int | None) -> str:
    return f"{status // 100}xx" if isinstance(status, int) and 100 <= status < 600 else "none"


def entry(finding: Finding, operation: str, status: str) -> Entry:
    # Masked here, not only when written: a field named after a password is a secret in a
    # pointer too, and the entry written must match the same finding when read back.
    return Entry(finding.rule, operation, status, redact_text(generalised(finding.pointer)))


@dataclass
class Ledger:
    """Every finding a run gave, by entry (before the baseline), and those it accepted."""

    seen: Counter[Entry] = field(default_factory=Counter)
    accepted: Counter[Entry] = field(default_factory=Counter)
    #: Entries of findings that touch a consumed field (see Policy.consumed).
    consumed: Counter[Entry] = field(default_factory=Counter)
    #: The host names of the requests checked (a baseline's scope).
    hosts: set[str] = field(default_factory=set)

    def merge(self, other: Ledger | None) -> None:
        if other is not None:
            self.seen.update(other.seen)
            self.accepted.update(other.accepted)
            self.consumed.update(other.consumed)
            self.hosts.update(other.hosts)

    def stale(self, known: Iterable[tuple[str, str, str, str]]) -> list[Entry]:
        """The baseline's entries this run never saw: the file can be pruned of them."""
        return sorted(Entry(*e) for e in known if Entry(*e) not in self.seen)

    def judges(self, hosts: frozenset[str]) -> bool:
        """Whether this run can call a baseline written from ``hosts`` stale: it saw one of
        them, or the baseline has no scope, or this run saw no URL (bodies alone)."""
        return not hosts or not self.hosts - {""} or bool(hosts & self.hosts)


class Baseline(NamedTuple):
    """A baseline file's entries and the hosts it was written from (empty: unscoped)."""

    entries: frozenset[Entry]
    hosts: frozenset[str]


def read(path: Path, write_flag: str = "--arena-write-baseline") -> frozenset[Entry]:
    """The entries of a baseline file; ConfigError (one line) when it cannot be one."""
    return load(path, write_flag).entries


def load(path: Path, write_flag: str = "--arena-write-baseline") -> Baseline:
    """A baseline file; ConfigError (one line) when it cannot be one (or is missing).
    ``write_flag``: the option that writes one, as the surface asking spells it."""
    name = shown(path)
    if not os.path.lexists(path):
        raise ConfigError(
            f"baseline {name}: no such file yet; run this command once with "
            f"{write_flag} {name} to record today's findings in it"
        )
    try:
        text = read_regular(path).decode("utf-8")
    except UnusableFile as exc:
        raise ConfigError(f"baseline {name}: cannot read it: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"baseline {name}: cannot read it: not UTF-8") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline {name}: not JSON (line {exc.lineno}): {exc.msg}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ConfigError(
            f'baseline {name}: not an arena-contract baseline (no "format": {FORMAT!r})'
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise ConfigError(f'baseline {name}: "findings" must be a list')
    found = set()
    for number, item in enumerate(entries):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in Entry._fields
        ):
            raise ConfigError(
                f"baseline {name}: findings[{number}] needs the strings {', '.join(Entry._fields)}"
            )
        found.add(Entry(*(item[k] for k in Entry._fields)))
    hosts = document.get("hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(host, str) for host in hosts):
        raise ConfigError(f'baseline {name}: "hosts" must be a list of host names')
    return Baseline(frozenset(found), frozenset(hosts))


def dumps(ledger: Ledger) -> str:
    """The baseline of a run: sorted, one entry per line, the same bytes for the same run."""
    lines = []
    for item in sorted(ledger.seen):
        record: dict[str, Any] = item._asdict()
        record["count"] = ledger.seen[item]
        lines.append("    " + json.dumps(record, ensure_ascii=False))
    body = ",\n".join(lines)
    named = sorted(host for host in ledger.hosts if host)
    hosts = f'  "hosts": {json.dumps(named, ensure_ascii=False)},\n' if named else ""
    return (
        f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n{hosts}  "findings": [\n'
        + (body + "\n" if body else "")
        + "  ]\n}\n"
    )


def write(path: Path, ledger: Ledger) -> str | None:
    """Write the baseline (atomically: a reader never sees half a file); an error line or None."""
    try:
        write_atomic(path, redact_text(dumps(ledger)))
    except UnusableFile as exc:
        return f"cannot write the baseline {shown(path)}: {exc}"
    return None
