"""A small Arena built from Arena's documentation pages alone (../shared/arena-docs), to hold
arena-contract against what the pages say rather than against the project's own mock.

Every answer is the pages' to the letter where they show one:

- header names in lower case (header names are case-insensitive: api-landing.md, May 2023),
  and ``x-arena-next-request-limit-reset: Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)``
  verbatim from api_licensing.md; ``x-arena-requests-remaining`` counts every request but
  the login;
- POST /login answers the login page's sample body (``arena_session_id``, workspaceId,
  workspaceName, workspaceRequestLimit); a bad login 400 / 4001;
- PUT /logout answers 200 with "no JSON response" and no Content-Length (the logout page's
  header table has none): the connection closes after it;
- GET /imports: the search page's definitions, its searchable attributes, default 20 and
  maximum 400, 3019 for an attribute that is not searchable (the page's own sample), 3220
  for a limit or offset out of range (the error table);
- GET /imports/<GUID>/runs and .../runs/<GUID>: the runs of the run pages' samples, the run
  page's filters (a value no run has, or of the wrong type, matches nothing: the pages
  document no refusal), 3019 for another parameter, 3011 for a malformed GUID, 3012 for an
  unknown one; a run's content files 400 / 3017 (this server keeps none);
- no session: 401 / 401.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

RESET = "Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)"
EMAIL, PASSWORD, WORKSPACE = "user@customer.com", "xxxx", 123456789
HEIDI = {
    "fullName": "Heidi Walker",
    "email": "hwalker@everyroadgps.com",
    "guid": "9RBUZOR8OFWFYH0JSIPJ",
}


def _definition(guid: str, number: int, name: str, resource: str, mode: str, created: str):
    return {
        "name": name,
        "description": name,
        "resource": resource,
        "mode": mode,
        "options": {"multiSelectDelimiter": ";", "stripWhiteSpace": "STRIP"},
        "number": number,
        "creationDateTime": created,
        "creator": dict(HEIDI),
        "guid": guid,
    }


#: GET Import Definitions (Search): its four sample definitions.
DEFINITIONS = [
    _definition(
        "Q8SBG58P5WWZI1K3M4U1",
        2,
        "General Import Items",
        "ITEM_SPECS",
        "CREATE",
        "2023-04-26T06:01:49Z",
    ),
    _definition(
        "SAUDI7AR7YY1K3M5O6WN",
        3,
        "General Import Items",
        "ITEM_SPECS",
        "CREATE",
        "2023-04-26T06:20:03Z",
    ),
    _definition(
        "WEYHMBEVB225O7Q9SA09",
        4,
        "General Import Items",
        "ITEM_SPECS",
        "CREATE",
        "2023-04-26T06:51:55Z",
    ),
    _definition(
        "9RBUZOR8OFFI1K3M5N94", 9, "Item_BOM_Replace", "ITEM_BOM", "REPLACE", "2023-05-03T18:53:29Z"
    ),
]

#: GET Import Runs' sample run, and POST Import Run's CSV run in the list's form.
SAMPLE_RUN = {
    "guid": "R9TCQNRT4L47Q9VQWUF3",
    "number": 14,
    "creationDateTime": "2021-09-15T00:00:00Z",
    "creator": {
        "email": "rjones@arenasolutions.com",
        "fullName": "Roy Arena",
        "guid": "4M6P3046HYFYH0J258QJ",
    },
    "submitFileType": "EXCEL_WORKSHEET",
    "submitWorksheetName": "Item Master",
    "completionDateTime": "2021-09-16T00:00:00Z",
    "status": "COMPLETE",
    "warnings": {"count": 1, "results": [{"code": 331, "message": "Column 'Descrptn' ignored."}]},
    "commit": False,
    "totalCount": 134881,
    "successCount": 134862,
    "errorCount": 19,
    "options": {"addToChange": {"number": "ECO-002114"}},
    "changes": [
        {
            "category": {
                "guid": "L3N6KHLNYFY8RAQ8SWYT",
                "name": "Engineering Change Order",
                "path": "Change\\Change Order\\Engineering Change Order",
            },
            "creationDateTime": "2021-09-14T23:58:41Z",
            "creator": {
                "email": "integration@customer.com",
                "fullName": "Mr. Integration",
                "guid": "J1L4IFJLWDUDWFYHPRYT",
            },
            "effectiveDateTime": None,
            "guid": "J1L4IFJLWDWZI0GL6I34",
            "lifecycleDateTime": "2021-09-14T23:58:41Z",
            "lifecycleStatus": {"type": "OPEN_AND_UNLOCKED"},
            "number": "ECO-002114",
            "submissionDateTime": None,
            "title": "From an integration!",
            "url": {
                "api": "https://api.arenasolutions.com/v1/changes/J1L4IFJLWDWZI0GL6I34",
                "app": "https://app.bom.com/changes/J1L4IFJLWDWZI0GL6I34",
            },
        }
    ],
}
CSV_RUN = {
    "guid": "FE67A3D57DAF4293A1FF",
    "number": 2,
    "creationDateTime": "2021-09-17T08:12:03Z",
    "creator": dict(HEIDI),
    "submitFileType": "CSV",
    "submitWorksheetName": None,  # first-level attributes without a value come as null
    "completionDateTime": None,
    "status": "CREATED",
    "warnings": {"count": 0, "results": []},
    "commit": True,
    "totalCount": 3,
    "successCount": 3,
    "errorCount": 0,
    "options": {},
    "changes": [],
}
RUNS = {DEFINITIONS[0]["guid"]: [CSV_RUN, SAMPLE_RUN]}
RUN_FILTERS = ("creator.email", "creator.fullName", "creator.guid", "number", "status")
SEARCHABLE = (
    "name",
    "number",
    "description",
    "creator.guid",
    "creator.email",
    "creator.fullName",
    "mode",
    "resource",
)
MESSAGES = {
    401: "There is no access token associated with this request or the access token is not valid.",
    404: "No resource has been found.",
    3011: 'The guid "{0}" is not valid.',
    3012: 'The requested object with guid "{0}" is not found.',
    3017: 'The file with guid "{0}" cannot be downloaded at this time.',
    3019: 'The attribute "{0}" is not searchable.',
    3220: "Limit must be 1-400, offset must equal or bigger than 0.",
    405: "The method is not allowed.",
    4001: (
        "The username, password or workspace ID is not valid or you are not allowed to log in"
        " due to IP restriction."
    ),
}
GUID = re.compile(r"[A-Z0-9]{20}\Z")
#: A run's files (the content pages); this server has none to stream: 400 / 3017.
CONTENT_FILES = ("submitContent", "resultContent", "errorContent")


class Refused(Exception):
    def __init__(self, status: int, code: int, *args: object) -> None:
        super().__init__(status, code)
        self.status, self.body = (
            status,
            {
                "status": status,
                "errors": [{"code": code, "message": MESSAGES[code].format(*args)}],
            },
        )


class DocumentedArena:
    """The state: sessions and the quota."""

    def __init__(self, limit: int = 1000) -> None:
        self.limit, self.remaining = limit, limit
        self.sessions: set[str] = set()
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, int]] = []

    def answer(self, method: str, target: str, headers: dict[str, str], body: bytes):
        """(status, JSON body or None for no body)."""
        parts = urlsplit(target)
        path = parts.path.removeprefix("/v1").rstrip("/")
        query = parse_qsl(parts.query, keep_blank_values=True)
        if (method, path) == ("POST", "/login"):
            return self.login(body)
        with self.lock:
            self.remaining = max(self.remaining - 1, 0)
        if headers.get("arena_session_id") not in self.sessions:
            raise Refused(401, 401)
        if (method, path) == ("PUT", "/logout"):
            self.sessions.discard(headers["arena_session_id"])
            return 200, None
        segments = [unquote(s) for s in path.split("/")[1:]]
        if not segments or segments[0] != "imports" or len(segments) > 5:
            raise Refused(404, 404)
        if len(segments) == 5 and segments[4] not in CONTENT_FILES:
            raise Refused(404, 404)
        if method != "GET":  # the generic code 405 (error_code_0_to_2999.md)
            raise Refused(405, 405)
        if len(segments) == 1:
            return 200, self.page(search(DEFINITIONS, query, SEARCHABLE), query)
        guid = segments[1]
        if not GUID.match(guid):
            raise Refused(400, 3011, guid)
        definition = next((d for d in DEFINITIONS if d["guid"] == guid), None)
        if definition is None:
            raise Refused(400, 3012, guid)
        if len(segments) == 2:
            return 200, definition
        if segments[2] != "runs":
            raise Refused(404, 404)
        runs = RUNS.get(guid, [])
        if len(segments) == 3:
            return 200, self.page(search(runs, query, RUN_FILTERS), query)
        if not GUID.match(segments[3]):
            raise Refused(400, 3011, segments[3])
        run = next((r for r in runs if r["guid"] == segments[3]), None)
        if run is None:
            raise Refused(400, 3012, segments[3])
        if len(segments) == 5:  # the pages show no file: one this server cannot serve
            raise Refused(400, 3017, segments[3])
        return 200, run

    def login(self, body: bytes):
        try:
            given = json.loads(body)
        except ValueError:
            given = {}
        ok = isinstance(given, dict) and (given.get("email"), given.get("password")) == (
            EMAIL,
            PASSWORD,
        )
        if not ok or given.get("workspaceId", WORKSPACE) != WORKSPACE:
            raise Refused(400, 4001)
        token = "LABS-" + secrets.token_urlsafe(24) + "|"
        self.sessions.add(token)
        return 200, {
            "arena_session_id": token,
            "workspaceId": WORKSPACE,
            "workspaceName": "EveryRoad GPS",
            "workspaceRequestLimit": self.limit,
        }

    @staticmethod
    def page(matches: list, query: list[tuple[str, str]]) -> dict[str, Any]:
        given = dict(query[::-1])  # the first of repeated parameters
        try:
            offset, limit = int(given.get("offset", "0")), int(given.get("limit", "20"))
        except ValueError:
            raise Refused(400, 3220) from None
        if offset < 0 or not 1 <= limit <= 400:
            raise Refused(400, 3220)
        return {"count": len(matches), "results": matches[offset : offset + limit]}


def search(objects: list[dict], query: list[tuple[str, str]], searchable: tuple[str, ...]) -> list:
    filters = {}
    for name, value in query:
        if name in ("offset", "limit"):
            continue
        if name not in searchable:
            raise Refused(400, 3019, name)
        filters.setdefault(name, value)

    def value_of(obj: dict, dotted: str) -> Any:
        for part in dotted.split("."):
            obj = obj.get(part) if isinstance(obj, dict) else None
        return obj

    return [o for o in objects if all(str(value_of(o, k)) == v for k, v in filters.items())]


def handler_for(arena: DocumentedArena) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, payload = arena.answer(self.command, self.path, headers, body)
            except Refused as refusal:
                status, payload = refusal.status, refusal.body
            arena.log.append((self.command, self.path, status))
            self.send_response_only(status)
            self.send_header("content-type", "application/json")
            self.send_header("date", formatdate(usegmt=True))
            self.send_header("server", "ArenaSolutions")
            self.send_header("x-arena-next-request-limit-reset", RESET)
            self.send_header("x-arena-requests-remaining", str(arena.remaining))
            if payload is None:  # the logout: "no JSON response", no Content-Length
                self.send_header("connection", "close")
                self.end_headers()
                self.close_connection = True
                return
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def __getattr__(self, name: str) -> Any:  # every method (QUERY, TRACE, ...) is served
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

    return Handler


@contextmanager
def documented_arena(limit: int = 1000) -> Iterator[tuple[str, DocumentedArena]]:
    """(base URL, state) of the documented Arena on loopback for the block's length."""
    arena = DocumentedArena(limit)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(arena))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", arena
    finally:
        server.shutdown()
        server.server_close()
