"""Numbers from a server are read strictly, and nothing, not even an odd one, starts a
second login or skips the logout.

A quota header of 5,000 nines once made `probe` log in ten times (Python refuses to read
more than 4,300 digits, and the failed login was never counted); ``²`` did the same
(``str.isdigit`` takes it, ``int`` does not). Each odd form below is sent by a real mock
behind a middleware; the logins and logouts are counted on the server's side.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.exchange import Exchange, Headers
from arena_contract.live.budget import Budget
from tests.faults import wait_for
from tests.hostile import hostile_mock, trickle

pytest_plugins = ("pytester",)

EMAIL, PASSWORD = "odd-numbers@example.com", "Odd-Numbers-Secret-4471"
LOGIN = {"ARENA_EMAIL": EMAIL, "ARENA_PASSWORD": PASSWORD}
QUOTA = "X-Arena-Requests-Remaining"


def _other_digits() -> list[str]:
    """One character of each kind Python calls a digit but HTTP does not: superscripts,
    fractions' digits, full-width, Arabic-Indic, Devanagari, circled, Roman numerals."""
    wanted = ("SUPERSCRIPT", "FULLWIDTH", "ARABIC-INDIC", "DEVANAGARI", "CIRCLED", "ROMAN")
    found: dict[str, str] = {}
    for code in range(0x80, 0x3000):
        char = chr(code)
        name = unicodedata.name(char, "")
        kind = next((w for w in wanted if name.startswith(w)), None)
        if kind and kind not in found and (char.isdigit() or char.isnumeric()):
            found[kind] = char
    found["FULLWIDTH"] = "５"
    return list(found.values())


#: Every form a hostile or broken server might send instead of a count.
ODD_NUMBERS = [
    "9" * 5000,  # past Python's int() limit
    "9" * 19,  # past parse_count's 18 digits
    "1" + "0" * 4400,
    "+5",
    "-5",
    "5_000",
    "5.0",
    "1e3",
    "0x10",
    "",
    *_other_digits(),
    "¹²³",
]


@given(st.text())
def test_the_budget_reads_only_ascii_digits_and_never_raises(value):
    budget = Budget(max_requests=10, min_remaining=0)
    budget.observe(200, Headers({QUOTA: value}))
    stripped = value.strip(" \t")
    is_count = stripped.isascii() and stripped.isdigit() and len(stripped) <= 18
    assert budget.last_remaining == (int(stripped) if is_count else None)
    assert budget.header_missing == (0 if is_count else 1)


@pytest.mark.parametrize("value", ODD_NUMBERS, ids=lambda v: f"{v[:8]!r}x{len(v)}")
def test_an_odd_quota_is_no_reading(value):
    budget = Budget(max_requests=10, min_remaining=5)
    budget.observe(200, Headers({QUOTA: value}))
    assert budget.last_remaining is None and budget.header_missing == 1
    assert budget.available() == 10  # only the cap applies, as with no header at all


def arena_contract(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "arena_contract", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **LOGIN, **(env or {})},
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def run_against_odd_quota(command: str, value: str, tmp_path) -> list[str]:
    """Problems seen when ``command`` runs against a mock sending ``value`` as the quota."""
    with hostile_mock(header=(QUOTA, value), users={EMAIL: PASSWORD}) as server:
        argv = [command, "--url", server.url, "--max-requests", "30"]
        argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
        argv += [] if command == "record" else ["--max-imports", "1"]
        code, output = arena_contract(*argv)
    problems = []
    if "Traceback" in output or code not in (0, 1, 2):
        problems.append(f"exit {code}: {output[-1500:]}")
    if (server.logins, server.logouts) != (1, 1):
        problems.append(f"{server.logins} login(s), {server.logouts} logout(s)")
    return [f"{command} {value[:10]!r}x{len(value)}: {p}" for p in problems]


#: probe runs the forms that broke it (and a few more); record, quicker, runs every one.
PROBE_ODD = ["9" * 5000, "9" * 19, "²", "５", "+5", ""]


def test_odd_quota_headers_neither_crash_nor_log_in_twice(tmp_path):
    jobs = [("probe", v) for v in PROBE_ODD] + [("record", v) for v in ODD_NUMBERS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = pool.map(
            lambda job: run_against_odd_quota(*job, tmp_path / f"{job[0]}{jobs.index(job)}"), jobs
        )
        problems = [p for problems in found for p in problems]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("value", ["9" * 5000, "²", "+5"], ids=["5000-nines", "superscript", "+5"])
def test_the_plugin_logs_in_once_and_out_whatever_the_quota_says(pytester, monkeypatch, value):
    for name, setting in LOGIN.items():
        monkeypatch.setenv(name, setting)
    with hostile_mock(header=(QUOTA, value), users={EMAIL: PASSWORD}) as server:
        result = pytester.runpytest_subprocess(
            f"--arena-url={server.url}",
            "--arena-examples=0",
            "--arena-max-imports=1",
            "-p",
            "no:cacheprovider",
        )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert (server.logins, server.logouts) == (1, 1)
    result.stdout.fnmatch_lines(["X-Arena-Requests-Remaining: never sent*"])


@pytest.mark.parametrize("command", ["probe", "record"])
def test_an_interrupted_run_still_logs_out(command, tmp_path):
    """Ctrl-C in the middle of a request (a body that trickles for ever): the logout goes."""
    with hostile_mock(body=trickle, users={EMAIL: PASSWORD}) as server:
        argv = [sys.executable, "-m", "arena_contract", command, "--url", server.url]
        argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
        process = subprocess.Popen(
            argv,
            env={**os.environ, **LOGIN},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert wait_for(lambda: server.streaming > 0, timeout=60)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
        assert wait_for(lambda: server.logouts == 1, timeout=10)
    assert "Traceback" not in out + err
    assert process.returncode in (2, 130)  # 130: interrupted, as shells say
    assert (server.logins, server.logouts) == (1, 1)


def cut_short_answer(content_length: str):
    from arena_contract.suite.judge import judge

    text = '{"results":["é'.encode()
    exchange = Exchange(
        status=200,
        headers=Headers({"Content-Type": "application/json", "Content-Length": content_length}),
        text=text,
        body_error="truncated JSON: unexpected end of data",
    )
    return [f.rule for f in judge(exchange).errors]


@pytest.mark.parametrize("value", ODD_NUMBERS, ids=lambda v: f"{v[:8]!r}x{len(v)}")
def test_the_suite_reads_content_length_strictly(value):
    # The probe's own check: a Content-Length that counts characters cuts a body short.
    assert "probe.content-length" in cut_short_answer(str(len('{"results":["é'.encode())))
    assert "probe.content-length" not in cut_short_answer(value)  # and no crash
