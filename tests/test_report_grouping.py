"""`check` tells a repeated finding once per file (count, pattern, first responses), in text
and GitHub formats; GitHub annotations point at the line where the response's entry starts.

The captures are generated (how many responses, runs per list, indentation, format) and the
expected lines come from markers in the written file, not from the code under test.
"""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_contract.reporters.entry_lines import json_item_lines
from tests.helpers import RUNS_URL, arena_headers, har_entry, load, run_cli

BASE_RUN = load("page-sample.json")["results"][0]


def run_list(runs: int, null_creator: bool) -> str:
    results = []
    for index in range(runs):
        run = dict(BASE_RUN, guid=f"RUN{index:017d}", number=index + 1)
        if null_creator:
            run["creator"] = None
        results.append(run)
    return json.dumps({"count": runs, "results": results}, ensure_ascii=False)


def exchanges(lists: list[tuple[int, bool]]) -> list[dict]:
    """One capture per list: (runs, creator null?); each request names its list."""
    out = []
    for index, (runs, null) in enumerate(lists):
        text = run_list(runs, null)
        out.append(
            {
                "marker": f"exchange-{index}",
                "request": {"method": "GET", "url": f"{RUNS_URL}?limit={max(runs, 1)}"},
                "response": {"status": 200, "headers": arena_headers(text.encode()), "text": text},
            }
        )
    return out


def har(items: list[dict], indent: int | None) -> str:
    entries = [
        har_entry(
            item["request"]["url"],
            item["response"]["text"],
            item["response"]["headers"],
            comment=item["marker"],
        )
        for item in items
    ]
    document = {"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}}}
    document["log"]["entries"] = entries
    return json.dumps(document, indent=indent, ensure_ascii=False)


def cassette(items: list[dict]) -> str:
    interactions = [
        {
            "marker": item["marker"],
            "request": {
                "method": "GET",
                "uri": item["request"]["url"],
                "body": None,
                "headers": {},
            },
            "response": {
                "status": {"code": 200, "message": "OK"},
                "headers": {k: [v] for k, v in item["response"]["headers"].items()},
                "body": {"string": item["response"]["text"]},
            },
        }
        for item in items
    ]
    return yaml.safe_dump({"interactions": interactions, "version": 1}, allow_unicode=True)


def jsonl(items: list[dict]) -> str:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n"


def marker_lines(text: str, items: list[dict], *, entry_opens_before: bool) -> dict[int, int]:
    """exchange index -> the line its entry starts on, from the markers in the file."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for found in re.finditer(r"exchange-(\d+)", line):
            lines.setdefault(int(found.group(1)), number - entry_opens_before)
    return {i: lines[i] for i in range(len(items))}


def check(path, *args: str) -> tuple[int, list[str]]:
    code, out, _ = run_cli("check", *args, path)
    return code, out.splitlines()


LISTS = st.lists(st.tuples(st.integers(1, 6), st.booleans()), min_size=1, max_size=6)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lists=LISTS, indent=st.sampled_from([None, 1, 2, 4]))
def test_text_tells_each_repeated_finding_once_per_file(tmp_path_factory, lists, indent):
    items = exchanges(lists)
    path = tmp_path_factory.mktemp("har") / "rec.har"
    path.write_text(har(items, indent), encoding="utf-8")
    code, out = check(path)
    nulls = [i for i, (_, null) in enumerate(lists) if null]
    total = sum(runs for runs, null in lists if null)
    finding_lines = [line for line in out if line.startswith("    error: ")]
    if not nulls:
        assert code == 0 and not finding_lines
        return
    assert code == 1
    (line,) = finding_lines  # one kind of finding, one line, whatever the count
    assert line.startswith("    error: schema.type at /results/0/creator: ")
    assert line.endswith(" more at /results/*/creator)") == (total > 1)
    if total > 1:
        assert f"(and {total - 1} more at /results/*/creator)" in line
    # the label above it names the first response with the finding
    assert out[out.index(line) - 1].startswith(f"  {path}#entries[{nulls[0]}] GET ")
    spread = [line for line in out if line.startswith("      in ")]
    if len(nulls) > 1:
        shown = ", ".join(f"entries[{i}]" for i in nulls[:3])
        more = f" and {len(nulls) - 3} more" if len(nulls) > 3 else ""
        assert spread == [f"      in {len(nulls)} responses: {shown}{more}"]
    else:
        assert spread == []
    assert out[-1].startswith(f"1 file(s), {len(lists)} response(s): {total} error(s)")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lists=LISTS.filter(lambda lists: any(null for _, null in lists)),
    form=st.sampled_from(["har-compact", "har-indented", "cassette", "jsonl"]),
)
def test_github_annotations_point_at_the_entry_line(tmp_path_factory, lists, form):
    items = exchanges(lists)
    directory = tmp_path_factory.mktemp("gh")
    if form.startswith("har"):
        indent = 2 if form == "har-indented" else None
        text, path = har(items, indent), directory / "rec.har"
        lines = marker_lines(text, items, entry_opens_before=indent is not None)
    elif form == "cassette":
        text, path = cassette(items), directory / "rec.yaml"
        lines = marker_lines(text, items, entry_opens_before=False)  # "- marker: ..."
    else:
        text, path = jsonl(items), directory / "rec.jsonl"
        lines = marker_lines(text, items, entry_opens_before=False)
    path.write_text(text, encoding="utf-8")
    code, out = check(path, "--format", "github")
    assert code == 1
    annotations = [line for line in out if line.startswith("::")]
    (annotation,) = annotations
    first = next(i for i, (_, null) in enumerate(lists) if null)
    assert f",line={lines[first]},title=schema.type::" in annotation
    nulls = sum(null for _, null in lists)
    assert (f"in {nulls} responses" in annotation) == (nulls > 1)


def test_different_rules_and_places_stay_apart(tmp_path):
    body = json.loads(run_list(2, null_creator=False))
    body["results"][0]["creator"] = None
    body["results"][0]["status"] = "DONE"
    body["results"][1]["status"] = "QUEUED"
    text = json.dumps(body)
    capture = {
        "request": {"method": "GET", "url": RUNS_URL},
        "response": {"status": 200, "headers": arena_headers(text.encode()), "text": text},
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(capture), encoding="utf-8")
    code, out = check(path)
    findings = [line for line in out if line.startswith("    error: ")]
    assert code == 1 and len(findings) == 2
    assert any(f.startswith("    error: schema.enum at /results/0/status") for f in findings)
    assert any("(and 1 more at /results/*/status)" in f for f in findings)
    assert any(f.startswith("    error: schema.type at /results/0/creator") for f in findings)


def test_json_item_lines_follows_only_the_route():
    text = json.dumps(
        {
            "entries": [{"x": 1}],  # the same key elsewhere is not the route
            "log": {"entries": [{"a": "]},[{"}, "scalar", [1, 2], {"entries": [{}, {}]}]},
        },
        indent=1,
    ).encode()
    lines = json_item_lines(text, ("log", "entries"))
    rows = text.decode().splitlines()
    assert len(lines) == 4
    assert [rows[n - 1].strip()[:1] for n in lines] == ["{", '"', "[", "{"]
