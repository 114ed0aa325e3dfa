"""Make real Schemathesis recordings whose bodies Schemathesis cut: its VCR cassette and HAR.

    python -m tests.truncated_recordings ROWS LIMIT OUTDIR

A mock Arena is served; an import run of ROWS rows is started through it, so that its
result file has that many rows; `schemathesis run` with arena-contract's hooks reads that
run's result file and records it, keeping at most LIMIT bytes of each body (Schemathesis'
`max-recorded-payload-size`; 0: its default, 1 MiB). The files
tests/data/captures/schemathesis-truncated.yaml and .har were made with ROWS 300 and LIMIT
2048 (small files, with the marks Schemathesis writes at 1 MiB too: the slow test of
tests/test_capture_truncated.py records a result file of over 1 MiB at the default).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from arena_contract.mock import serve_in_thread

EMAIL, PASSWORD = "integration@example.com", "arena-mock"


def source_file(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Part Number"])
    for number in range(rows):
        writer.writerow([f"P-{number:07d}"])
    return buffer.getvalue().encode()


def make(rows: int, limit: int, out: Path) -> subprocess.CompletedProcess:
    """Record into ``out`` (a vcr-*.yaml and a har-*.json); the finished schemathesis run."""
    out.mkdir(parents=True, exist_ok=True)
    bindir = Path(sys.executable).parent
    spec = out / "spec"
    subprocess.run(
        [bindir / "arena-contract", "contract", "export", str(spec)],
        check=True,
        capture_output=True,
    )
    if limit:
        with open(spec / "schemathesis.toml", "a", encoding="utf-8") as toml:
            toml.write(f"\n[output.truncation]\nmax-recorded-payload-size = {limit}\n")
    with serve_in_thread(run_timing=(0, 0), quota=1_000_000) as server:
        http = requests.Session()
        login = http.post(f"{server.url}/login", json={"email": EMAIL, "password": PASSWORD})
        session = login.json()["arenaSessionId"]
        http.headers["arena_session_id"] = session
        body = {"name": "Parts", "resource": "ITEM_SPECS", "mode": "CREATE"}
        definition = http.post(f"{server.url}/imports", json=body).json()["guid"]
        http.post(
            f"{server.url}/imports/{definition}/runs",
            data={"submitFileType": "CSV", "commit": "false"},
            files={"submitContent": ("parts.csv", source_file(rows), "text/csv")},
        ).raise_for_status()
        time.sleep(0.1)  # the run finishes at once (run_timing 0, 0) on the wall clock
        env = {k: v for k, v in os.environ.items() if not k.startswith("ARENA_")}
        env.update(
            SCHEMATHESIS_HOOKS="arena_contract.schemathesis_hooks",
            ARENA_SESSION_ID=session,
            ARENA_IMPORT_GUIDS=definition,
            PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}",
        )
        command = [
            "schemathesis", "run", "openapi.yaml", "--url", server.url,
            "-H", f"arena_session_id: {session}",
            "--include-operation-id", "getImportRunResultContent",
            "--max-examples", "3", "--phases", "examples,fuzzing", "--seed", "1",
            "--no-color", "--report", "vcr,har", "--report-dir", str(out),
        ]  # fmt: skip
        return subprocess.run(
            command, cwd=spec, env=env, capture_output=True, text=True, timeout=300
        )


if __name__ == "__main__":
    done = make(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]).resolve())
    print(done.stdout[-2000:], done.stderr[-2000:])
    sys.exit(done.returncode)
