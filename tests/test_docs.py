"""The README and docs/ say what the code does: the rule table is the catalogue, the commands
exist, the samples are real output, the Python examples run, every relative link resolves."""

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import run_cli, start_cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES_MD = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
CHECK_MD = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")


def rule_table() -> str:
    done = run_cli("rules", "--format", "markdown", fresh=True, timeout=60)
    assert done.code == 0, done.err
    return done.out


def test_rules_md_table_is_the_catalogue():
    found = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", RULES_MD, re.S)
    assert found, "docs/rules.md lost its rule table markers"
    assert found.group(1) == rule_table(), (
        "docs/rules.md's rule table is stale: replace it with "
        "`arena-contract rules --format markdown`"
    )


def test_readme_names_only_existing_subcommands():
    from arena_contract.cli import build_parser

    choices = build_parser()._subparsers._group_actions[0].choices
    named = set(re.findall(r"(?:^|`|\$ )arena-contract ([a-z]+)", README, re.M))
    assert {"check", "probe", "serve", "drift"} <= named
    assert named <= set(choices), named - set(choices)


# -- command examples: every `arena-contract ...` line in README.md and docs/ parses -------

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_COMMAND = re.compile(
    r"arena-contract\s+((?:check|rules|serve|probe|record|infer|drift)\b(?!:)[^\n]*)"
)
_CUT = re.compile(r"\s(?:#|\|\||\||&&|;)\s.*$|\s*\|\|.*$")


def command_examples() -> list[tuple[str, str]]:
    """(document, command line after `arena-contract`) of every example in a code block."""
    examples = []
    for path in DOCS:
        for _, block in _FENCE.findall(path.read_text(encoding="utf-8")):
            joined = re.sub(r"\\\n\s*", " ", block)  # shell line continuations
            for line in joined.splitlines():
                for found in _COMMAND.finditer(line):
                    examples.append((path.name, _CUT.sub("", found.group(1)).strip()))
    return examples


def test_docs_have_command_examples():
    named = {line.split()[0] for _, line in command_examples()}
    assert {"check", "rules", "serve", "probe", "record", "infer", "drift"} <= named


@pytest.mark.parametrize(("document", "line"), command_examples())
def test_every_command_example_parses(document, line):
    """Each example is a command line the parser accepts: its subcommand, flags, values."""
    import shlex

    from arena_contract.cli import build_parser

    argv = shlex.split(line.replace("…", "x").replace("...", "x"))
    try:
        build_parser(argv[0]).parse_args(argv)
    except SystemExit as exc:
        raise AssertionError(f"{document}: `arena-contract {line}` does not parse") from exc


# -- docs/cli.md's table of every flag of every subcommand holds against --help -----------

CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def documented_flags() -> dict[tuple[str, tuple[str, ...]], tuple[str, ...]]:
    """(command, spellings) -> the values the table lists (choices), from docs/cli.md."""
    found = re.search(r"<!-- flags:start -->\n(.*?)<!-- flags:end -->", CLI_MD, re.S)
    assert found, "docs/cli.md lost its flag table markers"
    rows = {}
    for line in found.group(1).splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        command, spellings, values = cells[0], cells[1], cells[2]
        key = (command.strip("`"), tuple(sorted(re.findall(r"`([^`]+)`", spellings))))
        assert key not in rows, f"docs/cli.md lists {key} twice"
        rows[key] = tuple(re.findall(r"`([^`]+)`", values))  # in --help's order
    return rows


def parser_flags() -> dict[tuple[str, tuple[str, ...]], tuple[str, ...]]:
    """The same, from the parsers: every action but --help, of every command and of the
    commands under it (``contract path``); positionals by metavar (``PATH...``)."""
    import argparse

    rows = {}
    for name, parser in commands().items():
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            spellings = action.option_strings or [positional(action)]
            rows[(name, tuple(sorted(spellings)))] = tuple(map(str, action.choices or ()))
    return rows


def positional(action) -> str:
    name = action.metavar or action.dest.upper()
    return f"{name}..." if action.nargs in ("+", "*") else name


def commands() -> dict[str, object]:
    """Every parser by its command line: "arena-contract", "check", "contract path", ..."""
    import argparse

    from arena_contract.cli import build_parser

    found = {}

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        found[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(sub if name == "arena-contract" else f"{name} {sub}", child)

    walk("arena-contract", build_parser())
    return found


def test_cli_md_lists_every_flag_of_every_subcommand_and_no_other():
    documented, actual = documented_flags(), parser_flags()
    missing = sorted(set(actual) - set(documented))
    extra = sorted(set(documented) - set(actual))
    assert not missing, f"flags docs/cli.md does not list: {missing}"
    assert not extra, f"docs/cli.md lists flags the command does not have: {extra}"
    for key, choices in actual.items():
        assert documented[key] == choices, f"{key}: docs/cli.md says {documented[key]}"


def test_every_documented_flag_shows_in_help():
    helps = {name: parser.format_help() for name, parser in commands().items()}
    for command, spellings in documented_flags():
        for spelling in spellings:
            if spelling.startswith("-"):  # positionals: compared with the parsers above
                assert spelling in helps[command], (command, spelling)


# -- JSON samples: docs/check.md's check sample is the real output of a real HAR -----------

GUID = "L3N6PX663K3K3HOBOOT0"


def _entry(query: str, runs: list[dict]) -> dict:
    from tests.helpers import arena_headers, har_entry

    text = json.dumps({"count": len(runs), "results": runs})
    url = f"https://api.arenasolutions.com/v1/imports/{GUID}/runs" + (f"?{query}" if query else "")
    session = {"arena_session_id": "[REDACTED]"}
    return har_entry(url, text, arena_headers(text.encode()), request_headers=session)


def sample_har(directory: Path) -> Path:
    """captures/run.har: an unfiltered page, then a status filter Arena did not apply."""
    from tests.test_drift_support import run

    running = run(2, status="RUNNING", completionDateTime=..., successCount=1)
    entries = [_entry("", [run(1), running]), _entry("status=COMPLETE", [run(1), running])]
    har = {"log": {"version": "1.2", "creator": {"name": "example", "version": "1"}}}
    har["log"]["entries"] = entries
    path = directory / "captures" / "run.har"
    path.parent.mkdir()
    path.write_text(json.dumps(har, indent=1), encoding="utf-8")
    return path


def marked_block(text: str, name: str) -> str:
    found = re.search(rf"<!-- sample:{name} -->\n```\w*\n(.*?)```", text, re.S)
    assert found, f"the sample:{name} block is gone"
    return found.group(1)


@pytest.mark.parametrize("form", ["json", "text"])
def test_check_md_samples_are_real_output(tmp_path, monkeypatch, capsys, form):
    from arena_contract.cli import main

    sample_har(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", form, "captures/run.har"]) == 1
    out = capsys.readouterr().out
    block = marked_block(CHECK_MD, f"check-{form}")
    if form == "json":
        assert json.loads(block) == json.loads(out)
    else:
        assert block == out


def test_drift_json_sample_has_the_real_form(tmp_path, capsys):
    """docs/drift.md's JSON sample: the keys, kinds and the types of before/after that a
    real drift gives for the same changes (a field removed, a new enum value)."""
    from arena_contract.cli import main
    from tests.test_drift_cli import write_captures
    from tests.test_drift_support import run

    statuses = ["COMPLETE", "CREATED", "ERROR", "PURGED", "RUNNING"]
    before = write_captures(tmp_path / "b", [run(i, status=s) for i, s in enumerate(statuses * 6)])
    after = [run(i, submitFileType=..., status="QUEUED") for i in range(30)]
    assert main(["drift", before, write_captures(tmp_path / "a", after), "--format", "json"]) == 1
    real = json.loads(capsys.readouterr().out)
    sample = json.loads(marked_block((ROOT / "docs" / "drift.md").read_text("utf-8"), "drift-json"))
    assert list(sample) == list(real) and list(sample["summary"]) == list(real["summary"])
    changes = {(c["kind"], c["location"]): c for c in real["changes"]}
    for change in sample["changes"]:
        found = changes[(change["kind"], change["location"])]
        assert list(change) == list(found)
        for side in ("before", "after"):
            assert type(change[side]) is type(found[side]), (change["kind"], side, found[side])


def _fenced_after(text: str, start: str, lang: str) -> str:
    """The first ```lang block after the line that starts with ``start``."""
    index = text.index(start)
    found = re.compile(rf"^```{lang}\n(.*?)^```", re.M | re.S).search(text, index)
    assert found, (start, lang)
    return found.group(1)


DRIFT_MD = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")


def test_drift_text_sample_is_what_drift_prints(tmp_path, capsys):
    """docs/drift.md's text report: each row (severity, kind, where, before -> after, counts
    aside) and the summary line are what a real drift between such recordings prints."""
    from arena_contract.cli import main
    from tests.test_drift_cli import write_captures
    from tests.test_drift_support import run

    statuses = ["COMPLETE", "CREATED", "ERROR", "PURGED", "RUNNING"]
    before = [run(i, status=s) for i, s in enumerate(statuses * 6)]
    after = [run(i, submitFileType=..., fileType="CSV", status="QUEUED") for i in range(30)]
    b, a = write_captures(tmp_path / "b", before), write_captures(tmp_path / "a", after)
    assert main(["drift", b, a]) == 1
    real = capsys.readouterr().out

    def rows(text: str) -> set[str]:
        return {re.sub(r"\d+", "N", " ".join(line.split())) for line in text.splitlines()}

    sample = _fenced_after(DRIFT_MD, "# 3. What changed?", "text")
    for row in rows(sample) - {""}:
        if row.startswith("Drift:"):
            assert re.fullmatch(r"Drift: N breaking, N warning, N info\.", row), row
            assert any(line.startswith("Drift: ") for line in rows(real))
        else:
            assert row in rows(real), f"{row!r} not in:\n{real}"


def test_drift_md_field_sample_has_the_real_keys(tmp_path, capsys):
    from arena_contract.cli import main
    from tests.test_drift_cli import write_captures
    from tests.test_drift_support import run

    runs = [run(i) for i in range(1, 6)] + [run(9, status="RUNNING", completionDateTime=None)]
    assert main(["infer", write_captures(tmp_path / "r", runs)]) == 0
    fields = json.loads(capsys.readouterr().out)["groups"]["listImportRuns/ok"]["bodies"]
    real = fields["success"]["fields"]["/results/*/completionDateTime"]
    sample = json.loads("{" + _fenced_after(DRIFT_MD, "field path with array items", "json") + "}")
    [(path, documented)] = sample.items()
    assert path == "/results/*/completionDateTime"
    assert set(documented) == set(real)
    assert set(documented["types"]) == set(real["types"])
    assert set(documented["formats"]) == set(real["formats"])


def test_mock_md_serve_sample_is_what_serve_prints():
    """docs/mock.md: serve prints the base URL on stdout, then one line on stderr; the login
    answers with the keys shown."""
    import selectors
    import signal

    import requests

    sample = _fenced_after(
        (ROOT / "docs" / "mock.md").read_text(encoding="utf-8"), "## Starting the server", "console"
    ).splitlines()
    assert sample[0] == "$ arena-contract serve"
    proc = start_cli("serve", env={"PYTHONPATH": str(ROOT)})
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=30), "serve printed no URL"
        url = proc.stdout.readline().strip()
        port = url.split(":")[2].split("/")[0]
        assert sample[1].replace("40613", port) == url
        assert proc.stderr.readline().strip() == sample[2]
        login = requests.post(
            url + "/login",
            json={"email": "integration@example.com", "password": "arena-mock"},
            timeout=10,
        ).json()
        shown = _fenced_after(
            (ROOT / "docs" / "mock.md").read_text(encoding="utf-8"), "stops it with exit", "console"
        )
        documented = re.findall(r'"(\w+)":', shown.split("\n{", 1)[1])
        assert set(documented) <= set(login), (documented, sorted(login))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)


def python_samples() -> list[tuple[str, str]]:
    return [
        (path.name, block)
        for path in DOCS
        for lang, block in _FENCE.findall(path.read_text(encoding="utf-8"))
        if lang == "python"
    ]


@pytest.mark.parametrize(("document", "block"), python_samples())
def test_python_samples_parse_and_import_what_exists(document, block):
    """Each Python sample is valid Python, and what it imports from arena_contract exists."""
    import ast
    import importlib

    tree = ast.parse(block, filename=document)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("arena_contract"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name), f"{document}: {node.module}.{alias.name}"


# -- the configuration (docs/configuration.md, and any other page with a sample) -----------

CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_configuration_samples_are_configurations_arena_contract_accepts(tmp_path):
    from arena_contract.config.load import policy_from

    samples = [b for path in DOCS for b in blocks(path.read_text(encoding="utf-8"), "toml")]
    assert len(samples) >= 2
    for number, sample in enumerate(samples):
        project = tmp_path / str(number)
        project.mkdir()
        (project / "pyproject.toml").write_text(sample, encoding="utf-8")
        (project / "arena-known.json").write_text(blocks(CONFIGURATION, "json")[0], "utf-8")
        policy = policy_from({}, start=project)  # raises on a rule that matches nothing
        written = sum(
            len(re.findall(r'"[^"]+"', line))
            for line in sample.splitlines()
            if line.split("=")[0].strip() in ("ignore", "warn", "error")
        )
        assert len(policy.selectors) == written, sample


def test_configuration_baseline_sample_is_read_as_one(tmp_path):
    from arena_contract.config import baseline

    [sample] = [b for b in blocks(CONFIGURATION, "json") if "arena-contract baseline" in b]
    path = tmp_path / "known.json"
    path.write_text(sample, encoding="utf-8")
    entries = baseline.read(path)
    assert len(entries) == 3
    ledger = baseline.Ledger(hosts={"api.arenasolutions.com"})
    assert baseline.load(path).hosts == ledger.hosts
    for entry, count in zip(sorted(entries), (12, 1, 571), strict=True):
        ledger.seen[entry] = count
    assert baseline.dumps(ledger) == sample  # the sample is what --write-baseline writes


def test_configuration_error_sample_is_what_check_says(tmp_path, monkeypatch, capsys):
    from arena_contract.cli import main

    [sample] = [b for b in blocks(CONFIGURATION, "text") if "matches no rule" in b]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.arena-contract]\nignore = ["header.sever"]\n', "utf-8"
    )
    (tmp_path / "body.json").write_text('{"count": 0, "results": []}', "utf-8")
    assert main(["check", "body.json"]) == 2
    assert capsys.readouterr().err == sample


# -- the README is a front door; every relative link resolves ------------------------------

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, markup and punctuation dropped
    (hyphens and underscores kept), each space a hyphen."""
    text = re.sub(r"<[^>]+>|[`*]", "", heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.M):
        name, n = slug(heading), 1
        while name in found:  # GitHub numbers repeated headings: name, name-1, name-2
            name = f"{slug(heading)}-{n}"
            n += 1
        found.add(name)
    return found


def relative_links() -> list[tuple[str, str]]:
    links = []
    for page in PAGES:
        text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
        for target in _LINK.findall(text):
            if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                links.append((str(page.relative_to(ROOT)), target))
    return links


def test_the_pages_have_relative_links():
    pages = {page for page, _ in relative_links()}
    assert "README.md" in pages and "docs/architecture.md" in pages


@pytest.mark.parametrize(("page", "target"), relative_links())
def test_every_relative_link_resolves(page, target):
    path, _, anchor = target.partition("#")
    resolved = ((ROOT / page).parent / path).resolve() if path else ROOT / page
    assert resolved.exists(), f"{page}: {target} names no file"
    assert ROOT in resolved.parents or resolved == ROOT, f"{page}: {target} leaves the repo"
    if anchor:
        assert resolved.suffix == ".md", f"{page}: {target}: an anchor in a non-Markdown file"
        assert anchor in anchors(resolved), f"{page}: {target}: no such heading"


def test_slugs_are_githubs():
    assert (
        slug("Contract tests in CI: `pytest --arena-url`")
        == "contract-tests-in-ci-pytest---arena-url"
    )
    assert slug("Schemathesis with Arena's rules") == "schemathesis-with-arenas-rules"
    assert slug("What `check` reads, and what it says") == "what-check-reads-and-what-it-says"


def test_the_readme_is_a_front_door():
    """At most about 10 KB; the four tasks within the first screenful of sections, after
    setting up and installing; the rest is linked, not repeated."""
    assert len(README.encode("utf-8")) <= 10_240
    sections = re.findall(r"^## (.+)$", README, re.M)
    first_screen = " | ".join(sections[:7]).lower()
    for task in ("pytest --arena-url", "your own client against the mock", "check", "drift"):
        assert task in first_screen, (task, sections[:7])
    assert sections[0] == "Set up and try it" and sections[1] == "Add it to your project"
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in README, f"the README does not link docs/{page.name}"


def test_the_readmes_test_command_is_what_ci_runs():
    setup = re.search(r"## Set up and try it\n(.*?)\n## ", README, re.S).group(1)
    [command] = [
        b.strip() for b in re.findall(r"```sh\n(.*?)```", setup, re.S) if "\n" not in b.strip()
    ]
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert command == "pytest" and ci[-1] == command


def pip_installs() -> list[tuple[str, str]]:
    """Every `pip install ...` line of the README and docs/ (the workflows too), with its page."""
    pages = [*PAGES, *sorted((ROOT / "docs" / "workflows").glob("*.yml"))]
    found = []
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            for command in re.findall(r"pip install ([^#`\n]+)", line):
                found.append((str(page.relative_to(ROOT)), command.strip().strip(":")))
    return found


def test_installs_are_as_arena_contract_is_published():
    """No package index serves arena-contract: every install names a path, a wheel or the
    repository (a PEP 508 direct reference pinned to a commit), never the bare name."""
    from packaging.requirements import Requirement

    installs = pip_installs()
    assert len(installs) >= 4
    for page, command in installs:
        args = shlex.split(command.replace("\\", ""))
        for arg in args:
            if arg.startswith("arena-contract"):
                requirement = Requirement(arg)
                assert requirement.url and requirement.url.startswith("git+https://"), (page, arg)
                assert requirement.url.rsplit("@", 1)[1] == "<commit>", (page, arg)
            else:
                assert arg.startswith(("-", ".", "dist/", "path/")) or arg.endswith(".whl"), (
                    page,
                    arg,
                )


def test_no_page_claims_a_release_tag():
    """The repository publishes no tag: pre-commit's rev is a commit."""
    for path in [*PAGES, ROOT / ".pre-commit-hooks.yaml"]:
        text = path.read_text(encoding="utf-8")
        assert "<a tag>" not in text, path
        for rev in re.findall(r"rev: (\S+)", text):
            assert rev == "<commit>", (path, rev)


# -- docs/python.md: every example runs against the mock on loopback ----------------------

PYTHON_MD = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")


def test_python_md_examples_run(capsys):
    """Each block in order, with the names the page promises (base_url, guid, a logged-in
    requests.Session), against a mock whose pages repeat a run: the sequence example must
    report list.pages-overlap, the TypeError example must print the TypeError."""
    import requests

    from arena_contract.mock import DEFAULT_EMAIL, DEFAULT_PASSWORD, serve_in_thread

    examples = blocks(PYTHON_MD, "python")
    assert len(examples) >= 4
    with serve_in_thread(drifts=["duplicate-runs-across-pages"]) as server:
        session = requests.Session()
        login = {"email": DEFAULT_EMAIL, "password": DEFAULT_PASSWORD}
        answer = session.post(server.base_url + "/login", json=login, timeout=10).json()
        session.headers["arena_session_id"] = answer["arena_session_id"]
        names = {
            "session": session,
            "base_url": server.base_url,
            "guid": server.engine.dataset.definitions[0].guid,
        }
        printed = []
        for number, example in enumerate(examples):
            exec(compile(example, f"docs/python.md example {number + 1}", "exec"), names)
            printed.append(capsys.readouterr().out)
    shown = dict(zip(examples, printed, strict=True))
    sequence = next(out for block, out in shown.items() if "check_response(page)" in block)
    assert "list.pages-overlap error" in sequence, sequence
    refusal = next(out for block, out in shown.items() if "except TypeError" in block)
    assert "expected a requests.Response or an httpx.Response" in refusal and "dict" in refusal


# -- samples of output in docs/ are what the commands print ---------------------------------


def _shape(text: str) -> list[str]:
    """Lines with their numbers, ports and times made N and HAR file names made one."""
    text = re.sub(r"arena-contract-\d{8}T\d{6}Z(-\d+)?\.har", "arena-contract-T.har", text)
    return [re.sub(r"\d+", "N", line) for line in text.strip().splitlines()]


def test_probe_md_record_sample_is_what_record_prints(tmp_path, monkeypatch, capsys):
    from arena_contract.cli import main

    sample = _fenced_after(
        (ROOT / "docs" / "probe.md").read_text(encoding="utf-8"), "`record` judges nothing", "text"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["record", "-o", "captures/"]) == 0
    assert _shape(capsys.readouterr().err) == _shape(sample)


def test_configuration_first_run_and_scope_samples_are_what_check_says(
    tmp_path, monkeypatch, capsys
):
    from arena_contract.cli import main

    [first_run] = [b for b in blocks(CONFIGURATION, "text") if "no such file yet" in b]
    [scope] = [b for b in blocks(CONFIGURATION, "text") if "written from" in b]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.arena-contract]\nbaseline = "arena-known.json"\n', "utf-8"
    )
    (tmp_path / "recordings").mkdir()
    (tmp_path / "recordings" / "page.json").write_text('{"count": 0, "results": []}', "utf-8")
    assert main(["check", "recordings/"]) == 2
    assert capsys.readouterr().err == first_run
    (tmp_path / "arena-known.json").write_text(
        '{"format": "arena-contract baseline", "version": 1,\n'
        ' "hosts": ["api.arenasolutions.com"], "findings": []}',
        "utf-8",
    )
    from tests.test_config import write_traffic

    write_traffic(tmp_path / "mock" / "mock.jsonl")  # what the mock on loopback sent
    assert main(["check", "mock/"]) == 0
    assert scope.strip() in capsys.readouterr().out


def test_drift_md_workflow_step_is_the_nightly_workflows(capsys):
    import yaml

    sample = _fenced_after(DRIFT_MD, "## A baseline in the repository", "yaml")
    [step] = yaml.safe_load(sample)
    workflow = yaml.safe_load(
        (ROOT / "docs" / "workflows" / "arena-contract-nightly.yml").read_text("utf-8")
    )
    assert step in workflow["jobs"]["live"]["steps"]


def test_architecture_md_rule_example_is_the_real_rule():
    source = (ROOT / "arena_contract" / "rules" / "headers.py").read_text(encoding="utf-8")
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    example = _fenced_after(text, "The `header.server` rule, whole", "python")
    assert example.startswith('@rule(\n    "header.server"') and example in source
