"""On which line of its file each response of a capture starts, for GitHub annotations.

The readers do not keep positions (HAR and JSON are parsed whole by orjson, which has
none), so the lines are found afterwards, only for the files an annotation points into:
one pass of a regular expression over the JSON's strings and brackets, or PyYAML's node
marks for a YAML cassette. A response whose line cannot be told gets no line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from arena_contract.results import FileResult

#: Where each format keeps its list of responses (keys from the document's root).
ROUTES = {
    "har": ("log", "entries"),
    "vcr": ("interactions",),
    "schemathesis-vcr": ("http_interactions",),
    "capture": (),  # a JSON array of captures
}

_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')
_VALUE = re.compile(rb"[^ \t\r\n]")
_INDEX = re.compile(r"\[(\d+)\]$")


def line_finder(result: FileResult) -> Callable[[str], int | None]:
    """origin -> its 1-based line in ``result``'s file (None when unknown); reads the file
    at most once, on the first question."""
    cache: dict[str, list[int] | None] = {}

    def line_of(origin: str) -> int | None:
        path = result.path
        if origin == path:  # the file is the one response (a body, a capture)
            return 1
        rest = origin[len(path) :] if origin.startswith(path) else ""
        # JSON Lines: "file#line 7"; an event of Schemathesis' NDJSON: "file#line 7/<case>".
        number = rest[6:].split("/", 1)[0]
        if rest.startswith("#line ") and number.isascii() and number.isdigit():
            return int(number)
        found = _INDEX.search(rest)
        route = ROUTES.get(result.format or "")
        if not rest.startswith("#") or found is None or route is None:
            return None
        if "lines" not in cache:
            cache["lines"] = _item_lines(path, route)
        lines = cache["lines"]
        index = int(found.group(1))
        return lines[index] if lines is not None and index < len(lines) else None

    return line_of


def _item_lines(path: str, route: tuple[str, ...]) -> list[int] | None:
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except (OSError, ValueError):  # standard input, a file gone since: no lines
        return None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return json_item_lines(data, route)
    return _yaml_item_lines(data, route)


def json_item_lines(data: bytes, route: tuple[str, ...]) -> list[int]:
    """The line on which each item of the array at ``route`` starts.

    Only strings, brackets and commas are tokens: inside an object, the token just before a
    nested container is always that container's key; in the array, an item starts after
    its opening bracket or a comma.
    """
    stack: list[tuple[bytes, tuple[str, ...] | None]] = []  # (bracket, its route or None)
    last_string = b""
    found: list[int] = []
    line, counted = 1, 0

    def item_at(position: int) -> None:
        nonlocal line, counted
        value = _VALUE.search(data, position)
        if value is None or value.group() == b"]":
            return
        line += data.count(b"\n", counted, value.start())
        counted = value.start()
        found.append(line)

    for match in _TOKEN.finditer(data):
        token = match.group()
        if token[:1] == b'"':
            last_string = token
            continue
        if token == b",":
            if stack and stack[-1] == (b"[", route):
                item_at(match.end())
            continue
        if token in (b"]", b"}"):
            if stack:
                stack.pop()
            continue
        parent = stack[-1] if stack else None
        here: tuple[str, ...] | None = None
        if parent is None:
            here = ()
        elif parent[0] == b"{" and parent[1] is not None and len(parent[1]) < len(route):
            here = (*parent[1], last_string[1:-1].decode("utf-8", "replace"))
        if here is not None and route[: len(here)] != here:
            here = None
        stack.append((token, here))
        if token == b"[" and here == route:
            item_at(match.end())
    return found


def _yaml_item_lines(data: bytes, route: tuple[str, ...]) -> list[int] | None:
    import yaml

    try:
        node = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError):
        return None
    for key in route:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return None
    return [item.start_mark.line + 1 for item in node.value]
