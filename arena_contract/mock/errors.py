"""Arena's error replies: ``{"status": <HTTP status>, "errors": [{"code": int, "message": str}]}``.

Codes and message texts are Arena's own ("0 to 2999", "3000 to 3299" and
"4000 to 4999 - Arena API Unique Error Codes"); the mock never invents a text
where Arena documents one. Assumptions where Arena documents none:

- a malformed request (bad percent-encoding, a path or query that is not UTF-8,
  a request target over 8 KB, a login body that is not a JSON object) gets the
  generic 400 / code 400 "The format of the request is not valid..." reply;
- a ``number`` filter that is not an integer gets 400 / code 3006 (the "not a
  valid option for the attribute" text), the closest code Arena documents;
- ``limit`` or ``offset`` out of range gets 3220 ("Limit must be 1-400, offset must
  equal or bigger than 0."), a value that is no integer at all 3041 ("The limit or
  offset parameter is invalid."): both are Arena's codes, which answers which is chosen.

The Import Engine's refusals (docs/assumptions.md, "Import runs in the mock"): every text is
Arena's own, from its "3000 to 3299" and "3300 to 3999" tables; which code answers which
refusal is the mock's choice where the Import Engine pages are silent:

- 3001 ``The attribute "{0}" is required.``: a definition without ``name``,
  ``resource`` or ``mode``; a run without ``submitFileType``; a commit without ``commit``;
- 3006 (above): an unknown resource, mode or file type, a worksheet the workbook lacks,
  ``commit`` neither true nor false, or ``{"commit": false}`` (the commit is one-way);
- 3031 ``The attribute "{0}" is not creatable.``: a field POST /imports does not take;
- 3032 ``The attribute "{0}" is not editable.``: a field PUT /imports/{guid} does not
  take, and a second commit of a committed run;
- 3033 ``The file is missing.``: a run posted without ``submitContent``;
- 3039 ``Error processing "{0}".``: a source file that cannot be read;
- 3518 ``You cannot commit in this status.``: a commit of a run that is not COMPLETE;
- 3017 ``The file with guid "{0}" cannot be downloaded at this time.``: a content file of
  a run that is not finished, or whose files are gone (PURGED, or 60 days after it ended).
"""

from __future__ import annotations

from typing import Any

import orjson

MALFORMED = 400
NO_SESSION = 401
NO_RESOURCE = 404
NOT_ALLOWED = 405
INVALID_OPTION = 3006
INVALID_GUID = 3011
GUID_NOT_FOUND = 3012
NOT_SEARCHABLE = 3019
INVALID_PAGING = 3041
PAGING_OUT_OF_RANGE = 3220
BAD_LOGIN = 4001
LIMIT_REACHED = 4084
REQUIRED = 3001
NOT_CREATABLE = 3031
NOT_EDITABLE = 3032
FILE_MISSING = 3033
PROCESSING = 3039
NOT_DOWNLOADABLE = 3017
CANNOT_COMMIT = 3518

#: The Import Engine's refusals, the codes above from REQUIRED on (for tests that tell them
#: apart from the run list's).
IMPORT_REFUSALS = (
    REQUIRED,
    NOT_CREATABLE,
    NOT_EDITABLE,
    FILE_MISSING,
    PROCESSING,
    NOT_DOWNLOADABLE,
    CANNOT_COMMIT,
)

MESSAGES: dict[int, str] = {
    MALFORMED: "The format of the request is not valid. Please check the syntax.",
    NO_SESSION: (
        "There is no access token associated with this request or the access token is not valid."
    ),
    NO_RESOURCE: "No resource has been found.",
    NOT_ALLOWED: "The method is not allowed.",
    INVALID_OPTION: 'The specified value "{0}" is not a valid option for the attribute "{1}".',
    INVALID_GUID: 'The guid "{0}" is not valid.',
    GUID_NOT_FOUND: 'The requested object with guid "{0}" is not found.',
    NOT_SEARCHABLE: 'The attribute "{0}" is not searchable.',
    INVALID_PAGING: "The limit or offset parameter is invalid.",
    PAGING_OUT_OF_RANGE: "Limit must be 1-400, offset must equal or bigger than 0.",
    BAD_LOGIN: (
        "The username, password or workspace ID is not valid or you are not allowed"
        " to log in due to IP restriction."
    ),
    LIMIT_REACHED: (
        'You have exceeded your maximum of "{0}" requests during the last 24 hours.'
        ' Additional requests can be made at "{1}".'
    ),
    REQUIRED: 'The attribute "{0}" is required.',
    NOT_CREATABLE: 'The attribute "{0}" is not creatable.',
    NOT_EDITABLE: 'The attribute "{0}" is not editable.',
    FILE_MISSING: "The file is missing.",
    PROCESSING: 'Error processing "{0}".',
    NOT_DOWNLOADABLE: 'The file with guid "{0}" cannot be downloaded at this time.',
    CANNOT_COMMIT: "You cannot commit in this status.",
}


def message(code: int, *args: object) -> str:
    return MESSAGES[code].format(*args)


def envelope(status: int, code: int, text: str) -> dict[str, Any]:
    """Arena's one error form."""
    return {"status": status, "errors": [{"code": code, "message": text}]}


class ArenaError(Exception):
    """A request the mock refuses; the engine turns it into Arena's error reply."""

    def __init__(
        self,
        status: int,
        code: int,
        text: str,
        headers: tuple[tuple[str, str], ...] = (),
        params: tuple[object, ...] = (),
    ) -> None:
        self.status = status
        self.code = code
        self.text = text
        #: Extra response headers (``Allow`` on a 405).
        self.headers = headers
        #: What filled the message template (the GUID of a 3011), for retelling it.
        self.params = params
        super().__init__(f"{status}/{code}: {text}")

    @classmethod
    def coded(
        cls, status: int, code: int, *args: object, headers: tuple[tuple[str, str], ...] = ()
    ) -> ArenaError:
        """The error with Arena's message text for ``code``, filled with ``args``."""
        return cls(status, code, message(code, *args), headers, args)

    def body(self) -> dict[str, Any]:
        return envelope(self.status, self.code, self.text)


def malformed() -> ArenaError:
    return ArenaError.coded(400, MALFORMED)


def json_object(body: bytes) -> dict[str, Any]:
    """A request's body that must be a JSON object (a login, a definition, a commit), else
    Arena's generic 400."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise malformed() from None
    if not isinstance(value, dict):
        raise malformed()
    return value


def invalid_guid(guid: str) -> ArenaError:
    return ArenaError.coded(400, INVALID_GUID, guid)


def guid_not_found(guid: str) -> ArenaError:
    return ArenaError.coded(400, GUID_NOT_FOUND, guid)


# -- the Import Engine's refusals: each a 400 with one of the codes above -------------------


def required(name: str) -> ArenaError:
    return ArenaError.coded(400, REQUIRED, name)


def invalid_option(value: object, name: str) -> ArenaError:
    return ArenaError.coded(400, INVALID_OPTION, value, name)


def not_creatable(name: str) -> ArenaError:
    return ArenaError.coded(400, NOT_CREATABLE, name)


def not_editable(name: str) -> ArenaError:
    return ArenaError.coded(400, NOT_EDITABLE, name)


def file_missing() -> ArenaError:
    return ArenaError.coded(400, FILE_MISSING)


def processing_failed(filename: str) -> ArenaError:
    return ArenaError.coded(400, PROCESSING, filename)


def not_downloadable(run_guid: str) -> ArenaError:
    return ArenaError.coded(400, NOT_DOWNLOADABLE, run_guid)


def cannot_commit() -> ArenaError:
    return ArenaError.coded(400, CANNOT_COMMIT)
