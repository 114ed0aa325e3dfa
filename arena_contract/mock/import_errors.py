"""The Import Engine's refusals in the mock: Arena's codes and texts, chosen where its pages
show none (docs/assumptions.md, "Import runs in the mock").

Every text is Arena's own, from its "3000 to 3299" and "3300 to 3999" tables; which code
answers which refusal is the mock's choice where the Import Engine pages are silent:

- 3001 ``The attribute "{0}" is required.``: a definition without ``name``,
  ``resource`` or ``mode``; a run without ``submitFileType``; a commit without ``commit``;
- 3006 ``The specified value "{0}" is not a valid option for the attribute "{1}".``:
  an unknown resource, mode or file type, a worksheet the workbook lacks, ``commit``
  neither true nor false, or ``{"commit": false}`` (the commit is one-way);
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

from arena_contract.mock.errors import INVALID_OPTION, ArenaError, message

REQUIRED = 3001
NOT_CREATABLE = 3031
NOT_EDITABLE = 3032
FILE_MISSING = 3033
PROCESSING = 3039
NOT_DOWNLOADABLE = 3017
CANNOT_COMMIT = 3518

MESSAGES: dict[int, str] = {
    REQUIRED: 'The attribute "{0}" is required.',
    NOT_CREATABLE: 'The attribute "{0}" is not creatable.',
    NOT_EDITABLE: 'The attribute "{0}" is not editable.',
    FILE_MISSING: "The file is missing.",
    PROCESSING: 'Error processing "{0}".',
    NOT_DOWNLOADABLE: 'The file with guid "{0}" cannot be downloaded at this time.',
    CANNOT_COMMIT: "You cannot commit in this status.",
}


def _error(code: int, *args: object) -> ArenaError:
    return ArenaError(400, code, MESSAGES[code].format(*args), params=args)


def required(name: str) -> ArenaError:
    return _error(REQUIRED, name)


def invalid_option(value: object, name: str) -> ArenaError:
    return ArenaError(
        400, INVALID_OPTION, message(INVALID_OPTION, value, name), params=(value, name)
    )


def not_creatable(name: str) -> ArenaError:
    return _error(NOT_CREATABLE, name)


def not_editable(name: str) -> ArenaError:
    return _error(NOT_EDITABLE, name)


def file_missing() -> ArenaError:
    return _error(FILE_MISSING)


def processing_failed(filename: str) -> ArenaError:
    return _error(PROCESSING, filename)


def not_downloadable(run_guid: str) -> ArenaError:
    return _error(NOT_DOWNLOADABLE, run_guid)


def cannot_commit() -> ArenaError:
    return _error(CANNOT_COMMIT)
