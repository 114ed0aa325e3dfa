"""Properties that hold for any traffic: no crash, stable JSON, and nothing drifts from itself."""

import json

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.drift import compare, contract_shape, drift, dumps, from_json, infer
from arena_contract.exchange import Exchange, Headers, Request
from tests.test_drift_support import BASE, IMPORT_GUID, RUN_GUID, run

PATHS = [
    f"{BASE}/imports/{IMPORT_GUID}/runs",
    f"{BASE}/imports/{IMPORT_GUID}/runs?status=COMPLETE&limit=5",
    f"{BASE}/imports/{IMPORT_GUID}/runs/{RUN_GUID}",
    f"{BASE}/imports/NOT%20A%20GUID/runs",
    f"{BASE}/imports",
    f"{BASE}/login",
    "https://[::1/v1/imports/L3N6PX663K3K3HOBOOT0/runs",
    "//imports//runs",
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "COMPLETE", "2021-09-15T00:00:00Z", "R9TCQNRT4L47Q9VQWUF3", "*", "~"])
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["status", "errors", "code", "*", "a/b", "~"]) | st.text(max_size=6),
            children,
            max_size=4,
        )
    ),
    max_leaves=15,
)
bodies = json_values | st.builds(
    lambda n: {"count": n, "results": [run(i) for i in range(n)]}, st.integers(0, 4)
)


@st.composite
def exchanges(draw):
    raw_body = draw(st.booleans())
    body = draw(bodies)
    text = json.dumps(body).encode()
    if raw_body:
        return Exchange(text=text, body=body)
    header_names = st.sampled_from(
        ["Server", "content-type", "Date", "X-Arena-Requests-Remaining", "Connection"]
    )
    header_values = st.sampled_from(
        ["ArenaSolutions", "application/json", "997", "Sat, 28 Nov 2026 13:43:54 GMT", "x"]
    )
    return Exchange(
        request=Request(
            draw(st.sampled_from(["GET", "GET", "POST"])),
            draw(st.sampled_from(PATHS)),
            Headers(draw(st.sampled_from([{}, {"arena_session_id": "x"}, {"Accept": "*/*"}]))),
        ),
        status=draw(st.sampled_from([200, 400, 401, 404, 429, 500])),
        headers=Headers(draw(st.lists(st.tuples(header_names, header_values), max_size=5))),
        text=text,
        body=body,
    )


traffic = st.lists(exchanges(), min_size=1, max_size=8)


@given(traffic)
def test_nothing_drifts_from_itself_or_from_a_reordered_copy(items):
    shape = infer(items)
    assert drift(shape, shape).changes == []
    assert drift(shape, infer(list(reversed(items)) + items)).changes == []


@given(traffic)
def test_the_summary_round_trips_through_json(items):
    text = dumps(infer(items))
    assert dumps(from_json(json.loads(text))) == text


@given(traffic, traffic)
def test_any_pair_compares_without_error(first, second):
    report = drift(infer(first), infer(second))
    assert set(report.summary()) == {"breaking", "warning", "info"}
    compare(contract_shape(), infer(second))


def test_one_body_as_success_and_as_error_is_two_samples_in_any_order():
    """The same bytes answered with 200 and with 400 in one group land in both pools, so the
    order of a recording does not decide which pool loses its sample (found by the property
    above: a reversed recording "drifted" from itself)."""
    url = f"{BASE}/imports/{IMPORT_GUID}/runs?status=COMPLETE&limit=5"
    body = {"count": 1, "results": [run(0)]}

    def answer(status):
        return Exchange(
            request=Request("GET", url, Headers({})),
            status=status,
            headers=Headers({}),
            text=json.dumps(body).encode(),
            body=body,
        )

    items = [answer(200), answer(400)]
    forward, backward = infer(items), infer(items[::-1])
    assert dumps(forward) == dumps(backward)
    assert drift(forward, backward).changes == []
