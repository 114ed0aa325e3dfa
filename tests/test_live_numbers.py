"""Numbers from a server are read strictly, and nothing, not even an odd one, starts a
second login or skips the logout.

A quota header of 5,000 nines once made `probe` log in ten times (Python refuses to read
more than 4,300 digits, and the failed login was never counted); ``²`` did the same
(``str.isdigit`` takes it, ``int`` does not). Each odd form below is sent by a real mock
behind a middleware; the logins and logouts are counted on the server's side.

End to end (a fresh ``python -m arena_contract`` or pytest) only for the forms that broke
it; the other forms run through the same entry points in this process, which spares an
interpreter's start-up per form (24 subprocesses took 38 s of the test run).
"""

from __future__ import annotations

import signal
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arena_contract.exchange import Exchange, Headers
from arena_contract.live.budget import Budget
from tests.faults import wait_for
from tests.helpers import run_cli, start_cli
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


def run_against_odd_quota(command: str, value: str, tmp_path, *, in_process: bool) -> list[str]:
    """Problems seen when ``command`` runs against a mock sending ``value`` as the quota."""
    with hostile_mock(header=(QUOTA, value), users={EMAIL: PASSWORD}) as server:
        # A dozen requests read the quota a dozen times: enough to see a second login.
        budget = "30" if not in_process else "12"
        argv = [command, "--url", server.url, "--max-requests", budget]
        argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
        argv += [] if command == "record" else ["--max-imports", "1"]
        # In this process: the same code as the command, without an interpreter's start-up.
        ran = run_cli(*argv, env=LOGIN, fresh=not in_process)
        code, output = ran.code, ran.text
    problems = []
    if "Traceback" in output or code not in (0, 1, 2):
        problems.append(f"exit {code}: {output[-1500:]}")
    if (server.logins, server.logouts) != (1, 1):
        problems.append(f"{server.logins} login(s), {server.logouts} logout(s)")
    return [f"{command} {value[:10]!r}x{len(value)}: {p}" for p in problems]


#: The forms that broke `probe` (ten logins each), run end to end in a fresh process.
BROKE = ["9" * 5000, "²"]
#: What the commands take: the forms that broke the probe and one of each other kind (too
#: many digits, a non-ASCII digit, a sign, nothing). Every form of ODD_NUMBERS, and generated
#: text, goes through Budget alone above: the one place a quota header is read; the commands
#: only see its verdict, "no reading", the same for every form.
COMMAND_ODD = [*BROKE, "9" * 19, "５", "+5", ""]


@pytest.mark.slow  # its twin in this process: the test below, for probe and for record
@pytest.mark.parametrize("value", BROKE, ids=["5000-nines", "superscript"])
def test_the_forms_that_broke_the_probe_log_in_once_end_to_end(value, tmp_path):
    assert not run_against_odd_quota("probe", value, tmp_path, in_process=False)


@pytest.mark.parametrize("command", ["probe", "record"])
def test_odd_quota_headers_neither_crash_nor_log_in_twice(command, tmp_path, monkeypatch):
    """The odd forms, through the real entry point in this process (the same code as the
    command; end to end above for the forms that broke it, and Budget alone above for
    every form and generated text)."""
    for name, setting in LOGIN.items():
        monkeypatch.setenv(name, setting)
    problems = []
    for index, value in enumerate(COMMAND_ODD):
        problems += run_against_odd_quota(command, value, tmp_path / str(index), in_process=True)
    assert not problems, "\n".join(problems)


def plugin_run(pytester, url: str, *, subprocess: bool):
    args = (f"--arena-url={url}", "--arena-examples=0", "--arena-max-imports=1")
    args += ("-p", "no:cacheprovider")
    if subprocess:
        return pytester.runpytest_subprocess(*args)
    return pytester.runpytest_inprocess(*args)


# Each form in this process (the same plugin code, without a fresh interpreter and pytest
# start-up for each); the form that broke it also in a fresh pytest (slow).
@pytest.mark.parametrize(
    ("value", "fresh"),
    [
        pytest.param("9" * 5000, True, marks=pytest.mark.slow, id="5000-nines-fresh-pytest"),
        pytest.param("9" * 5000, False, id="5000-nines"),
        pytest.param("²", False, id="superscript"),
        pytest.param("+5", False, id="+5"),
    ],
)
def test_the_plugin_logs_in_once_and_out_whatever_the_quota_says(
    pytester, monkeypatch, value, fresh
):
    for name, setting in LOGIN.items():
        monkeypatch.setenv(name, setting)
    with hostile_mock(header=(QUOTA, value), users={EMAIL: PASSWORD}) as server:
        result = plugin_run(pytester, server.url, subprocess=fresh)
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert (server.logins, server.logouts) == (1, 1)
    result.stdout.fnmatch_lines(["X-Arena-Requests-Remaining: never sent*"])


@pytest.mark.parametrize("command", ["probe", "record"])
def test_an_interrupted_run_still_logs_out(command, tmp_path):
    """Ctrl-C in the middle of a request (a body that trickles for ever): the logout goes."""
    with hostile_mock(body=trickle, users={EMAIL: PASSWORD}) as server:
        argv = [command, "--url", server.url]
        argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
        process = start_cli(*argv, env=LOGIN)
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
