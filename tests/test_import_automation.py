"""docs/import-automation.md's worked example, run offline against the mock (issue 18 item 5).

examples/import_automation.py starts a dry run with a CSV file, polls it until it is
finished, reads its error file and commits it, over HTTP against the served mock, on the
mock's FakeClock (the poll's wait advances the clock: nothing sleeps). What it sent is
counted on the server's side, and what the mock answered is judged by the validator.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from arena_contract.mock import FakeClock, MockArena, serve_in_thread
from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD
from arena_contract.validate import Validator

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "import_automation.py"
DOC = ROOT / "docs" / "import-automation.md"


def load_example():
    spec = importlib.util.spec_from_file_location("import_automation", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module's annotations
    spec.loader.exec_module(module)
    return module


automation = load_example()

CLEAN = b"number,name,description\r\nP-1001,Fan blade,Winter fan\r\nP-1002,Fan hub,Hub\r\n"
#: The mock's one rule a record can fail: no `number` (docs/mock.md).
ONE_BAD = CLEAN + b",Fan guard,no number\r\n"


@pytest.fixture
def arena():
    """The served mock on a FakeClock; yields (client, clock, engine), logged in."""
    clock = FakeClock()
    engine = MockArena(clock=clock)
    with serve_in_thread(engine) as server:
        client = automation.ImportClient(server.url)
        client.login(DEFAULT_EMAIL, DEFAULT_PASSWORD)
        yield client, clock, engine
        client.logout()


def an_import(client) -> str:
    """A new definition that creates items, keyed by the source's `number` column."""
    return client.create_definition("Winter 23 parts", "ITEM_SPECS", "CREATE")


def sent(engine) -> Counter:
    """What the mock was asked, by method and the path's last segment kind."""
    counted: Counter = Counter()
    for exchange in engine.exchanges():
        path = urlsplit(exchange.request.url).path
        kind = re.sub(r"/[A-Z0-9]{20}", "/{guid}", path.split("/v1", 1)[-1])
        counted[f"{exchange.request.method} {kind}"] += 1
    return counted


def findings(engine) -> list[str]:
    validator = Validator()
    return [
        f"{exchange.request.method} {exchange.request.url} {exchange.status}: {finding.rule}"
        for exchange in engine.exchanges()
        for finding in validator.check(exchange).findings
    ]


def test_a_clean_file_is_imported_and_committed(arena):
    client, clock, engine = arena
    guid = an_import(client)
    outcome = automation.import_file(client, guid, CLEAN, wait=clock.advance)
    assert outcome.committed and outcome.errors == []
    run = outcome.run
    assert (run["status"], run["commit"], run["totalCount"], run["successCount"]) == (
        "COMPLETE",
        True,
        2,
        2,
    )
    counted = sent(engine)
    assert counted["POST /imports/{guid}/runs"] == 1
    assert counted["PUT /imports/{guid}/runs/{guid}"] == 1
    assert counted["GET /imports/{guid}/runs/{guid}/errorContent"] == 0  # no errors to read
    assert counted["GET /imports/{guid}/runs/{guid}"] >= 2  # polled until finished
    assert findings(engine) == []


def test_a_file_with_a_bad_record_is_read_and_left_uncommitted(arena):
    client, clock, engine = arena
    guid = an_import(client)
    outcome = automation.import_file(client, guid, ONE_BAD, wait=clock.advance)
    assert not outcome.committed
    assert (outcome.run["status"], outcome.run["errorCount"], outcome.run["commit"]) == (
        "COMPLETE",
        1,
        False,
    )
    [row] = outcome.errors
    assert row["status"] == "ERROR" and row["errorCode"] and row["errorMessage"]
    assert row["name"] == "Fan guard"  # the failed record, as submitted
    assert sent(engine)["PUT /imports/{guid}/runs/{guid}"] == 0
    # Accepting one failed record commits the same kind of run.
    accepted = automation.import_file(client, guid, ONE_BAD, max_errors=1, wait=clock.advance)
    assert accepted.committed and accepted.run["commit"] is True
    assert findings(engine) == []


def test_a_second_commit_and_an_early_error_file_are_arenas_400(arena):
    client, clock, engine = arena
    guid = an_import(client)
    started = client.start_run(guid, ONE_BAD)
    assert started["status"] == "CREATED"
    with pytest.raises(automation.ArenaError) as early:
        client.error_rows(guid, started["guid"])
    assert (early.value.status, early.value.code) == (400, 3017)
    client.wait_until_finished(guid, started["guid"], wait=clock.advance)
    client.commit(guid, started["guid"])
    with pytest.raises(automation.ArenaError) as again:
        client.commit(guid, started["guid"])
    assert again.value.status == 400
    assert findings(engine) == []


def test_polling_gives_up_after_its_time_without_sleeping(arena):
    client, _, _ = arena
    guid = an_import(client)
    started = client.start_run(guid, CLEAN)
    waits: list[float] = []
    with pytest.raises(TimeoutError):
        # A wait that does not move the clock: the run never finishes.
        client.wait_until_finished(guid, started["guid"], wait=waits.append, at_most=200)
    assert waits == [5, 10, 20, 40, 60, 60, 60]  # doubling up to a minute, 255 s in all


def test_the_docs_show_the_examples_code():
    doc = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- example:import-file -->\n```python\n(.*?)```", doc, re.S)
    assert block, "docs/import-automation.md lost its example block"
    assert block.group(1) in EXAMPLE.read_text(encoding="utf-8")
