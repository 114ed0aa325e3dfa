"""Time and peak memory of `arena-contract check` on the hostile captures of issue 10.

    python benchmarks/hostile.py           # the issue's sizes (a few minutes, about 1.5 GB disk)
    python benchmarks/hostile.py --quick   # a quarter of them

Each figure is a fresh `check` process, run under a fresh parent that reads its peak RSS.
To compare with another version, run this script with that version installed (or with
PYTHONPATH pointing at its checkout): the files are the same bytes every time.
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

RUNS = "https://api.arenasolutions.com/v1/imports/L3N6PX663K3K3HOBOOT0/runs"
MIB = 1024 * 1024
PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def _entry(text: str, encoding: str | None = None, coding: str | None = None) -> dict:
    content = {"text": text, **({"encoding": encoding} if encoding else {})}
    headers = [{"name": "Content-Encoding", "value": coding}] if coding else []
    return {
        "request": {"method": "GET", "url": RUNS, "headers": []},
        "response": {"status": 200, "headers": headers, "content": content},
    }


def _har(entries: list[dict], pad: int = 0) -> bytes:
    log = {"version": "1.2", "pad": "x" * pad, "entries": entries}
    return json.dumps({"log": log}).encode()


def gzip_bombs(path: Path, mib: int) -> None:
    """Six base64 gzip bodies in a HAR, each inflating to ``mib`` MiB (issue: 300)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = base64.b64encode(packer.compress(bytes(mib * MIB)) + packer.flush()).decode()
    path.write_bytes(_har([_entry(bomb, "base64", "gzip")] * 6))


def yaml_cassette(path: Path, interactions: int) -> None:
    """A VCR cassette of small interactions (issue: 250,000 in 41 MB)."""
    one = (
        f"- request:\n    method: GET\n    uri: {RUNS}\n"
        "  response:\n    status: {code: 200}\n"
        '    body: {string: \'{"count":0,"results":[]}\'}\n'
    )
    path.write_text("interactions:\n" + one * interactions)


def long_string(path: Path, mb: int) -> None:
    """A HAR (streamed: over 32 MiB) of one entry whose body is ``mb`` MB (issue: 40, 80)."""
    body = json.dumps({"count": 1, "results": ["x" * (mb * 1_000_000)]})
    path.write_bytes(_har([_entry(body)], pad=33 * MIB))


def failing_entries(path: Path, entries: int) -> None:
    """A streamed HAR of failing entries (issue: 48,000 took 2 GB)."""
    body = json.dumps({"count": 3, "results": [{"guid": "x", "number": "y", "status": "DONE"}] * 3})
    path.write_bytes(_har([_entry(body)] * entries, pad=33 * MIB))


def measure(path: Path) -> tuple[float, int, int]:
    command = [sys.executable, "-m", "arena_contract", "check", "-q", str(path)]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    kib, code = done.stdout.split()
    return seconds, int(kib) * 1024, int(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the sizes")
    scale = 4 if parser.parse_args().quick else 1
    cases: list[tuple[str, Callable[[Path], None]]] = [
        (
            f"6 gzip bombs of {300 // scale} MiB (HAR, base64)",
            lambda p: gzip_bombs(p, 300 // scale),
        ),
        (f"YAML, {150_000 // scale:,} interactions", lambda p: yaml_cassette(p, 150_000 // scale)),
        (f"YAML, {250_000 // scale:,} interactions", lambda p: yaml_cassette(p, 250_000 // scale)),
        (f"streamed HAR, one {40 // scale} MB body", lambda p: long_string(p, 40 // scale)),
        (f"streamed HAR, one {80 // scale} MB body", lambda p: long_string(p, 80 // scale)),
        (
            f"streamed HAR, {48_000 // scale:,} failing entries",
            lambda p: failing_entries(p, 48_000 // scale),
        ),
    ]
    print("| input | file | time | peak RSS | exit |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as directory:
        for index, (name, build) in enumerate(cases):
            path = Path(directory) / f"{index}.{'yaml' if 'YAML' in name else 'har'}"
            build(path)
            seconds, peak, code = measure(path)
            size = path.stat().st_size / MIB
            print(f"| {name} | {size:.1f} MiB | {seconds:.1f} s | {peak / MIB:.0f} MiB | {code} |")
            path.unlink()


if __name__ == "__main__":
    main()
