"""The contract is the source of its values: statuses, page limits, filters and error codes are
read from openapi.yaml and schemas/ (arena_contract.vocabulary), and the rules, the mock, the
strategies and the probe take them from there rather than writing them out again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from arena_contract import contract, vocabulary
from arena_contract.mock import behaviours, dataset, listing
from arena_contract.rules import context, lists, runs
from arena_contract.suite import inputs as plan

ROOT = Path(__file__).parent.parent / "arena_contract"
STATUS_SCHEMA = contract.schemas()[contract.SCHEMA_BASE + "run-status.json"]


def test_the_values_are_the_contracts():
    ref = contract.openapi()["components"]["parameters"]["limit"]["schema"]["$ref"]
    assert ref == "./schemas/common.json#/$defs/pageLimit"
    limit = contract.schemas()[contract.SCHEMA_BASE + "common.json"]["$defs"]["pageLimit"]
    assert (limit["default"], limit["maximum"]) == (vocabulary.DEFAULT_LIMIT, vocabulary.MAX_LIMIT)
    assert tuple(STATUS_SCHEMA["enum"]) == vocabulary.RUN_STATUSES
    assert set(vocabulary.DOCUMENTED_RUN_STATUSES) <= set(vocabulary.RUN_STATUSES)
    assert set(vocabulary.FINISHED_RUN_STATUSES) <= set(vocabulary.DOCUMENTED_RUN_STATUSES)
    assert set(vocabulary.RUN_FILTERS) == {
        "creator.email",
        "creator.fullName",
        "creator.guid",
        "number",
        "status",
    }
    assert {"name", "number", "description", "mode", "creator.guid"} <= set(
        vocabulary.IMPORT_FILTERS
    )
    assert {3011, 3012, 3019, 3041, 3220} <= set(vocabulary.error_codes("listImportRuns"))


def test_the_users_take_them_from_the_contract():
    assert context.DEFAULT_LIMIT is vocabulary.DEFAULT_LIMIT
    assert context.MAX_LIMIT is vocabulary.MAX_LIMIT
    assert tuple(lists.FILTERS) == vocabulary.RUN_FILTERS
    assert listing.RUN_FILTERS is vocabulary.RUN_FILTERS
    assert behaviours.FILTERS is vocabulary.RUN_FILTERS
    assert (behaviours.DEFAULT_PAGE, behaviours.MAX_PAGE) == (20, 400)
    assert frozenset(vocabulary.FINISHED_RUN_STATUSES) == runs.FINISHED
    assert plan.run_statuses() == vocabulary.RUN_STATUSES
    assert dataset.RUN_STATUSES == vocabulary.DOCUMENTED_RUN_STATUSES
    from arena_contract import strategies

    assert strategies.RUN_STATUSES == vocabulary.RUN_STATUSES


@pytest.mark.parametrize(
    "module",
    [
        "mock/dataset.py",
        "mock/listing.py",
        "mock/behaviours.py",
        "strategies.py",
        "rules/runs.py",
        "rules/lists.py",
        "rules/context.py",
        "suite/kinds/runs.py",
        "suite/kinds/pages.py",
        "suite/inputs.py",
        "rules/across.py",
    ],
)
def test_no_module_writes_the_status_list_or_the_filter_list_out_again(module):
    """A tuple, list or set literal of four or more run statuses, or of three or more run
    filters, is a copy of the contract's values (a status or two in a comparison is not)."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    statuses, filters = set(vocabulary.RUN_STATUSES), set(vocabulary.RUN_FILTERS)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            assert len(values & statuses) < 4, f"{module}:{node.lineno} lists run statuses"
            assert len(values & filters) < 3, f"{module}:{node.lineno} lists the run filters"


def test_per_filter_tables_name_exactly_the_contracts_filters():
    """Tables that give each filter its own value (no-match values) hold the same names."""
    assert set(plan.NO_MATCH) == set(vocabulary.RUN_FILTERS)


def test_drifts_expected_codes_are_the_contracts():
    """drift --spec expects, per request class, the codes the contract's 400 examples show
    for the run list and a run's content files (3006, the mock's chosen answer to an
    ill-typed filter, apart)."""
    from arena_contract.drift.spec_shape import CLASS_EXPECTATIONS

    documented = {
        str(code)
        for operation in ("listImportRuns", "getImportRunResultContent")
        for code in vocabulary.error_codes(operation)
    }
    expected = {code for _, codes in CLASS_EXPECTATIONS.values() for code in codes}
    assert expected - {"401", "3006"} == documented


def test_the_mocks_error_codes_are_the_contracts_or_named_apart():
    """Every code the mock answers with is one the contract's examples show, except those
    for requests the contract does not describe or answers it chose (docs/assumptions.md)."""
    from arena_contract.mock import errors

    documented = {
        code
        for operation in ("listImportRuns", "listImports", "getImportRun")
        for status in (400, 401, 404, 429)
        for code in vocabulary.error_codes(operation, status)
    }
    apart = {
        errors.NOT_ALLOWED: "an undeclared method (405, Arena's generic code; no page shows it)",
        errors.INVALID_OPTION: "an ill-typed filter value (3006, the mock's choice)",
        errors.BAD_LOGIN: "POST /login, which the contract does not describe (its page: 4001)",
    }
    # The Import Engine's refusals are the mock's choices of Arena's codes (errors.py).
    sent = set(errors.MESSAGES) - set(errors.IMPORT_REFUSALS)
    assert sent - set(apart) <= documented, sent - set(apart) - documented
    # 3024 is accepted from Arena (an object one may not see); the mock answers 3012.
    assert documented - sent == {3024}


def _error_examples(node):
    """Every (code, message) of an Arena error body in the contract's examples."""
    if isinstance(node, dict):
        errors = node.get("errors")
        if isinstance(errors, list):
            for error in errors:
                if isinstance(error, dict) and {"code", "message"} <= set(error):
                    yield error["code"], error["message"]
        for value in node.values():
            yield from _error_examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from _error_examples(value)


def test_the_mocks_one_error_table_says_what_the_contracts_examples_say():
    """Every example text of the contract (Arena's pages' samples) is the mock's text for a
    code: for its own code, or, where Arena's sample and its error table disagree (a 3006
    text under 3011, a 3001 text under 3006: the examples' summaries say so), for the code
    the table gives it, which the mock follows."""
    import re

    from arena_contract.contract import openapi
    from arena_contract.mock import errors

    def matches(code, text):
        template = errors.MESSAGES.get(code)
        if template is None:
            return False
        pattern = re.escape(template).replace(r"\{0\}", ".*").replace(r"\{1\}", ".*")
        return re.fullmatch(pattern, text, re.S) is not None

    examples = set(_error_examples(openapi()))
    known = {(code, text) for code, text in examples if code in errors.MESSAGES}
    assert len(known) >= 10, known  # the walk found the examples
    own = {(code, text) for code, text in known if matches(code, text)}
    other = {
        (code, text): [c for c in errors.MESSAGES if matches(c, text)] for code, text in known - own
    }
    assert all(found for found in other.values()), other
    assert {code for code, _ in other} <= {3006, 3011}, other  # the two the examples name
