"""Generated conforming payloads pass; each single mutation is caught at the right pointer."""

import copy

from hypothesis import given
from hypothesis import strategies as st

from arena_contract import strategies as arena_st
from arena_contract import validate_body


@given(arena_st.run_lists())
def test_conforming_run_lists_pass(body):
    assert validate_body(body).findings == []


def _mutations(body):
    """(description, mutated body, rule prefix, pointer) for single mutations of a run list."""
    yield "count negative", {**body, "count": -1}, "schema.minimum", "/count"
    yield "results not a list", {**body, "results": {}}, "schema.type", "/results"
    for i, run in enumerate(body["results"]):

        def mutate(key, value, i=i, run=run):
            changed = copy.deepcopy(body)
            if value is _DELETE:
                del changed["results"][i][key]
            else:
                changed["results"][i][key] = value
            return changed

        at = f"/results/{i}"
        yield "status", mutate("status", "FINISHED"), "schema.enum", f"{at}/status"
        yield "guid", mutate("guid", run["guid"].lower() + "x"), "schema.pattern", f"{at}/guid"
        yield "number", mutate("number", str(run["number"])), "schema.type", f"{at}/number"
        yield (
            "creation",
            mutate("creationDateTime", "2021-13-40"),
            "schema.format",
            f"{at}/creationDateTime",
        )
        yield "commit", mutate("commit", _DELETE), "schema.required", f"{at}/commit"
        yield "errors", mutate("errorCount", -5), "schema.minimum", f"{at}/errorCount"
        yield "unknown", mutate("fileType", "CSV"), "schema.unknown-field", f"{at}/fileType"


_DELETE = object()


@given(arena_st.run_lists(max_size=3), st.data())
def test_each_single_mutation_is_caught_at_its_pointer(body, data):
    mutations = list(_mutations(body))
    name, mutated, rule, pointer = data.draw(st.sampled_from(mutations), label="mutation")
    found = {(f.rule, f.pointer) for f in validate_body(mutated).findings}
    assert (rule, pointer) in found, (name, found)


@given(arena_st.malformed_guids())
def test_malformed_guids_are_malformed(guid):
    from arena_contract.paths import is_guid

    assert not is_guid(guid)


@given(
    arena_st.run_lists(max_size=4).flatmap(
        lambda b: st.tuples(st.just(b), arena_st.query_params(b["results"]))
    )
)
def test_query_params_are_known_parameters(pair):
    _, params = pair
    assert set(params) <= {
        "status",
        "number",
        "creator.guid",
        "creator.email",
        "creator.fullName",
        "offset",
        "limit",
    }
