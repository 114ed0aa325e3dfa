"""A shape summary is meant to be committed: it keeps no personal data.

Runs are built with generated canary names, titles, file and worksheet names and messages,
each repeated from a small pool (as a small workspace has few users: the case that made
names look like an enum), in mixed case and in capitals; the summary, in both of its
forms, must hold none of them, while the enums it needs for drift are still there.
"""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from arena_contract.drift import dumps, infer
from arena_contract.drift.render import render_shape_text
from tests.test_drift_support import error, page, run

# A canary is distinctive (a prefix no contract word has) and looks like real text.
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñøü", min_size=3, max_size=8)
CANARY = st.builds(lambda a, b: f"Qzx{a} {b.capitalize()}", _WORD, _WORD)
#: The same canary written as some systems store names: one word, in capitals.
CAPITALS = st.builds(lambda a: f"QZX{a.upper()}", st.text(alphabet="ABCDEFGHIJ", min_size=2))


def canary_runs(pool: list[str], count: int = 12) -> list[dict]:
    def pick(i: int, k: int) -> str:
        return pool[(i + k) % len(pool)]

    return [
        run(
            i,
            creator={
                "email": "someone@example.com",
                "fullName": pick(i, 0),
                "guid": "FE67A3D57DAF4293A1FF",
            },
            submitWorksheetName=pick(i, 1),
            submitFileName=pick(i, 2) + ".xlsx",
            change={"number": "ECO-000123", "title": pick(i, 3), "description": pick(i, 4)},
            warnings={"count": 1, "results": [{"message": pick(i, 5), "code": "W_ROW"}]},
        )
        for i in range(1, count + 1)
    ]


@given(pool=st.lists(CANARY | CAPITALS, min_size=1, max_size=3, unique=True))
def test_the_summary_keeps_no_names_titles_file_names_or_messages(pool):
    runs = canary_runs(pool)
    exchanges = [page(runs[:6]), page(runs[6:]), page(runs[:6])]
    exchanges += [error(3012, message=pool[0], path="/imports/QZXAAAAAAAAAAAAAAAAA/runs")] * 3
    shape = infer(exchanges)
    text = io.StringIO()
    render_shape_text(shape, text)
    for output in (dumps(shape), text.getvalue()):
        for canary in pool:
            assert canary not in output, f"{canary!r} kept in the summary"
        assert "qzx" not in output.lower()
    # What drift compares is still kept: Arena's enums and codes.
    fields = json.loads(dumps(shape))["groups"]["listImportRuns/ok"]["bodies"]["success"]
    assert fields["fields"]["/results/*/status"]["values"] == {"COMPLETE": 12}
    assert fields["fields"]["/results/*/warnings/results/*/code"]["values"] == {"W_ROW": 12}
