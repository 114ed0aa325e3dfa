"""Every answer is read within a byte cap and a deadline, both enforced while it is read.

An endless body once took 4 GB (``probe --timeout 2,4``: the deadline abandoned the reading
thread, which went on reading), an endless gzip body 2.7 GB. Against each hostile body
below (the real mock logs in and counts the quota; a middleware replaces every GET's body),
`probe` and `record` must end in bounded time with a failed request named in one line, a
bounded peak memory (measured by the kernel), one login and its logout; and the server must
see the connection dropped: the reading really stopped.
"""

from __future__ import annotations

import functools
import gzip
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from arena_contract.live.options import MAX_RESPONSE_BYTES
from tests.faults import wait_for
from tests.hostile import endless_gzip, endless_json, hostile_mock, trickle

EMAIL, PASSWORD = "cap@example.com", "Cap-Secret-9931"
LOGIN = {"ARENA_EMAIL": EMAIL, "ARENA_PASSWORD": PASSWORD}
CAP = 1_000_000
#: Peak RSS allowed: the issue's 700 MB; with a 1 MB cap a run needs about a tenth of it.
PEAK_MB = 700
#: The time bound is the subprocess's timeout: without the cap and the deadline a run
#: against these endless bodies would never end, so no tighter (load-dependent) bound is kept.

#: Runs the command, then prints its peak RSS (KiB) on the last line of stderr. The address
#: space limit only keeps a broken build from taking the machine down while it is measured.
MEASURED = (
    "import resource, subprocess, sys\n"
    "limit = 4 << 30\n"
    "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def empty_gzip_blocks() -> Iterator[bytes]:
    """A gzip stream that never ends and inflates to nothing (empty stored deflate blocks):
    only the bytes on the wire can bound it."""
    yield gzip.compress(b"")[:10]  # the gzip header
    empty_block = b"\x00\x00\x00\xff\xff"
    while True:
        yield empty_block * 13_000


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"[" + b"0" * (50 << 20) + b"]", 9)


def gzip_bomb() -> Iterator[bytes]:
    """One finite gzip member (about 50 KB) inflating to 50 MB."""
    yield _bomb()


def trickle_with_a_length() -> Iterator[bytes]:
    """A trickle with no chunking: reads of a fixed size block until the deadline."""
    yield from trickle()


#: name: (body, extra headers, what the output must say)
BODIES = {
    "endless-chunked": (endless_json, [], "larger than --max-response-bytes"),
    "endless-gzip": (endless_gzip, [("Content-Encoding", "gzip")], "inflates to more than"),
    "empty-gzip-blocks": (
        empty_gzip_blocks,
        [("Content-Encoding", "gzip")],
        "more than 1,000,000 bytes arrived",
    ),
    "gzip-bomb": (gzip_bomb, [("Content-Encoding", "gzip")], "inflates to more than"),
    "huge-content-length": (
        endless_json,
        [("Content-Length", str(10**15))],
        "Content-Length says 1,000,000,000,000,000 bytes",
    ),
    "trickle": (trickle, [], "no complete answer within 3 s"),
    "trickle-with-a-length": (
        trickle_with_a_length,
        [("Content-Length", "900000")],
        "no complete answer within 3 s",
    ),
}


# probe's runs are slow; record reads every hostile body through the same live client (the
# same cap and deadline) in the quick run.
@pytest.mark.parametrize("command", [pytest.param("probe", marks=pytest.mark.slow), "record"])
@pytest.mark.parametrize("name", list(BODIES))
def test_a_hostile_body_is_one_failed_request_in_bounded_time_and_memory(command, name, tmp_path):
    body, headers, says = BODIES[name]
    with hostile_mock(body=body, body_headers=headers, users={EMAIL: PASSWORD}) as server:
        argv = [command, "--url", server.url, "--max-response-bytes", str(CAP)]
        argv += ["--timeout", "1,2", "--max-requests", "12"]
        argv += ["--out", str(tmp_path)] if command == "record" else ["--examples", "0"]
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, sys.executable, "-m", "arena_contract", *argv],
            capture_output=True,
            text=True,
            env={**os.environ, **LOGIN},
            timeout=300,
        )
        stopped = wait_for(lambda: server.streaming == 0, timeout=10)
        logins, logouts = server.logins, server.logouts
    *output, peak = (done.stdout + done.stderr).rstrip().rsplit("\n", 1)
    text = "\n".join(output)
    assert "Traceback" not in text and "MemoryError" not in text, text[-3000:]
    assert done.returncode in (1, 2), text[-3000:]
    assert says in text, text[-3000:]
    assert int(peak) < PEAK_MB * 1024, f"peak RSS {int(peak) // 1024} MB"
    assert (logins, logouts) == (1, 1)
    assert stopped, "the server is still sending: the reading was abandoned, not stopped"


def test_the_default_cap_is_documented_and_a_few_hundred_mib():
    assert MAX_RESPONSE_BYTES == 256 * 1024 * 1024
    from pathlib import Path

    guarantees = (Path(__file__).parents[1] / "docs" / "guarantees.md").read_text()
    assert "--max-response-bytes" in guarantees and "256 MiB" in guarantees
