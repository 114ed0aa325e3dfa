"""A run's records judged, and its result and error content files written.

The one rule a record can fail (docs/assumptions.md, "Import runs in the mock"): its
**key** is empty. The key is the column the definition maps to the API name ``number``
(mapping names compare case-insensitively, as the Import Engine mapping page says), or,
without such a mapping, the column headed ``number``; a record whose key cell is empty or
white space, or that has no such cell, fails with 3001 ``The attribute "number" is
required.`` Every other record succeeds.

Both files are CSV (RFC 4180, UTF-8, CRLF line ends), as the developer help's workflow
page describes them: the source's columns (less those the mapping marks
``inResponse: false``), then ``status`` (``SUCCESS`` or ``ERROR``), ``errorCode`` and
``errorMessage``. The result file has one row per record, the error file one per failed
record (a header alone when none failed).

The seeded dataset's runs have no uploaded file; :func:`seeded_table` makes one whose
records fail exactly ``errorCount`` times, so every finished run's files agree with its
counts.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from arena_contract.mock.errors import MESSAGES, REQUIRED
from arena_contract.mock.upload import CSV_TYPE, XLSX_TYPE, Table

KEY_API_NAME = "number"
OUTCOME_COLUMNS = ("status", "errorCode", "errorMessage")
#: Which content file a path names: the endpoint kinds of arena_contract.paths.
ContentKind = Literal["submit-content", "result-content", "error-content"]


@dataclass(frozen=True)
class FileAnswer:
    """A content file as the engine sends it: its bytes and media type, not JSON."""

    media_type: str
    content: bytes


@dataclass(frozen=True)
class Outcome:
    """What became of one record."""

    error_code: int | None = None
    error_message: str = ""

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def status(self) -> str:
        return "SUCCESS" if self.ok else "ERROR"


SUCCESS = Outcome()
KEY_MISSING = Outcome(REQUIRED, MESSAGES[REQUIRED].format(KEY_API_NAME))


def _mapping(definition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    options = definition.get("options")
    mapping = options.get("mapping") if isinstance(options, Mapping) else None
    return [m for m in mapping if isinstance(m, Mapping)] if isinstance(mapping, list) else []


def _fold(value: Any) -> str:
    return str(value).strip().casefold()


def key_column(header: Sequence[str], definition: Mapping[str, Any]) -> int | None:
    """Where a record's key is: the column mapped to ``number``, else the one headed so."""
    wanted = KEY_API_NAME
    for entry in _mapping(definition):
        if _fold(entry.get("apiName", "")) == KEY_API_NAME and entry.get("sourceName"):
            wanted = _fold(entry["sourceName"])
            break
    folded = [_fold(name) for name in header]
    return folded.index(wanted) if wanted in folded else None


def judge(table: Table, definition: Mapping[str, Any]) -> tuple[Outcome, ...]:
    """Each record's outcome under the key rule."""
    key = key_column(table.header, definition)

    def outcome(record: Sequence[str]) -> Outcome:
        if key is None or key >= len(record) or not record[key].strip():
            return KEY_MISSING
        return SUCCESS

    return tuple(outcome(record) for record in table.records)


def _shown_columns(header: Sequence[str], definition: Mapping[str, Any]) -> list[int]:
    hidden = {
        _fold(entry.get("sourceName", ""))
        for entry in _mapping(definition)
        if entry.get("inResponse") is False
    }
    return [i for i, name in enumerate(header) if _fold(name) not in hidden]


def _write(rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def content_file(
    table: Table,
    outcomes: Sequence[Outcome],
    definition: Mapping[str, Any],
    *,
    errors_only: bool,
) -> bytes:
    """The result file (every record) or the error file (``errors_only``) as CSV bytes."""
    shown = _shown_columns(table.header, definition)
    width = len(table.header)

    def rows() -> Iterable[Sequence[Any]]:
        yield [table.header[i] for i in shown] + list(OUTCOME_COLUMNS)
        for record, outcome in zip(table.records, outcomes, strict=True):
            if errors_only and outcome.ok:
                continue
            cells = list(record[:width]) + [""] * (width - len(record))
            code = "" if outcome.error_code is None else outcome.error_code
            yield [cells[i] for i in shown] + [outcome.status, code, outcome.error_message]

    return _write(rows())


def csv_bytes(table: Table) -> bytes:
    """A table as the CSV file a user would upload."""
    return _write([table.header, *table.records])


def failing_rows(total: int, errors: int) -> Iterable[bool]:
    """For each of ``total`` records, whether it is one of ``errors`` failures, spread evenly
    (no randomness: the same run always gives the same file)."""
    for index in range(total):
        yield (index + 1) * errors // total > index * errors // total if total else False


def seeded_table(number: int, total: int, errors: int, key: str = KEY_API_NAME) -> Table:
    """A source for seeded run ``number``: ``total`` records, of which ``errors`` (spread
    evenly) have an empty ``key`` cell and so fail the key rule."""
    records = tuple(
        ("" if fails else f"P-{number:04d}-{index + 1:06d}", f"Part {index + 1} of run {number}")
        for index, fails in enumerate(failing_rows(total, min(errors, total)))
    )
    return Table((key, "Description"), records)


def seeded_file(
    run: Mapping[str, Any], definition: Mapping[str, Any], kind: ContentKind
) -> FileAnswer:
    """(media type, bytes) of a seeded run's source (``submit-content``: CSV, or XLSX for an
    ``EXCEL_WORKSHEET`` run), result or error file, made from :func:`seeded_table`."""
    key = next(
        (
            str(entry["sourceName"])
            for entry in _mapping(definition)
            if _fold(entry.get("apiName", "")) == KEY_API_NAME and entry.get("sourceName")
        ),
        KEY_API_NAME,
    )
    return FileAnswer(
        *_seeded_file(
            int(run.get("number") or 0),
            int(run.get("totalCount") or 0),
            int(run.get("errorCount") or 0),
            key,
            run.get("submitFileType") == "EXCEL_WORKSHEET",
            run.get("submitWorksheetName"),
            kind,
        )
    )


@functools.lru_cache(maxsize=6)
def _seeded_file(
    number: int, total: int, errors: int, key: str, excel: bool, sheet: str | None, kind: str
) -> tuple[str, bytes]:
    # Cached: a seeded run's file has up to ~150 000 rows, and the same arguments always
    # make the same bytes (engines of one seed share their runs).
    table = seeded_table(number, total, errors, key)
    if kind == "submit-content":
        return (XLSX_TYPE, xlsx_bytes(table, sheet)) if excel else (CSV_TYPE, csv_bytes(table))
    definition = {"options": {"mapping": [{"apiName": KEY_API_NAME, "sourceName": key}]}}
    outcomes = judge(table, definition)
    return CSV_TYPE, content_file(table, outcomes, definition, errors_only=kind == "error-content")


def xlsx_bytes(table: Table, worksheet: str | None) -> bytes:
    """A workbook holding ``table`` on the sheet ``worksheet`` (written with openpyxl)."""
    from openpyxl import Workbook  # imported on use: only XLSX files need it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(worksheet or "Sheet1")[:31])
    sheet.append(list(table.header))
    for record in table.records:
        sheet.append(list(record))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
