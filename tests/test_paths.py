"""paths.py routes without reading the contract (no PyYAML on the check path); this keeps the
two in agreement."""

from __future__ import annotations

from arena_contract import contract
from arena_contract.paths import CONTRACT_ENDPOINTS, classify

GUID, RUN = "L3N6PX663K3K3HOBOOT0", "R9TCQNRT4L47Q9VQWU01"


def _instance(template: str) -> str:
    return "/v1" + template.replace("{guid}", GUID).replace("{runGuid}", RUN)


def test_every_contract_operation_is_routed_with_its_parameters():
    for operation in contract.operations():
        path = _instance(operation.template)
        kind, params = classify(path)
        assert kind is not None, operation.template
        # The names differ (runGuid / run), the values may not.
        assert sorted(params.values()) == sorted(operation.match(path).values())


def test_capture_readers_keep_exactly_the_operations_on_runs():
    run_schemas = (contract.SCHEMA_BASE + "run.json", contract.SCHEMA_BASE + "run-list.json")
    on_runs = {
        classify(_instance(op.template))[0]
        for op in contract.operations()
        if set(op.responses.values()) & set(run_schemas)
    }
    assert on_runs == CONTRACT_ENDPOINTS
