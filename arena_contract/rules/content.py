"""Rules on a run's content files (submitContent, resultContent, errorContent).

Arena streams them as files, not JSON (its pages show only "<file stream of submitContent
file>"): body.json and header.content-type leave them alone, and these rules read them. The
source file is whatever was uploaded (CSV or XLSX); the result and error files are CSV, one
row per record and per failed record, the error file with the columns status, errorCode and
errorMessage (the developer help's Import Engine workflow page; docs/assumptions.md).
"""

from __future__ import annotations

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
    #: Read from an XLSX workbook's first worksheet, not a CSV file.
    workbook: bool = False


def _file_operation(ctx: Context) -> str | None:
    """The content operation a 200 file answer is from, else None."""
    return ctx.operation.operation_id if ctx.is_file and ctx.operation is not None else None


def read_table(data: bytes) -> Table | str:
    """The CSV file ``data``, or why it is not one (a sentence)."""
    if data.startswith(_ZIP_MAGIC):
        return read_workbook(data)
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is how Excel writes UTF-8 CSV
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start})"
    import csv  # here: only a capture of a result file reads one (not every start-up)

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


#: The most rows of a workbook read (a capture's file is capped, a zipped sheet is not).
MAX_WORKBOOK_ROWS = 1_000_000


def read_workbook(data: bytes) -> Table | str:
    """The first worksheet of an XLSX workbook, as a table (header, rows; blank rows not
    counted), or why it cannot be read."""
    from openpyxl import load_workbook  # imported on use: only XLSX files need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, XML and its own errors on junk
        return "a ZIP file that is no XLSX workbook openpyxl can read"
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return "an XLSX workbook without a worksheet"
        header: list[str] | None = None
        rows = 0
        for values in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in values]
            if not any(cell.strip() for cell in cells):
                continue  # a blank row is no record
            if header is None:
                header = [cell.strip() for cell in cells]
                while header and not header[-1]:
                    header.pop()  # a sheet's used range may run past the header
                continue
            rows += 1
            if rows > MAX_WORKBOOK_ROWS:
                return f"an XLSX workbook of over {MAX_WORKBOOK_ROWS:,} rows, not read"
    except Exception:  # a sheet's XML broken further in
        return "an XLSX workbook whose worksheet openpyxl cannot read"
    finally:
        workbook.close()
    return Table(header or [], rows, [], workbook=True)


def _table(ctx: Context) -> Table | None:
    """The result or error file of a 200 answer, read; None when it is not one or unreadable
    (content.csv says why)."""
    if _file_operation(ctx) not in (RESULT, ERRORS) or ctx.exchange.text is None:
        return None
    table = read_table(ctx.exchange.text)
    return table if isinstance(table, Table) else None


@rule(
    "content.captured",
    "A content file's bytes are in the capture (not missing, not parsed JSON).",
    needs=("operation",),
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
    needs=("operation",),
)
def content_csv(ctx: Context) -> Iterator[Hit]:
    if _file_operation(ctx) not in (RESULT, ERRORS) or ctx.exchange.text is None:
        return
    table = read_table(ctx.exchange.text)
    if isinstance(table, str):
        yield Hit("body", "", f"the file is {table}", expected="CSV (RFC 4180, UTF-8)")
        return
    if table.workbook:
        # An XLSX result file is not documented, nor excluded (the result page calls the
        # file "also called the source file"): a warning, and its first sheet is read.
        yield Hit(
            "body",
            "",
            "the file is an XLSX workbook, not CSV; its columns and rows are read from its "
            "first worksheet",
            expected="CSV (RFC 4180, UTF-8)",
            severity="warning",
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
    needs=("operation",),
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
