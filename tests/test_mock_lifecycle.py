"""The mock runs an import's whole life, on both fronts, on a clock the tests move.

Create a definition, POST a run with a file, poll it from CREATED through RUNNING to
COMPLETE or ERROR, read its source, result and error files, commit it once. Everything
goes through real ``requests`` calls: in-process (``arena()``) and over loopback HTTP
(``serve_in_thread()``); what the mock answers is checked by the project's validator.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
import requests

from arena_contract.mock import FakeClock, MockEngine, MockFront, arena, serve_in_thread

KEY = "Part Number"
MAPPING = [{"resource": "ITEM_SPECS", "apiName": "number", "sourceName": KEY}]


@pytest.fixture(params=["in-process", "served"])
def front(request: pytest.FixtureRequest) -> Iterator[MockFront]:
    engine = MockEngine(clock=FakeClock(), run_timing=(5, 20))
    if request.param == "in-process":
        with arena(engine=engine) as fake:
            yield fake
    else:
        with serve_in_thread(engine) as server:
            yield server


class Client:
    """What an import automation sends, and nothing more."""

    def __init__(self, front: MockFront) -> None:
        self.url = front.base_url
        self.headers = {"arena_session_id": front.login()}

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, headers=self.headers, timeout=10, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return requests.put(self.url + path, headers=self.headers, timeout=10, **kwargs)

    def get(self, path: str) -> requests.Response:
        return requests.get(self.url + path, headers=self.headers, timeout=10)

    def definition(self, **fields) -> str:
        body = {"name": "Parts", "resource": "ITEM_SPECS", "mode": "CREATE"}
        body["options"] = {"mapping": MAPPING}
        response = self.post("/imports", json={**body, **fields})
        assert response.status_code == 201, response.text
        return response.json()["guid"]

    def start(
        self, guid: str, content: bytes, name: str = "parts.csv", **form
    ) -> requests.Response:
        parts = {"submitFileType": "CSV", "commit": "false", **form}
        return self.post(
            f"/imports/{guid}/runs", files={"submitContent": (name, content)}, data=parts
        )


def csv_file(rows: list[list[str]], header: tuple[str, ...] = (KEY, "Description")) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def error_of(response: requests.Response) -> tuple[int, int]:
    body = response.json()
    assert set(body) == {"status", "errors"} and body["status"] == response.status_code
    return response.status_code, body["errors"][0]["code"]


def test_an_import_from_start_to_commit(front: MockFront) -> None:
    client = Client(front)
    guid = client.definition()
    source = csv_file([["P-1", "Fan"], ["", "No number"], ["P-3", 'Guard, "big"\nline two']])
    started = client.start(guid, source)
    assert started.status_code == 201, started.text
    run = started.json()
    assert run["status"] == "CREATED" and run["commit"] is False
    assert (run["totalCount"], run["successCount"], run["errorCount"]) == (3, 2, 1)
    assert "creationDateTime" not in run  # the 201 short form of Arena's samples
    path = f"/imports/{guid}/runs/{run['guid']}"

    statuses = []
    for _ in range(6):  # poll every 5 s of the mock's clock: no sleeping
        polled = client.get(path).json()
        statuses.append(polled["status"])
        if polled["status"] in ("CREATED", "RUNNING"):
            assert polled["completionDateTime"] is None
            assert error_of(client.get(path + "/resultContent")) == (400, 3017)
            assert error_of(client.put(path, json={"commit": True})) == (400, 3518)
        front.clock.advance(5)
    assert statuses == ["CREATED", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "COMPLETE"]
    assert polled["completionDateTime"] == "2026-07-28T00:00:25Z"
    assert polled["number"] == run["number"] and polled["totalCount"] == 3

    submitted = client.get(path + "/submitContent")
    assert submitted.status_code == 200 and submitted.content == source
    result = client.get(path + "/resultContent")
    assert result.headers["Content-Type"] == "text/csv;charset=UTF-8"
    header, *records = rows_of(result.content)
    assert header == [KEY, "Description", "status", "errorCode", "errorMessage"]
    assert [r[2] for r in records] == ["SUCCESS", "ERROR", "SUCCESS"]
    assert records[2][1] == 'Guard, "big"\nline two'  # RFC 4180 quoting survives
    header, *failed = rows_of(client.get(path + "/errorContent").content)
    assert failed == [["", "No number", "ERROR", "3001", 'The attribute "number" is required.']]

    committed = client.put(path, json={"commit": True})
    assert committed.status_code == 201 and committed.json()["commit"] is True
    assert client.get(path).json()["commit"] is True
    assert error_of(client.put(path, json={"commit": True})) == (400, 3032)  # one-way, once
    listed = client.get(f"/imports/{guid}/runs").json()
    assert [r["guid"] for r in listed["results"]] == [run["guid"]]

    # What the mock served, judged by the project's own rules (every operation the contract
    # has; the mock checks itself with the validator, it does not re-implement the rules).
    assert front.findings() == []


def test_a_run_whose_records_all_fail_ends_in_error(front: MockFront) -> None:
    client = Client(front)
    guid = client.definition()
    run = client.start(guid, csv_file([["", "a"], [" ", "b"]])).json()
    front.clock.advance(25)
    finished = client.get(f"/imports/{guid}/runs/{run['guid']}").json()
    assert finished["status"] == "ERROR" and finished["errorCount"] == 2
    path = f"/imports/{guid}/runs/{run['guid']}"
    assert len(rows_of(client.get(path + "/errorContent").content)) == 3
    assert error_of(client.put(path, json={"commit": True})) == (400, 3518)


def test_a_committing_run_cannot_be_committed_again() -> None:
    with arena(clock=FakeClock(), run_timing=(0, 0)) as fake:
        client = Client(fake)
        guid = client.definition()
        run = client.start(guid, csv_file([["P-1", "x"]]), commit="TRUE").json()
        assert run["status"] == "CREATED" and run["commit"] is True  # 201 says CREATED anyway
        path = f"/imports/{guid}/runs/{run['guid']}"
        assert client.get(path).json()["status"] == "COMPLETE"  # no time needed at 0,0
        assert error_of(client.put(path, json={"commit": True})) == (400, 3032)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"commit": False}, (400, 3006)),  # one-way: never back to false
        ({"commit": "true"}, (400, 3006)),
        ({}, (400, 3001)),
        ({"commit": True, "status": "COMPLETE"}, (400, 3032)),
        ([True], (400, 400)),
    ],
)
def test_what_a_commit_refuses(body, expected) -> None:
    with arena(clock=FakeClock(), run_timing=(0, 0)) as fake:
        client = Client(fake)
        guid = client.definition()
        run = client.start(guid, csv_file([["P-1", "x"]])).json()
        path = f"/imports/{guid}/runs/{run['guid']}"
        assert error_of(client.put(path, json=body)) == expected
        assert client.get(path).json()["commit"] is False


def test_files_are_gone_sixty_days_after_the_run() -> None:
    with arena(clock=FakeClock(), run_timing=(1, 1)) as fake:
        client = Client(fake)
        guid = client.definition()
        run = client.start(guid, csv_file([["P-1", "x"]])).json()
        path = f"/imports/{guid}/runs/{run['guid']}"
        fake.clock.advance(2 + 60 * 86400 - 1)
        client = Client(fake)  # the session died of idleness meanwhile
        assert client.get(path + "/resultContent").status_code == 200
        fake.clock.advance(1)
        for name in ("submitContent", "resultContent", "errorContent"):
            assert error_of(client.get(f"{path}/{name}")) == (400, 3017)


def test_an_excel_worksheet_is_read_with_openpyxl(front: MockFront) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["not", "this", "sheet"])
    sheet = workbook.create_sheet("物料清单")
    sheet.append([KEY, "Qty", "Weight"])
    sheet.append(["P-1", 2, 1.5])
    sheet.append([None, 3, None])
    sheet.append([])  # a blank row is not a record
    sheet.append([1001, 4.0, None])  # a number as key: read as the text 1001
    out = io.BytesIO()
    workbook.save(out)
    client = Client(front)
    guid = client.definition()
    started = client.start(
        guid,
        out.getvalue(),
        "bom.xlsx",
        submitFileType="excel_worksheet",
        submitWorksheetName="物料清单",
    )
    run = started.json()
    assert run["submitFileType"] == "EXCEL_WORKSHEET" and run["submitWorksheetName"] == "物料清单"
    assert (run["totalCount"], run["errorCount"]) == (3, 1)
    front.clock.advance(25)
    path = f"/imports/{guid}/runs/{run['guid']}"
    submitted = client.get(path + "/submitContent")
    assert submitted.content == out.getvalue()
    assert submitted.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    _, *records = rows_of(client.get(path + "/resultContent").content)
    assert [r[:3] for r in records] == [["P-1", "2", "1.5"], ["", "3", ""], ["1001", "4", ""]]
    unnamed = client.start(guid, out.getvalue(), "bom.xlsx", submitFileType="EXCEL_WORKSHEET")
    assert unnamed.json()["submitWorksheetName"] == "Notes"  # the active sheet
    assert unnamed.json()["totalCount"] == 0  # a header and nothing else


@pytest.mark.parametrize(
    ("content", "form", "expected"),
    [
        (None, {"submitFileType": "CSV"}, 3033),
        (b"a\r\n1\r\n", {"submitFileType": ""}, 3001),
        (b"a\r\n1\r\n", {"submitFileType": "JSON"}, 3006),
        (b"a\r\n1\r\n", {"submitFileType": "CSV", "commit": "maybe"}, 3006),
        (b"\xff\xfe\x00a", {"submitFileType": "CSV"}, 3039),  # not UTF-8
        (b"", {"submitFileType": "CSV"}, 3039),  # no header
        (b"PK\x03\x04 not really", {"submitFileType": "EXCEL_WORKSHEET"}, 3039),
    ],
)
def test_a_run_the_mock_refuses_is_not_created(content, form, expected) -> None:
    with arena(clock=FakeClock()) as fake:
        client = Client(fake)
        guid = client.definition()
        files = {} if content is None else {"submitContent": ("f", content)}
        response = client.post(f"/imports/{guid}/runs", files=files, data=form)
        assert error_of(response) == (400, expected)
        assert client.get(f"/imports/{guid}/runs").json()["count"] == 0


def test_form_parts_may_come_in_the_query_as_the_connector_sends_them() -> None:
    with arena(clock=FakeClock()) as fake:
        client = Client(fake)
        guid = client.definition()
        response = client.post(
            f"/imports/{guid}/runs?submitFileType=CSV&commit=false",
            files={"submitContent": ("p.csv", csv_file([["P-1", "x"]]))},
        )
        assert response.status_code == 201 and response.json()["commit"] is False


def test_an_unknown_or_malformed_definition_is_told_before_the_form() -> None:
    with arena(clock=FakeClock()) as fake:
        client = Client(fake)
        assert error_of(client.post("/imports/AAAAAAAAAAAAAAAAAAAA/runs", data={})) == (400, 3012)
        assert error_of(client.post("/imports/nope/runs", data={})) == (400, 3011)
        guid = fake.engine.dataset.definitions[0].guid
        assert error_of(client.get(f"/imports/{guid}/runs/AAAAAAAAAAAAAAAAAAAA/errorContent")) == (
            400,
            3012,
        )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"resource": "ITEM_SPECS", "mode": "CREATE"}, 3001),
        ({"name": "x", "mode": "CREATE"}, 3001),
        ({"name": "x", "resource": "ITEMS", "mode": "CREATE"}, 3006),
        ({"name": "x", "resource": "ITEM_SPECS", "mode": "REPLACE"}, 3006),  # BOM only
        ({"name": "x", "resource": "ITEM_SPECS", "mode": "CREATE", "name1": "y"}, 3031),
        ({"name": "x", "resource": "ITEM_SPECS", "mode": "CREATE", "options": []}, 3006),
    ],
)
def test_what_a_new_definition_refuses(body, expected) -> None:
    with arena(clock=FakeClock()) as fake:
        client = Client(fake)
        assert error_of(client.post("/imports", json=body)) == (400, expected)


def test_definitions_are_created_listed_and_renamed(front: MockFront) -> None:
    client = Client(front)
    before = client.get("/imports?limit=400").json()["count"]
    created = client.post(
        "/imports", json={"name": "BOM", "resource": "item_bom", "mode": "Replace"}
    ).json()
    assert (created["resource"], created["mode"], created["number"]) == ("ITEM_BOM", "REPLACE", 6)
    assert created["creator"]["email"] == "integration@example.com"
    assert created["creationDateTime"] == "2026-07-28T00:00:00Z"
    listed = client.get("/imports?limit=400").json()
    assert listed["count"] == before + 1 and listed["results"][-1] == created
    path = f"/imports/{created['guid']}"
    renamed = client.put(path, json={"name": "BOM v2", "description": "line 2"})
    assert renamed.status_code == 201 and renamed.json()["name"] == "BOM v2"
    assert client.get(path).json()["description"] == "line 2"
    assert error_of(client.put(path, json={"mode": "CREATE"})) == (400, 3032)
    seeded = front.engine.dataset.definitions[0].guid
    assert client.put(f"/imports/{seeded}", json={"name": "Renamed"}).status_code == 201
    assert client.get(f"/imports/{seeded}").json()["name"] == "Renamed"
    assert front.engine.dataset.definitions[0].wire["name"] != "Renamed"  # shared data untouched


def test_a_new_run_of_a_seeded_definition_comes_after_its_runs() -> None:
    with arena(clock=FakeClock(), run_timing=(0, 0)) as fake:
        client = Client(fake)
        definition = fake.engine.dataset.definitions[4]  # 5 seeded runs
        run = client.start(definition.guid, csv_file([["P-1", "x"]], header=("part number", "x")))
        assert run.json()["number"] == len(definition.runs) + 1
        assert run.json()["errorCount"] == 0  # its mapping names the key column, any case
        listed = client.get(f"/imports/{definition.guid}/runs?status=COMPLETE").json()["results"]
        assert listed[-1]["guid"] == run.json()["guid"]


def test_the_default_workspaces_finished_runs_have_files_that_agree_with_their_counts() -> None:
    from datetime import datetime

    from arena_contract.mock.dataset import DATA_END, RETENTION

    engine = MockEngine(clock=FakeClock(), quota=10_000)
    headers = {"arena_session_id": engine.login()}
    kept = gone = 0
    for definition in engine.dataset.definitions:
        for run in definition.runs:
            path = f"/v1/imports/{definition.guid}/runs/{run['guid']}"
            if run["status"] not in ("COMPLETE", "ERROR"):  # not finished: no files yet
                answer = engine.handle("GET", path + "/errorContent", headers)
                assert (answer.status, answer.json()["errors"][0]["code"]) == (400, 3017)
                continue
            ended = datetime.fromisoformat(run["completionDateTime"].replace("Z", "+00:00"))
            if ended + RETENTION < DATA_END:  # deleted after 60 days, as Arena does
                gone += 1
                if gone <= 20:
                    answer = engine.handle("GET", path + "/resultContent", headers)
                    assert (answer.status, answer.json()["errors"][0]["code"]) == (400, 3017)
                continue
            if run["totalCount"] > 20_000:  # a seeded file has up to 150 000 rows: time
                continue
            result = engine.handle("GET", path + "/resultContent", headers)
            errors = engine.handle("GET", path + "/errorContent", headers)
            outcomes = [row[-3] for row in rows_of(result.body)[1:]]
            assert len(outcomes) == run["totalCount"]
            assert outcomes.count("ERROR") == run["errorCount"]
            assert len(rows_of(errors.body)) - 1 == run["errorCount"]
            assert engine.handle("GET", path + "/submitContent", headers).status == 200
            kept += 1
    assert kept >= 10 and gone >= 100


def test_a_seeded_excel_runs_source_is_a_workbook_of_its_records() -> None:
    from openpyxl import load_workbook

    engine = MockEngine(clock=FakeClock())
    headers = {"arena_session_id": engine.login()}
    for definition in engine.dataset.definitions:
        for run in reversed(definition.runs):  # the newest: their files are kept
            if run["status"] != "COMPLETE" or run["submitFileType"] != "EXCEL_WORKSHEET":
                continue
            path = f"/v1/imports/{definition.guid}/runs/{run['guid']}/submitContent"
            answer = engine.handle("GET", path, headers)
            if answer.status != 200 or run["totalCount"] > 20_000:
                continue
            workbook = load_workbook(io.BytesIO(answer.body), read_only=True)
            sheet = workbook[run["submitWorksheetName"]]
            assert sum(1 for _ in sheet.iter_rows()) == run["totalCount"] + 1
            return
    pytest.fail("no seeded Excel run with its files kept")


def test_serve_runs_imports_in_real_time_at_the_timing_given() -> None:
    import time

    from tests.test_mock_cli import serve, stop

    with serve("-q", "--run-timing", "0.2,0.3") as (proc, url):
        login = requests.post(
            url + "/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
            timeout=10,
        )
        headers = {"arena_session_id": login.json()["arena_session_id"]}
        guid = requests.get(url + "/imports", headers=headers, timeout=10).json()["results"][2]
        started = requests.post(
            f"{url}/imports/{guid['guid']}/runs",
            headers=headers,
            files={"submitContent": ("p.csv", csv_file([["P-1", "x"]]))},
            data={"submitFileType": "CSV"},
            timeout=10,
        ).json()
        path = f"{url}/imports/{guid['guid']}/runs/{started['guid']}"
        seen = []
        deadline = time.monotonic() + 30  # a loaded machine: the wall clock decides, not us
        while time.monotonic() < deadline:
            status = requests.get(path, headers=headers, timeout=10).json()["status"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "COMPLETE":
                break
            time.sleep(0.05)
        code, _, _ = stop(proc)
    assert seen[-1] == "COMPLETE" and set(seen) <= {"CREATED", "RUNNING", "COMPLETE"}
    assert code == 0


@pytest.mark.parametrize("value", ["1", "a,b", "-1,2", "1,2,3", "nan,1"])
def test_serve_refuses_a_timing_it_cannot_read(value, capsys) -> None:
    from arena_contract.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", f"--run-timing={value}"])
    assert exit_info.value.code == 2
    assert "expected two numbers of seconds" in capsys.readouterr().err
