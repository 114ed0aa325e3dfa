"""POST /imports/{guid}/runs as the mock reads it: the multipart form, then the source file's rows.

The form is parsed by werkzeug (``multipart/form-data``, the POST Import Run page's
content type); its parts are ``submitContent`` (the file), ``submitFileType``
(``CSV`` or ``EXCEL_WORKSHEET``), ``submitWorksheetName`` and ``commit``. A part missing
from the form is looked for in the query string, where the Prismatic connector sends
all but the file. Choices where Arena's pages are silent (docs/assumptions.md):

- ``submitFileType`` is required and case-insensitive; ``commit`` is ``true`` or
  ``false`` (case-insensitive) and defaults to ``true``, the connector's default;
- a CSV is RFC 4180 in UTF-8 (a byte-order mark is dropped); an XLSX is read with
  openpyxl, from the worksheet named by ``submitWorksheetName`` or, without one, the
  workbook's active sheet;
- the first row is the header; every later row that is not entirely blank is a record
  (blank rows are skipped, as a spreadsheet's trailing rows are);
- a file that cannot be read (not UTF-8, not a workbook, no such worksheet, no header)
  is refused at once with Arena's 400 form, and no run is created.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.formparser import parse_form_data

from arena_contract.mock.errors import (
    file_missing,
    invalid_option,
    processing_failed,
    required,
)

FILE_TYPES = ("CSV", "EXCEL_WORKSHEET")
CSV_TYPE = "text/csv;charset=UTF-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """A source file's header and records, every cell as text."""

    header: tuple[str, ...]
    records: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Submission:
    """One POST of a run: the file as uploaded, how to read it, and what it holds."""

    content: bytes
    filename: str
    file_type: str
    worksheet: str | None
    commit: bool
    table: Table

    @property
    def media_type(self) -> str:
        """What GET .../submitContent answers with: the file's own type."""
        return CSV_TYPE if self.file_type == "CSV" else XLSX_TYPE


def read_submission(
    content_type: str, body: bytes, query: Mapping[str, list[str]] | None = None
) -> Submission:
    """The run a POST asks for; ArenaError (400) when a part is missing or the file unreadable."""
    form, files = _parse_form(content_type, body)
    query = query or {}

    def part(name: str) -> str | None:
        if name in form:
            return form[name]
        values = query.get(name)
        return values[0] if values else None

    upload = files.get("submitContent")
    if upload is not None:
        content, filename = upload.read(), upload.filename or "submitContent"
    elif form.get("submitContent") is not None:  # sent as a plain field: its text is the file
        content, filename = form["submitContent"].encode("utf-8"), "submitContent"
    else:
        raise file_missing()
    file_type = (part("submitFileType") or "").strip().upper()
    if not file_type:
        raise required("submitFileType")
    if file_type not in FILE_TYPES:
        raise invalid_option(part("submitFileType"), "submitFileType")
    commit = _flag(part("commit"))
    worksheet = part("submitWorksheetName") if file_type == "EXCEL_WORKSHEET" else None
    if file_type == "CSV":
        table = read_csv(content, filename)
    else:
        table, worksheet = read_xlsx(content, filename, worksheet or None)
    return Submission(content, filename, file_type, worksheet, commit, table)


def _parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, FileStorage]]:
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    try:
        _, form, files = parse_form_data(environ, silent=False)
    except ValueError:  # a malformed multipart body
        raise file_missing() from None
    return {k: form[k] for k in form}, {k: files[k] for k in files}


def _flag(value: str | None) -> bool:
    if value is None or value.strip() == "":
        return True
    text = value.strip().lower()
    if text not in ("true", "false"):
        raise invalid_option(value, "commit")
    return text == "true"


def read_csv(content: bytes, filename: str) -> Table:
    """RFC 4180 in UTF-8: the header and the records (blank rows skipped)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise processing_failed(filename) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise processing_failed(filename) from None
    return _table(rows, filename)


def read_xlsx(content: bytes, filename: str, worksheet: str | None) -> tuple[Table, str]:
    """The named (or active) worksheet of an XLSX workbook, and the sheet's name."""
    from openpyxl import load_workbook  # imported on use: only XLSX uploads need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, XML and its own errors on junk
        raise processing_failed(filename) from None
    try:
        if worksheet is None:
            sheet = workbook.active
        elif worksheet in workbook.sheetnames:
            sheet = workbook[worksheet]
        else:
            raise invalid_option(worksheet, "submitWorksheetName")
        if sheet is None:
            raise processing_failed(filename)
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        return _table(rows, filename), sheet.title
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    """A cell as the text a CSV of the same sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _table(rows: list[list[str]], filename: str) -> Table:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise processing_failed(filename)  # not even a header
    header = tuple(cell.strip() for cell in rows[0])
    return Table(header, tuple(tuple(row) for row in rows[1:]))
