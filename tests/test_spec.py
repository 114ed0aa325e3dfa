"""openapi.yaml as other tools read it: its examples pass `check`, its header schemas are as
strict as the rules, and its schema files resolve wherever they are served."""

import functools
import http.server
import json
import re
import threading
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from arena_contract import contract
from arena_contract.cli import main
from arena_contract.rules.headers import is_http_date, is_reset_date

HEADERS = contract.openapi()["components"]["headers"]


def header_pattern(name: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262: "$" is the very end ("\\Z" in Python, whose "$"
    # also matches before a final newline).
    return re.compile(re.sub(r"\$$", r"\\Z", HEADERS[name]["schema"]["pattern"]))


# -- header schemas as strict as the rules ---------------------------------------------------

moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 12, 31),
    timezones=st.just(timezone.utc),
)


def http_date(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


#: A well-formed value spoilt in one of the ways real headers go wrong.
SPOILERS = [
    lambda v: v.replace("GMT", "UTC"),
    lambda v: v.lower(),
    lambda v: v + " ",
    lambda v: v + "\n",
    lambda v: " " + v,
    lambda v: v.replace(", ", " "),
    lambda v: v.replace(":", "-", 1),
    lambda v: v[:-1],
    lambda v: v.replace("T", "t"),
    lambda v: v.replace("Z", "+0530"),
    lambda v: v.replace("Z", ".123456Z"),
    lambda v: v[:16],
    lambda v: v[:10],
    lambda v: v.replace("-", "/"),
    lambda v: v.replace("0700", "2400"),  # an offset of a day or more
    lambda v: v.replace("(PDT)", "(PDT"),
    lambda v: v.replace(" (", "("),
    lambda v: v.replace("1", "\u0661"),  # an Arabic-Indic digit: \d matches it, [0-9] not
]


def date_forms(moment: datetime) -> list[str]:
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    arena = moment.strftime("%a, %d-%b-%Y %H:%M:%S GMT-0700 (PDT)")  # api_licensing.md's form
    return [
        http_date(moment),
        iso,
        iso.replace("Z", "+02:00"),
        moment.strftime("%c"),
        arena,
        arena.replace(" (PDT)", ""),
        arena.replace("-0700 (PDT)", "+0530 (IST)"),
    ]


def calendar_ok(value: str) -> bool:
    """Whether the numbers a pattern accepted make a real date (and the weekday fits)."""
    try:
        if value[:3].isalpha() and value[7] == "-":  # Arena's form: the zone is not the point
            moment = datetime.strptime(value[:25], "%a, %d-%b-%Y %H:%M:%S")
            return moment.strftime("%a") == value[:3]
        if value[:3].isalpha():
            moment = datetime.strptime(value, "%a, %d %b %Y %H:%M:%S GMT")
            return moment.strftime("%a") == value[:3]
        datetime(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


@given(moment=moments, spoil=st.sampled_from([None, *SPOILERS]))
def test_header_patterns_agree_with_the_rules(moment, spoil):
    """On real date forms and spoilt ones, each pattern accepts exactly what its rule does."""
    date, reset = header_pattern("Date"), header_pattern("X-Arena-Next-Request-Limit-Reset")
    for value in date_forms(moment):
        value = spoil(value) if spoil else value
        assert bool(date.search(value)) == is_http_date(value), value
        assert bool(reset.search(value)) == is_reset_date(value), value


@given(data=st.data(), name=st.sampled_from(["Date", "X-Arena-Next-Request-Limit-Reset"]))
def test_what_the_patterns_allow_the_rules_accept(data, name):
    """What a spec-driven mock may generate from a pattern, the rules accept, unless the
    numbers make no date (31 Feb; a weekday that does not fit), which a regex cannot see."""
    value = data.draw(st.from_regex(header_pattern(name), fullmatch=True))
    accepted = is_http_date(value) if name == "Date" else is_reset_date(value)
    assert accepted == calendar_ok(value), value


def test_integer_headers_are_non_negative_integers():
    for name in ("Content-Length", "X-Arena-Requests-Remaining"):
        assert HEADERS[name]["schema"] == {"type": "integer", "minimum": 0}


def operations_in_spec():
    """(template, method, operation) for every operation of openapi.yaml."""
    for template, item in contract.openapi()["paths"].items():
        for method in contract.METHODS:
            if method in item:
                yield template, method.upper(), item[method]


def resolved(spec, response):
    if "$ref" in response:
        return spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response


def test_no_content_type_response_header_is_declared():
    """OpenAPI 3.1 ignores a Content-Type response header: the media type says it. Every
    answer is JSON but a content file's (CSV, XLSX), and every error is Arena's JSON form."""
    spec = contract.openapi()
    assert "Content-Type" not in HEADERS
    for template, method, operation in operations_in_spec():
        for status, response in operation["responses"].items():
            response = resolved(spec, response)
            assert "Content-Type" not in response["headers"], status
            media = list(response["content"])
            if template.endswith("Content") and status == "200":
                assert "application/json" not in media and "text/csv" in media, template
            else:
                assert media == ["application/json"], (template, method, status)


def test_every_operation_is_described():
    ids = [operation["operationId"] for _, _, operation in operations_in_spec()]
    assert len(ids) == len(set(ids)) == 11
    for template, method, operation in operations_in_spec():
        assert operation.get("description", "").strip(), (method, template)
        assert operation.get("summary") and operation.get("tags"), (method, template)


def test_write_operations_document_their_request_bodies_with_examples():
    spec = contract.openapi()
    for template, method, operation in operations_in_spec():
        if method == "GET":
            assert "requestBody" not in operation, template
            continue
        body = operation["requestBody"]
        assert body["required"] is True
        [(media, content)] = body["content"].items()
        assert media == (
            "multipart/form-data" if template.endswith("/runs") else "application/json"
        )
        assert content["examples"], (method, template)
        schema_name = content["schema"]["$ref"].rsplit("/", 1)[-1]
        schema = contract.validator(contract.SCHEMA_BASE + schema_name)
        for example in content["examples"].values():
            value = spec["components"]["examples"][example["$ref"].rsplit("/", 1)[-1]]["value"]
            assert schema.is_valid(value), (method, template, value)


# -- the examples pass `check` ---------------------------------------------------------------


def media_examples():
    """(method, operation, status, name, body, media type) for every example of a response
    body in the spec (a str for a file, parsed JSON otherwise)."""
    spec = contract.openapi()
    for template, method, operation in operations_in_spec():
        for status, response in operation["responses"].items():
            response = resolved(spec, response)
            for media_type, media in response["content"].items():
                if "example" in media:
                    yield method, template, int(status), "example", media["example"], media_type
                for name, example in media.get("examples", {}).items():
                    if "$ref" in example:
                        example = spec["components"]["examples"][example["$ref"].rsplit("/", 1)[-1]]
                    yield method, template, int(status), name, example["value"], media_type


EXAMPLES = list(media_examples())
JSON_EXAMPLES = [e for e in EXAMPLES if e[5] == "application/json"]
IMPORT = "L3N6PX663K3K3HOBOOT0"


def request_url(template: str, status: int, body) -> str | None:
    """The request an example answers: a GUID its message quotes is the one sent (unless it
    is the file's, 3017); a 404 (an unsupported endpoint) answers no request of the contract's."""
    if status == 404:
        return None
    message = body["errors"][0]["message"] if status >= 400 else ""
    quoted = re.search(r'^The guid "([^"]*)"', message)
    guid = quoted.group(1) if quoted else IMPORT
    # A run's own answer names the run asked for; any other answer, the sample run.
    run = body.get("guid") if isinstance(body, dict) and status < 400 else None
    run = run or "R9TCQNRT4L47Q9VQWUF3"
    if template.endswith("Content"):
        # The example files are of a small run, not of the sample run (134,881 records)
        # the capture shows before them: content.rows would rightly compare them.
        run = "GYI16VYFVMMO7Q9SBN3Q"
    path = template.replace("{guid}", quote(guid, safe="")).replace("{runGuid}", run)
    return "https://api.arenasolutions.com/v1" + path


def test_every_status_of_every_operation_has_an_example():
    for template, method, operation in operations_in_spec():
        statuses = {int(s) for s in operation["responses"]}
        given = {e[2] for e in EXAMPLES if e[:2] == (method, template)}
        assert statuses == given, (method, template)


def test_every_example_passes_check(tmp_path, capsys):
    # Content-Length has no example: it is the body's length, which the test computes.
    header_examples = {name: str(h["example"]) for name, h in HEADERS.items() if "example" in h}
    captures = []
    for method, template, status, name, body, media_type in EXAMPLES:
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        headers = {
            **header_examples,
            "Content-Type": media_type,
            "Content-Length": str(len(text.encode())),
        }
        url = request_url(template, status, body)
        captures.append(
            {
                "request": url and {"method": method, "url": url, "headers": {}},
                "response": {"status": status, "headers": headers, "text": text},
                "example": f"{method} {template} {status} {name}",
            }
        )
    path = tmp_path / "examples.json"
    path.write_text(json.dumps([{k: c[k] for k in ("request", "response")} for c in captures]))
    code = main(["check", "--strict", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    [checked] = report["files"]
    assert len(checked["exchanges"]) == len(captures) >= 60
    findings = [
        (captures[i]["example"], f["rule"], f["message"])
        for i, exchange in enumerate(checked["exchanges"])
        for f in exchange["findings"]
    ]
    assert findings == [] and code == 0


# -- the schema files resolve wherever they are served ---------------------------------------


def validators_at(base: str, retrieve) -> dict[str, Draft202012Validator]:
    """A validator per body schema, each file fetched from ``base`` by ``retrieve`` as
    any JSON Schema tool would: relative $refs resolved against the file's own URL."""

    def resource(uri: str) -> Resource:
        return Resource.from_contents(json.loads(retrieve(uri)), default_specification=DRAFT202012)

    registry = Registry(retrieve=resource)
    return {
        name: Draft202012Validator({"$ref": base + name}, registry=registry)
        for name in (
            "run-list.json",
            "run.json",
            "error-body.json",
            "import-definition-list.json",
            "import-definition.json",
        )
    }


def schema_of(method: str, template: str, status: int) -> str:
    operation, _ = contract.operation_for(template, method)
    return operation.responses[status].removeprefix(contract.SCHEMA_BASE)


@pytest.fixture(scope="module")
def served(exported):
    """The exported contract over HTTP on loopback; yields its base URL and the paths asked."""
    root = exported
    asked: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            asked.append(self.path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/schemas/", asked, root
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: A field of each body schema, and a value of the wrong type for it.
BREAK = {
    "error-body.json": "status",
    "run-list.json": "count",
    "run.json": "number",
    "import-definition-list.json": "count",
    "import-definition.json": "number",
}


def test_schemas_resolve_served_over_http_and_from_files(served):
    base, asked, root = served
    with requests.Session() as http:
        over_http = validators_at(base, lambda uri: http.get(uri, timeout=10).text)
        from_files = validators_at(
            (root / "schemas").as_uri() + "/",
            lambda uri: Path(uri.removeprefix("file://")).read_text(),
        )
        for method, template, status, name, body, _ in JSON_EXAMPLES:
            schema = schema_of(method, template, status)
            for validators in (over_http, from_files):
                assert list(validators[schema].iter_errors(body)) == [], (template, status, name)
                broken = {**body, BREAK[schema]: "x"}
                assert list(validators[schema].iter_errors(broken)), (template, status, name)
    # Each file was fetched from where it was served (none from arena-contract.example).
    assert {"/schemas/common.json", "/schemas/error-entry.json", "/schemas/run.json"} <= set(asked)
