"""What strict JSON (jsonload, json_exact) reports: :class:`JsonError`, and where in the text."""

from __future__ import annotations

#: orjson's own nesting limit, repeated for messages.
MAX_DEPTH = 1024
#: Python's default limit for int <-> str conversion (sys.get_int_max_str_digits()).
MAX_INT_DIGITS = 4300


class JsonError(ValueError):
    """Why a document is not acceptable JSON, as one line.

    ``problem`` is the bare description; ``detail`` adds the line/column; ``str()`` prefixes
    the origin. ``kind`` lets callers react without parsing messages ("empty", "encoding",
    "syntax", "trailing", "constant", "number", "depth", "duplicate", "size").
    """

    def __init__(
        self,
        problem: str,
        *,
        origin: str,
        kind: str = "syntax",
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
    ) -> None:
        self.problem = problem
        self.origin = origin
        self.kind = kind
        self.line = line
        self.column = column
        self.pointer = pointer
        super().__init__(str(self))

    @property
    def detail(self) -> str:
        """The problem with its position, without the origin (for ``Exchange.body_error``)."""
        if self.line is None:
            return self.problem
        column = "" if self.column is None else f", column {self.column}"
        return f"{self.problem} (line {self.line}{column})"

    def __str__(self) -> str:
        return f"{self.origin}: {self.detail}"


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def abbreviate(token: str) -> str:
    return token if len(token) <= 24 else f"{token[:12]}…({len(token)} characters)"
