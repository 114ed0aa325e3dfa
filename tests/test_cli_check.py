"""`arena-contract check`: exit codes, output formats, bad inputs (in-process and as a command)."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from arena_contract.cli import main
from tests.helpers import DATA, RUNS_URL, arena_headers, run_cli

EXAMPLES = Path(__file__).parent.parent / "examples"


def write_capture(path: Path, body: dict, status=200, url=RUNS_URL, **header_overrides) -> Path:
    text = json.dumps(body, ensure_ascii=False)
    capture = {
        "request": {"method": "GET", "url": url, "headers": {}},
        "response": {
            "status": status,
            "headers": arena_headers(text.encode(), **header_overrides),
            "text": text,
        },
    }
    path.write_text(json.dumps(capture), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path, page_sample) -> Path:
    page_sample["results"][0]["status"] = "DONE"
    return write_capture(tmp_path / "broken.json", page_sample)


def test_examples_conform():
    code, out, _ = run_cli("check", EXAMPLES)
    assert code == 0, out
    assert "0 error(s)" in out


def test_violation_exits_1_and_names_rule_and_pointer(broken):
    code, out, _ = run_cli("check", broken)
    assert code == 1
    assert "schema.enum at /results/0/status" in out
    assert f"GET {RUNS_URL}" in out


def test_unreadable_exits_2_and_others_still_checked(tmp_path, broken):
    (tmp_path / "empty.json").write_bytes(b"")
    code, out, _ = run_cli("check", tmp_path / "empty.json", broken, tmp_path / "missing.json")
    assert code == 2
    assert "empty.json" in out and "missing.json" in out
    assert "schema.enum" in out  # the readable file was still checked


def test_stdin():
    code, out, _ = run_cli("check", "-", stdin=(DATA / "page-sample.json").read_bytes())
    assert code == 0, out


def test_json_format(broken):
    code, out, _ = run_cli("check", "--format", "json", broken)
    doc = json.loads(out)
    assert code == 1 and doc["ok"] is False
    assert doc["summary"]["errors"] >= 1
    [file] = doc["files"]
    assert set(file) >= {"path", "format", "ok", "error", "exchanges"}
    assert file["error"] is None and file["format"] == "capture"
    [exchange] = file["exchanges"]
    assert exchange["request"] == f"GET {RUNS_URL}" and exchange["status"] == 200
    finding = next(f for f in exchange["findings"] if f["rule"] == "schema.enum")
    assert finding["pointer"] == "/results/0/status" and finding["actual"] == "DONE"
    assert finding["severity"] == "error" and finding["target"] == "body"


def test_junit_format(broken, tmp_path):
    out_file = tmp_path / "report.xml"
    code, _, _ = run_cli("check", "--format", "junit", "-o", out_file, broken)
    root = ET.parse(out_file).getroot()
    assert code == 1 and root.tag == "testsuites" and root.get("failures") == "1"
    assert "schema.enum" in root.find(".//failure").get("message")


def test_github_format(broken):
    code, out, _ = run_cli("check", "--format", "github", broken)
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("::error"))
    assert f"file={broken}".replace(":", "%3A") in line or f"file={broken}" in line
    assert "title=schema.enum::" in line


def test_strict_turns_warnings_into_errors(tmp_path, page_sample):
    page_sample["results"][0]["workspaceId"] = 1
    path = write_capture(tmp_path / "extra.json", page_sample)
    assert run_cli("check", path).code == 0
    assert run_cli("check", "--strict", path).code == 1


def test_quiet_prints_nothing_on_success():
    code, out, _ = run_cli("check", "--quiet", EXAMPLES)
    assert code == 0 and out == ""


def test_header_findings_from_a_capture(tmp_path, page_sample):
    path = write_capture(tmp_path / "h.json", page_sample, **{"X-Arena-Requests-Remaining": None})
    code, out, _ = run_cli("check", path)
    assert code == 1 and "header.requests-remaining at X-Arena-Requests-Remaining" in out


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b'{"count": 1, "results": [', "line 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ""),
        (b'{"count": NaN, "results": []}', "NaN"),
        (b'{"count": 1, "count": 2, "results": []}', "count"),
        (b"[" * 100000, ""),
        (b'{"count": 1' + b"0" * 5000 + b', "results": []}', ""),
    ],
)
def test_bad_inputs_one_line_exit_2(tmp_path, data, says):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    code, out, err = run_cli("check", path)
    assert code == 2
    lines = [line for line in out.splitlines() if "bad.json" in line]
    assert len(lines) == 1 and says in lines[0]
    assert "Traceback" not in out + err


def test_as_a_command_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    done = run_cli("check", bad, fresh=True, timeout=60)
    assert done.code == 2
    assert "Traceback" not in done.text
    assert "bad.json" in done.out


def test_version_and_help():
    done = run_cli("--version", fresh=True, timeout=60)
    assert done.code == 0 and done.out.startswith("arena-contract ")
    done = run_cli("check", "--help", fresh=True, timeout=60)
    assert done.code == 0 and "--format" in done.out


def test_rules_lists_the_catalogue(capsys):
    assert main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"ok", "summary", "rules"} and document["ok"] is True
    rows = document["rules"]
    assert {"rule", "severity", "standing", "doc"} == set(rows[0])  # "rule", as findings say it
    assert "header.content-length" in {r["rule"] for r in rows}
    summary = document["summary"]
    assert summary["rules"] == len(rows) == summary["error"] + summary["warning"]


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "yaml", "x"])
    assert exc.value.code == 2


def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path):
    path = tmp_path / "bad\nname.json"
    path.write_bytes(b"{")
    code, out, _ = run_cli("check", path)
    assert code == 2
    [line] = [line for line in out.splitlines() if "name.json" in line]
    assert "bad\\x0aname.json" in line


def test_an_empty_directory_is_an_error_not_a_pass(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, _ = run_cli("check", tmp_path / "empty")
    assert code == 2 and "no capture files" in out
    # The same directory named twice is read once, and is no error.
    code, out, _ = run_cli("check", EXAMPLES, EXAMPLES)
    assert code == 0 and "2 file(s)" in out


def test_a_read_error_names_its_file_once(tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes(b'{"a":')
    _, out, _ = run_cli("check", path)
    [line] = [line for line in out.splitlines() if "cut.json" in line]
    assert line.count("cut.json") == 1 and "line 1, column 6" in line


def test_jobs_give_the_same_report_in_the_same_order(tmp_path, page_sample):
    for i in range(12):
        page_sample["results"][0]["status"] = "DONE" if i % 3 == 0 else "COMPLETE"
        write_capture(tmp_path / f"c{i:02d}.json", page_sample)
    (tmp_path / "c05.json").write_bytes(b"{")  # an unreadable one in the middle
    serial = run_cli("check", "--format", "json", tmp_path)
    parallel = run_cli("check", "--format", "json", "--jobs", "3", tmp_path)
    assert serial == parallel and serial.code == 2
    doc = parallel.json()
    assert [Path(f["path"]).name for f in doc["files"]] == [f"c{i:02d}.json" for i in range(12)]
    finding = doc["files"][0]["exchanges"][0]["findings"][0]
    assert "expected" in finding and finding["rule"] == "schema.enum"  # survived the worker


def test_a_finding_without_expected_survives_pickling():
    import pickle

    from arena_contract.findings import Finding

    finding = pickle.loads(pickle.dumps(Finding("r", "error", "body", "", "m")))
    assert not finding.has_expected and "expected" not in finding.to_dict()


def test_keep_last_keeps_only_the_last_capture(tmp_path):
    from arena_contract import checker

    for name in ("a.json", "b.json"):
        (tmp_path / name).write_bytes((DATA / "page-sample.json").read_bytes())
    results = list(checker.check_paths([str(tmp_path)], keep_last=True))
    assert [r.path for r in results] == [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    [kept] = checker.KEPT
    assert kept.path == str(tmp_path / "b.json") and kept.exchanges[0].body["results"]
    list(checker.check_paths([str(tmp_path / "a.json")]))  # a new run lets it go
    assert checker.KEPT == []


def test_the_script_ends_with_every_output_written(tmp_path):
    # The script leaves the last parsed body to the operating system (os._exit): the report
    # must still arrive whole, through a pipe and in -o files, with the exit code.
    for index in range(40):
        write_capture(tmp_path / f"c{index:02d}.json", {"count": 0, "results": []}, status=500)
    script = [sys.executable, "-m", "arena_contract", "check", str(tmp_path)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    done = subprocess.run(script, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1, done.stderr
    assert done.stdout.endswith("\n") and done.stdout.splitlines()[-1].startswith("40 file(s)")
    report = tmp_path / "out" / "report.xml"
    report.parent.mkdir()
    done = subprocess.run(
        [*script, "--format", "junit", "-o", str(report)],
        capture_output=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1 and ET.parse(report).getroot().tag == "testsuites"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
@pytest.mark.parametrize(("unreadable", "code"), [(False, 1), (True, 2)])
def test_a_closed_pipe_keeps_the_exit_code(tmp_path, fmt, unreadable, code):
    # `check ... | head -1` in CI: the reader stops early, the verdict must not turn into 0.
    for index in range(500):
        write_capture(tmp_path / f"c{index:03d}.json", {"count": 0, "results": []}, status=500)
    if unreadable:
        (tmp_path / "zz.json").write_text("{", encoding="utf-8")
    check = subprocess.Popen(
        [sys.executable, "-m", "arena_contract", "check", "--format", fmt, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = check.stdout.readline()  # like `| head -1`: read a line, then close the pipe
    check.stdout.close()
    err = check.stderr.read().decode()
    assert check.wait(timeout=60) == code
    assert first and "Traceback" not in err and "Exception ignored" not in err


def test_check_imports_only_what_it_needs():
    # Start-up is most of a small check: the heavy libraries (about 190 ms to import) and the
    # other subcommands stay out of its path; so does PyYAML for a body (a capture's request
    # needs the OpenAPI document).
    code = (
        "import sys\n"
        "from arena_contract.cli import main\n"
        f"main(['check', '-q', {str(EXAMPLES / 'runs.json')!r}])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.split())
    assert "arena_contract.checker" in loaded and "jsonschema_rs" in loaded
    heavy = {"schemathesis", "hypothesis", "requests", "yaml", "werkzeug", "jsonschema", "ijson"}
    others = {f"arena_contract.cli.{name}" for name in ("rules", "serve", "probe", "record")}
    assert not loaded & (heavy | others | {"arena_contract.cli.infer", "arena_contract.cli.drift"})
