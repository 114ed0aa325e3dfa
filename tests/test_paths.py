"""paths.py routes without reading the contract (no PyYAML on the check path); this keeps the
two in agreement."""

from __future__ import annotations

from arena_contract import contract
from arena_contract.captures.capture import is_contract_request
from arena_contract.paths import CONTRACT_REQUESTS, FILE_ENDPOINTS, classify

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


def test_capture_readers_keep_exactly_the_operations_of_the_contract():
    operations = {(op.method, classify(_instance(op.template))[0]) for op in contract.operations()}
    assert operations == CONTRACT_REQUESTS
    for method, kind in CONTRACT_REQUESTS:
        [template] = {
            op.template
            for op in contract.operations()
            if classify(_instance(op.template))[0] == kind
        }
        url = "https://api.arenasolutions.com" + _instance(template)
        assert is_contract_request(method, url) and is_contract_request(method.lower(), url)
        assert not is_contract_request("OPTIONS", url)
        assert not is_contract_request("DELETE", url)


def test_file_endpoints_are_the_operations_answering_files():
    files = {classify(_instance(op.template))[0] for op in contract.operations() if op.files}
    assert files == FILE_ENDPOINTS
    for op in contract.operations():
        assert op.files <= {200}, op.operation_id  # errors come in Arena's JSON form


def test_an_operation_is_found_by_method_and_path():
    path = _instance("/imports/{guid}/runs")
    assert contract.operation_for(path)[0].operation_id == "listImportRuns"
    assert contract.operation_for(path, "HEAD")[0].operation_id == "listImportRuns"
    assert contract.operation_for(path, "post")[0].operation_id == "startImportRun"
    assert contract.operation_for(path, "DELETE") == (None, {})
