"""`check` of many small files against the read-and-parse floor (issue 22), side by side.

    python benchmarks/many_files.py            # 1,000 run lists and a batch of 50: a table
    python benchmarks/many_files.py --json     # the figures as JSON
    python benchmarks/many_files.py --rounds 3 # fewer rounds (each is about 2 s)
    python benchmarks/many_files.py --against ../main   # another checkout in the same rounds

The corpus: 1,000 run lists of 10 runs (about 32 KB each, indented like Arena's sample), each
run from the mock's seeded dataset (its creators, statuses, change summaries) with 12
warnings: its own and row warnings of the kind the mock writes (code 332). The batch of 50
is the first 50 of them, named one by one on the command line, as pre-commit passes them.

The floor is a fresh process of the same Python that reads each of the same files and
``orjson.loads`` it: what any checker of these files must pay at least. ``check`` gets the
directory (as a nightly job would) where the floor lists it; each command is a fresh process
(start-up included), run in turn with the others (floor, check, floor, check, ...) so that
whatever else loads the machine weighs on both alike; each figure is the median of the rounds,
in wall time (the target) and in CPU time (steadier on a shared machine). ``check`` runs as
a user runs it (``--jobs auto``: on 1,000 files, one process per CPU) and with ``--jobs 1``;
beside them, two floors at once tell how much a second process can gain on this machine.
``run.py`` reports the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arena_contract.mock.dataset import Dataset  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
ARENA = (
    [str(BIN / "arena-contract")]
    if (BIN / "arena-contract").exists()
    else [PYTHON, "-m", "arena_contract"]
)
FILES, BATCH = 1000, 50
RUNS_PER_FILE = 10
WARNINGS_PER_RUN = 12

TARGETS = {"many_small_ratio": ("<=", 2.0)}

#: The floor: read each file and parse it with orjson, nothing else (a directory is listed).
FLOOR = """
import os, sys, orjson
for path in sys.argv[1:]:
    names = sorted(e.path for e in os.scandir(path)) if os.path.isdir(path) else [path]
    for name in names:
        with open(name, "rb") as f:
            orjson.loads(f.read())
"""

#: The floor twice at once: how much a second process gains on this machine at all (two
#: vCPUs may be two hyperthreads, or shared with other guests), the room a second has.
PAIR = """
import subprocess, sys
both = [subprocess.Popen(sys.argv[1:]) for _ in range(2)]
sys.exit(max(p.wait() for p in both))
"""

_TIMED = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, used.ru_utime + used.ru_stime, code)
"""


def runs_with_warnings(count: int, per_run: int) -> list[dict]:
    """``count`` runs of the mock's datasets (renumbered: GUIDs and numbers unique), each
    with ``per_run`` warnings: its own, then row warnings as the mock writes them."""
    runs: list[dict] = []
    seed = 0
    while len(runs) < count:
        runs += Dataset.generate(seed).definitions[0].runs
        seed += 1
    out = []
    for number, run in enumerate(runs[:count], start=1):
        own = list(run["warnings"]["results"])[:per_run]
        rows = [
            {
                "code": 332,
                "message": f'Row {2 + (number * 7 + i * 13) % 4999}: value "n/a" '
                'ignored for attribute "Weight".',
            }
            for i in range(per_run - len(own))
        ]
        warnings = {"count": per_run, "results": own + rows}
        out.append({**run, "number": number, "warnings": warnings})
    return out


def build(work: Path, files: int = FILES) -> Path:
    """The corpus in ``work/many``: ``files`` run lists, the same bytes every time."""
    folder = work / "many"
    folder.mkdir()
    runs = runs_with_warnings(2000, WARNINGS_PER_RUN)
    for index in range(files):
        start = (index * RUNS_PER_FILE) % (len(runs) - RUNS_PER_FILE)
        page = runs[start : start + RUNS_PER_FILE]
        body = json.dumps({"count": len(page), "results": page}, indent=4, ensure_ascii=False)
        (folder / f"runs-{index:04d}.json").write_text(body, encoding="utf-8")
    return folder


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, its workers' included) and exit code of
    ``command``, timed by a fresh parent."""
    done = subprocess.run(
        [PYTHON, "-c", _TIMED, *command], capture_output=True, text=True, check=True, env=env
    )
    seconds, cpu, code = done.stdout.split()
    return float(seconds), float(cpu), int(code)


def interleaved(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> dict:
    """Median wall and CPU seconds (and the last exit code) of each command, run in turn
    after one warm-up round (which fills the OS and bytecode caches). On a shared machine
    the CPU time moves less than the wall time: others' work delays a process more than it
    lengthens its own."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    codes: dict[str, int] = {}
    for round_ in range(rounds + 1):
        for name, command in commands.items():
            seconds, cpu, codes[name] = timed(command, env)
            if round_:
                walls[name].append(seconds)
                cpus[name].append(cpu)
    return {
        name: {
            "seconds": statistics.median(walls[name]),
            "cpu_seconds": statistics.median(cpus[name]),
            "all": walls[name],
            "exit": codes[name],
        }
        for name in commands
    }


#: ``check`` from another checkout (``--against``): its directory first on the path.
OTHER = """
import sys
sys.path.insert(0, sys.argv.pop(1))
from arena_contract.cli import console
sys.argv[0] = "arena-contract"
console()
"""


def run(work: Path, env: dict[str, str], rounds: int = 7, against: Path | None = None) -> dict:
    """Build the corpus in ``work`` and measure; the figures as a dict (``ratios`` included).
    ``against``: another checkout whose ``check`` runs in the same rounds (before/after)."""
    folder = build(work)
    names = sorted(str(p) for p in folder.iterdir())
    batch = names[:BATCH]
    floor = [PYTHON, "-c", FLOOR]
    check = [*ARENA, "check", "-q"]
    commands = {
        "floor": [*floor, str(folder)],
        "check": [*check, str(folder)],
        "check_serial": [*check, "--jobs", "1", str(folder)],
        "floor_pair": [PYTHON, "-c", PAIR, *floor, str(folder)],
        "floor_batch": [*floor, *batch],
        "check_batch": [*check, *batch],
    }
    if against is not None:
        other = [PYTHON, "-c", OTHER, str(against), "check", "-q"]
        commands["other"] = [*other, str(folder)]
        commands["other_batch"] = [*other, *batch]
    figures = interleaved(commands, env, rounds)
    sizes = [os.path.getsize(name) for name in names]
    figures["corpus"] = {
        "files": len(names),
        "batch": len(batch),
        "runs_per_file": RUNS_PER_FILE,
        "warnings_per_run": WARNINGS_PER_RUN,
        "mean_file_kb": round(statistics.mean(sizes) / 1024, 1),
        "rounds": rounds,
    }

    def ratio(a: str, b: str, what: str = "seconds") -> float:
        return figures[a][what] / figures[b][what]

    figures["ratios"] = {
        "many_small_ratio": ratio("check", "floor"),
        "many_small_cpu_ratio": ratio("check", "floor", "cpu_seconds"),
        "batch_ratio": ratio("check_batch", "floor_batch"),
        "batch_cpu_ratio": ratio("check_batch", "floor_batch", "cpu_seconds"),
        "serial_ratio": ratio("check_serial", "floor"),
        "serial_cpu_ratio": ratio("check_serial", "floor", "cpu_seconds"),
        "auto_speedup": ratio("check_serial", "check"),
        # Two floors at once against one, each doing the same work: 2.0 on two free cores.
        "pair_room": 2 * figures["floor"]["seconds"] / figures["floor_pair"]["seconds"],
    }
    if against is not None:
        figures["against"] = str(against)
        figures["ratios"]["other_ratio"] = ratio("other", "floor")
        figures["ratios"]["other_cpu_ratio"] = ratio("other", "floor", "cpu_seconds")
        figures["ratios"]["other_batch_ratio"] = ratio("other_batch", "floor_batch")
    figures["load_average"] = os.getloadavg()
    return figures


def met(name: str, value: float) -> bool:
    op, target = TARGETS[name]
    return value <= target if op == "<=" else value >= target


def table(figures: dict) -> str:
    c, r = figures["corpus"], figures["ratios"]

    def ms(name: str) -> str:
        figure = figures[name]
        return f"{figure['seconds'] * 1000:.0f} ms ({figure['cpu_seconds'] * 1000:.0f} CPU)"

    def row(what: str, value: str, name: str = "") -> str:
        target = f"{TARGETS[name][0]} {TARGETS[name][1]:g}" if name else ""
        verdict = ("ok" if met(name, r[name]) else "MISSED") if name else ""
        return f"{what:<58} {value:>16}  {target:>8}  {verdict}"

    load = ", ".join(f"{x:.1f}" for x in figures["load_average"])
    return "\n".join(
        [
            f"many small files: {c['files']} run lists of {c['runs_per_file']} runs, "
            f"{c['warnings_per_run']} warnings a run (mean {c['mean_file_kb']} KB); "
            f"median of {c['rounds']} interleaved rounds; load average {load}",
            "",
            row(f"read + orjson.loads, {c['files']} files (floor)", ms("floor")),
            row(f"check, the {c['files']} files (a directory; --jobs auto)", ms("check")),
            row("  ratio to the floor", f"{r['many_small_ratio']:.2f}x", "many_small_ratio"),
            row("  the same in CPU time", f"{r['many_small_cpu_ratio']:.2f}x"),
            row(f"check --jobs 1, the {c['files']} files (one process)", ms("check_serial")),
            row("  ratio to the floor", f"{r['serial_ratio']:.2f}x"),
            row("  the same in CPU time", f"{r['serial_cpu_ratio']:.2f}x"),
            row("  the default (--jobs auto) against one process", f"{r['auto_speedup']:.2f}x"),
            row("  the machine's room: two floors at once", f"{r['pair_room']:.2f}x"),
            row(f"read + orjson.loads, {c['batch']} files named (floor)", ms("floor_batch")),
            row(f"check, the {c['batch']} files named (pre-commit)", ms("check_batch")),
            row("  ratio to the floor", f"{r['batch_ratio']:.2f}x"),
            row("  the same in CPU time", f"{r['batch_cpu_ratio']:.2f}x"),
            *_against_rows(figures, row, ms),
        ]
    )


def _against_rows(figures: dict, row: Callable, ms: Callable) -> list[str]:
    if "against" not in figures:
        return []
    r = figures["ratios"]
    return [
        "",
        f"the same rounds, check of {figures['against']}:",
        row("check, the 1000 files (a directory)", ms("other")),
        row("  ratio to the floor", f"{r['other_ratio']:.2f}x"),
        row("  the same in CPU time", f"{r['other_cpu_ratio']:.2f}x"),
        row("check, the 50 files named (pre-commit)", ms("other_batch")),
        row("  ratio to the floor", f"{r['other_batch_ratio']:.2f}x"),
    ]


def environment(work: Path) -> dict[str, str]:
    """As installed: compiled bytecode cached (in ``work``, not in the tree)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument(
        "--against", type=Path, help="another checkout whose check runs in the same rounds"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="arena-many-"))
    try:
        against = args.against and args.against.resolve()
        figures = run(work, environment(work), args.rounds, against)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
