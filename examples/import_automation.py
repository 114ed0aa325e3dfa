"""An import automation against Arena's Import Engine: start, poll, read the errors, commit.

The workflow of Arena's developer help: POST a run of an import definition with the source
file as a dry run (commit false), poll the run until it is COMPLETE or ERROR, read its
counts, download the error file (one row per failed record: status, errorCode,
errorMessage), and commit the dry run when the errors are acceptable. It is written for
Arena and tested offline against arena-contract's mock (tests/test_import_automation.py;
docs/import-automation.md walks through it):

    python examples/import_automation.py https://api.arenasolutions.com/v1 IMPORT_GUID parts.csv

with ARENA_EMAIL and ARENA_PASSWORD in the environment. Only ``requests`` is needed.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

#: How a run ends (Arena's developer help: COMPLETE means the engine finished, whether or
#: not rows failed; ERROR means the file could not be imported).
FINISHED = ("COMPLETE", "ERROR")
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ArenaError(Exception):
    """Arena refused a request: its HTTP status and the first error's code and message."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"HTTP {status}, code {code}: {message}")
        self.status, self.code, self.message = status, code, message


class ImportClient:
    """The Import Engine calls an automation needs, on one Arena session."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.timeout = timeout
        #: The workspace's requests left, as the last answer said (X-Arena-Requests-Remaining).
        self.remaining: int | None = None

    # -- session ---------------------------------------------------------------------------

    def login(self, email: str, password: str) -> None:
        answer = self._send("POST", "/login", json={"email": email, "password": password})
        body = answer.json()
        # Arena's page names the token arena_session_id; several clients read arenaSessionId.
        token = body.get("arena_session_id") or body.get("arenaSessionId")
        self.http.headers["arena_session_id"] = token

    def logout(self) -> None:
        self._send("PUT", "/logout")  # 200, with no JSON body
        self.http.headers.pop("arena_session_id", None)

    # -- the Import Engine -----------------------------------------------------------------

    def create_definition(self, name: str, resource: str, mode: str, **more: Any) -> str:
        """POST an import definition (once, when setting the integration up); its GUID."""
        body = {"name": name, "resource": resource, "mode": mode, **more}
        return self._send("POST", "/imports", json=body).json()["guid"]

    def start_run(
        self,
        import_guid: str,
        content: bytes,
        *,
        filename: str = "source.csv",
        worksheet: str | None = None,
        commit: bool = False,
    ) -> dict[str, Any]:
        """POST a run with the source file (multipart/form-data); Arena answers 201 with
        the run, CREATED."""
        excel = worksheet is not None
        form = {"submitFileType": "EXCEL_WORKSHEET" if excel else "CSV"}
        if excel:
            form["submitWorksheetName"] = worksheet
        form["commit"] = "true" if commit else "false"
        files = {"submitContent": (filename, content, XLSX_TYPE if excel else CSV_TYPE)}
        return self._send("POST", f"/imports/{import_guid}/runs", data=form, files=files).json()

    def run(self, import_guid: str, run_guid: str) -> dict[str, Any]:
        return self._send("GET", f"/imports/{import_guid}/runs/{run_guid}").json()

    def wait_until_finished(
        self,
        import_guid: str,
        run_guid: str,
        *,
        wait: Callable[[float], Any] = time.sleep,
        every: float = 5.0,
        at_most: float = 3600.0,
    ) -> dict[str, Any]:
        """Poll the run until it is COMPLETE or ERROR. ``wait`` sleeps (a test passes its
        clock's advance); the pause doubles up to a minute, to spare the request quota."""
        waited = 0.0
        while True:
            run = self.run(import_guid, run_guid)
            if run["status"] in FINISHED:
                return run
            if waited >= at_most:
                raise TimeoutError(f"run {run_guid} is still {run['status']} after {waited:g} s")
            wait(every)
            waited += every
            every = min(every * 2, 60.0)

    def error_rows(self, import_guid: str, run_guid: str) -> list[dict[str, str]]:
        """The run's error file: one row per failed record (its source columns, then
        status, errorCode and errorMessage)."""
        answer = self._send("GET", f"/imports/{import_guid}/runs/{run_guid}/errorContent")
        text = answer.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def commit(self, import_guid: str, run_guid: str) -> dict[str, Any]:
        """Commit a dry run: one-way; Arena answers 201 with the run, commit true."""
        path = f"/imports/{import_guid}/runs/{run_guid}"
        return self._send("PUT", path, json={"commit": True}).json()

    # -- one request -----------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        answer = self.http.request(
            method, self.base_url + path, timeout=self.timeout, allow_redirects=False, **kwargs
        )
        remaining = answer.headers.get("X-Arena-Requests-Remaining", "")
        self.remaining = int(remaining) if remaining.isdigit() else self.remaining
        if answer.status_code >= 400:
            raise _arena_error(answer)
        return answer


def _arena_error(answer: requests.Response) -> ArenaError:
    """Arena's error form, {status, errors: [{code, message}]}, or the bare status."""
    try:
        first = answer.json()["errors"][0]
        return ArenaError(answer.status_code, first.get("code"), str(first.get("message")))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ArenaError(answer.status_code, None, answer.reason or "no error body")


# -- the automation --------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What became of one file: the run as last seen, its failed records, and whether it
    was committed."""

    run: dict[str, Any]
    errors: list[dict[str, str]] = field(default_factory=list)
    committed: bool = False


def import_file(
    client: ImportClient,
    import_guid: str,
    content: bytes,
    *,
    filename: str = "source.csv",
    max_errors: int = 0,
    wait: Callable[[float], Any] = time.sleep,
) -> ImportOutcome:
    """Dry-run ``content`` through the import definition, read the errors, and commit the
    run when it finished with at most ``max_errors`` failed records."""
    started = client.start_run(import_guid, content, filename=filename, commit=False)
    run = client.wait_until_finished(import_guid, started["guid"], wait=wait)
    errors = client.error_rows(import_guid, run["guid"]) if run["errorCount"] else []
    if run["status"] != "COMPLETE" or run["errorCount"] > max_errors:
        return ImportOutcome(run, errors)
    return ImportOutcome(client.commit(import_guid, run["guid"]), errors, committed=True)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: import_automation.py BASE_URL IMPORT_GUID FILE", file=sys.stderr)
        return 2
    base_url, import_guid, path = argv
    client = ImportClient(base_url)
    client.login(os.environ["ARENA_EMAIL"], os.environ["ARENA_PASSWORD"])
    try:
        with open(path, "rb") as source:
            outcome = import_file(client, import_guid, source.read(), filename=path)
    except ArenaError as exc:
        print(f"Arena refused the import: {exc}", file=sys.stderr)
        return 1
    finally:
        client.logout()
    run = outcome.run
    print(
        f"run {run['number']} {run['status']}: {run['successCount']} of {run['totalCount']} "
        f"records imported{'' if outcome.committed else ' (dry run, not committed)'}"
    )
    for row in outcome.errors:
        print(f"  {row.get('errorCode')}: {row.get('errorMessage')}")
    return 0 if outcome.committed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
