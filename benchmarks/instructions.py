"""`check` of many small files against the read-and-parse floor, in instructions (valgrind).

    python benchmarks/instructions.py                     # this checkout: a table
    python benchmarks/instructions.py --against ../main   # and another checkout, side by side
    python benchmarks/instructions.py --json

The wall and CPU times of ``many_files.py`` move with the machine: on this project's shared
2-vCPU machine the same run gave 2.4× one minute and 3.5× the next, so a step of a few
percent cannot be seen. Instructions executed do not move with the load. Each command runs
under ``valgrind --tool=callgrind`` twice, on one file and on ``--files`` files of
``many_files``' corpus, so that the difference is the cost of a file and the rest is the
start-up; then the ratio for 1,000 files follows. Instructions are not time (a memchr does
many bytes per instruction, a cache miss costs hundreds of cycles), so the time figures stay
``many_files.py``'s; these say whether a step removed work, and where it was.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import many_files  # noqa: E402

#: check as a library call, the same pipeline as the command without its argument parsing.
CHECK = """
import sys
from arena_contract.cli import main
main(["check", "-q", *sys.argv[1:]])
"""


VALGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def instructions(code: str, target: Path, env: dict[str, str]) -> int:
    """Instructions a fresh ``python -c code target`` executes, counted by callgrind."""
    done = subprocess.run(
        [*VALGRIND, sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        env=env,
        cwd=target.parent,  # not a checkout: `python -c` puts the working directory first
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def measure(code: str, one: Path, many: Path, files: int, env: dict[str, str]) -> dict:
    """Start-up and per-file instructions of ``code`` (the first run warms the bytecode)."""
    instructions(code, one, env)
    single, several = instructions(code, one, env), instructions(code, many, env)
    per_file = (several - single) / (files - 1)
    return {"start": single - per_file, "per_file": per_file}


def environment(work: Path, checkout: Path | None) -> dict[str, str]:
    env = many_files.environment(work)
    env["PYTHONHASHSEED"] = "0"  # the same dict layouts, run after run
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache-other")
    return env


def run(work: Path, files: int, against: Path | None) -> dict:
    folder = many_files.build(work, files)
    one = work / "one"
    one.mkdir()
    shutil.copy(next(folder.iterdir()), one)
    sides = {"floor": (many_files.FLOOR, None), "check": (CHECK, None)}
    if against is not None:
        sides["check (other)"] = (CHECK, against)
    figures = {
        name: measure(code, one, folder, files, environment(work, checkout))
        for name, (code, checkout) in sides.items()
    }
    floor = figures["floor"]
    for figure in figures.values():
        figure["ratio_1000"] = (figure["start"] + 1000 * figure["per_file"]) / (
            floor["start"] + 1000 * floor["per_file"]
        )
    return figures


def table(figures: dict) -> str:
    lines = [f"{'':<16} {'start-up':>12} {'a file':>12} {'1,000 files / floor':>21}"]
    for name, f in figures.items():
        lines.append(
            f"{name:<16} {f['start'] / 1e6:>8.1f} MIr {f['per_file'] / 1e3:>8.1f} kIr"
            f" {f['ratio_1000']:>20.2f}x"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="files of the corpus (200)")
    parser.add_argument("--against", type=Path, help="another checkout, measured alike")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind (apt install valgrind)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="arena-ir-"))
    try:
        figures = run(work, args.files, args.against and args.against.resolve())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.exit(main())
