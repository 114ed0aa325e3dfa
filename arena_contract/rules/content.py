"""Rules on a run's content files (submitContent, resultContent, errorContent).

Arena streams them as files, not JSON (its pages show only "<file stream of submitContent
file>"): body.json and header.content-type leave them alone, and these rules read them. The
source file is whatever was uploaded (CSV or XLSX); the result and error files are CSV, one
row per record and per failed record, the error file with the columns status, errorCode and
errorMessage (the developer help's Import Engine workflow page; docs/assumptions.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from arena_contract.rules.context import Context
from arena_contract.rules.registry import Feed, Hit, rule, sequence_rule
from arena_contract.rules.runs import FINISHED

SOURCE, RESULT, ERRORS = (
    "getImportRunSubmitContent",
    "getImportRunResultContent",
    "getImportRunErrorContent",
)
#: The columns of an error file (the workflow page: "status, errorCode, errorMessage").
ERROR_COLUMNS = ("status", "errorCode", "errorMessage")
#: How an XLSX (or any ZIP) file begins.
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """A CSV file as read: its header, its data rows (blank lines not counted), and the rows
    whose number of fields differs from the header's (1-based line of the record)."""

    header: list[str]
    rows: int
    ragged: list[int]


def _file_operation(ctx: Context) -> str | None:
    """The content operation a 200 file answer is from, else None."""
    return ctx.operation.operation_id if ctx.is_file and ctx.operation is not None else None


def read_table(data: bytes) -> Table | str:
    """The CSV file ``data``, or why it is not one (a sentence)."""
    if data.startswith(_ZIP_MAGIC):
        return "an XLSX (ZIP) file, not CSV"
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is how Excel writes UTF-8 CSV
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start})"
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows, ragged = 0, []
    try:
        for record in reader:
            if not record or record == [""]:
                continue  # a blank line is no record
            if header is None:
                header = record
                continue
            rows += 1
            if len(record) != len(header):
                ragged.append(reader.line_num)
    except csv.Error as exc:
        return f"not CSV (line {reader.line_num}: {exc})"
    return Table(header or [], rows, ragged)


def _table(ctx: Context) -> Table | None:
    """The result or error file of a 200 answer, read; None when it is not one or unreadable
    (content.csv says why)."""
    if _file_operation(ctx) not in (RESULT, ERRORS) or ctx.exchange.text is None:
        return None
    table = read_table(ctx.exchange.text)
    return table if isinstance(table, Table) else None


@rule(
    "content.captured", "A content file's bytes are in the capture (not missing, not parsed JSON)."
)
def content_captured(ctx: Context) -> Iterator[Hit]:
    if _file_operation(ctx) is None:
        return
    ex = ctx.exchange
    if ex.text is not None or ex.truncated:
        return  # a file the recorder cut is body.recorded's note
    if ex.body is not None:
        yield Hit(
            "body",
            "",
            "the capture gives the content file as parsed JSON, not as the file's bytes",
            expected="the file (text or base64)",
            actual=type(ex.body).__name__,
        )
    else:
        reason = f" ({ex.body_error})" if ex.body_error else ""
        yield Hit("body", "", f"the capture holds no body for the content file{reason}")


@rule(
    "content.csv",
    "A result or error file is CSV in UTF-8 (RFC 4180), rows as wide as the header (warning).",
)
def content_csv(ctx: Context) -> Iterator[Hit]:
    if _file_operation(ctx) not in (RESULT, ERRORS) or ctx.exchange.text is None:
        return
    table = read_table(ctx.exchange.text)
    if isinstance(table, str):
        xlsx = table.startswith("an XLSX")
        yield Hit(
            "body",
            "",
            f"the file is {table}" + ("; its columns and rows are not checked" if xlsx else ""),
            expected="CSV (RFC 4180, UTF-8)",
            # An XLSX result file is not documented, nor excluded: a warning, not a wolf.
            severity="warning" if xlsx else None,
        )
        return
    for line in table.ragged[:1]:  # one finding says it; the count says how often
        yield Hit(
            "body",
            "",
            f"the record at line {line} has a different number of fields than the header "
            f"({len(table.ragged)} such record{'s' if len(table.ragged) > 1 else ''})",
            expected=len(table.header),
            # RFC 4180 says rows "should" have the header's number of fields: a warning.
            severity="warning",
        )


@rule(
    "content.error-columns",
    "An error file's header has the columns status, errorCode and errorMessage.",
)
def error_columns(ctx: Context) -> Iterator[Hit]:
    # Case and surrounding blanks are not judged: the workflow page names the columns, not
    # their spelling in the file. An empty file (no header) is an error file with no rows.
    if _file_operation(ctx) != ERRORS:
        return
    table = _table(ctx)
    if table is None or not table.header:
        return
    have = {name.strip().lower() for name in table.header}
    missing = [name for name in ERROR_COLUMNS if name.lower() not in have]
    if missing:
        yield Hit(
            "body",
            "",
            f"the error file has no column {', '.join(missing)}",
            expected=list(ERROR_COLUMNS),
            actual=table.header[:20],
        )


@sequence_rule(
    "content.rows",
    "A finished run's error file has errorCount rows (its result file totalCount rows, "
    "warning), when the capture shows the run before the file.",
)
def content_rows() -> Feed:
    # The run's counts are remembered from every answer that shows it (its own GET, the run
    # list, the 201 of a start or a commit), the file checked against the last ones seen.
    # Only a finished run's: a file of a run still running is Arena's 3017, not a file.
    counts: dict[str, tuple[int, int]] = {}

    def feed(ctx: Context) -> Iterator[Hit]:
        if ctx.status is not None and 200 <= ctx.status < 300:
            for _, run in ctx.run_items:
                _remember(counts, run)
        which = _file_operation(ctx)
        if which not in (RESULT, ERRORS):
            return
        seen = counts.get(ctx.path_params.get("runGuid", ""))
        table = _table(ctx)
        if seen is None or table is None:
            return
        total, errors = seen
        wanted, field = (errors, "errorCount") if which == ERRORS else (total, "totalCount")
        if table.rows != wanted:
            yield Hit(
                "body",
                "",
                f"the file has {table.rows} rows but the run's {field} is {wanted}",
                expected=wanted,
                actual=table.rows,
                severity="warning" if which == RESULT else None,
            )

    return feed


def _remember(counts: dict[str, tuple[int, int]], run: dict) -> None:
    guid, status = run.get("guid"), run.get("status")
    total, errors = run.get("totalCount"), run.get("errorCount")
    if type(guid) is not str or type(total) is not int or type(errors) is not int:
        return
    if type(status) is str and status in FINISHED and status != "PURGED":
        counts[guid] = (total, errors)
    else:
        counts.pop(guid, None)
