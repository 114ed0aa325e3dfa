"""Speed and memory of `arena-contract check`, against check-jsonschema and a bare orjson parse.

    python benchmarks/run.py            # full corpus (about a minute), prints a table
    python benchmarks/run.py --quick    # a tenth of the corpus
    python benchmarks/run.py --json     # the figures as JSON, for machines
    python benchmarks/run.py --probe    # the probe's coverage per request budget only
    python benchmarks/run.py --redaction   # redaction throughput only, now beside before

Many small files against the read-and-parse floor (issue 22) are measured by
benchmarks/many_files.py (run alone: ``python benchmarks/many_files.py``) and reported here.

The probe's economy (documented behaviours covered per --max-requests, counted on the
mock's own request log) is measured by benchmarks/probe_coverage.py and reported here too,
and so is redaction's throughput (benchmarks/redaction.py, in this process).

Every figure is a fresh subprocess (start-up included, as a user or CI job sees it); times
are medians of a few repetitions. The corpus is generated in a temporary directory from the
mock's seeded dataset (realistic runs with warnings and change summaries): the same every run.

The large response is 20,000 runs, each with warnings, at the size the issue's reference
figures were measured on (about 100 MB): the mock's own warnings and 20 row warnings a run.
The same 20,000 runs with the mock's warnings only (26 MB; 40% of runs have none) are
measured too: there, start-up and the per-run rules are a larger share.
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
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import many_files  # noqa: E402

from arena_contract.mock.dataset import Dataset  # noqa: E402

PYTHON = sys.executable
RUNS_PER_FILE = 30  # about 38 KB a page, indented like Arena's sample
ROW_WARNINGS = 20  # per run of the large response: about 100 MB for 20,000 runs
BIN = Path(PYTHON).parent
ARENA = (
    [str(BIN / "arena-contract")]
    if (BIN / "arena-contract").exists()
    else [PYTHON, "-m", "arena_contract"]
)
SCHEMA = ROOT / "schemas" / "run-list.json"
# check-jsonschema resolves the schemas' relative $refs (run.json, common.json...) against
# --base-uri: the file's own location (its default too: the schema files carry no $id).
CHECK_JSONSCHEMA = [
    str(BIN / "check-jsonschema"),
    "--schemafile",
    str(SCHEMA),
    "--base-uri",
    SCHEMA.as_uri(),
]

TARGETS = {
    "many_files_speedup": (">=", 20.0),
    "big_time_ratio": ("<=", 1.5),
    "big_memory_ratio": ("<=", 1.3),
    "version_ms": ("<", 100.0),
    "version_ratio": ("<=", 2.0),
    "plugin_ms": ("<", 20.0),
    "small_check_ms": ("<", 120.0),
}

#: Targets set for the full-size large response: a tenth of it is mostly start-up (--quick).
FULL_SIZE_ONLY = {"big_time_ratio", "big_memory_ratio"}


# -- corpus ------------------------------------------------------------------------------


def all_runs(count: int) -> list[dict]:
    """``count`` realistic runs from the mock's datasets, renumbered so GUIDs/numbers are unique."""
    runs: list[dict] = []
    seed = 0
    while len(runs) < count:
        runs += Dataset.generate(seed).definitions[0].runs
        seed += 1
    return [{**run, "number": number} for number, run in enumerate(runs[:count], start=1)]


def with_row_warnings(runs: list[dict], per_run: int) -> list[dict]:
    """The runs, each with ``per_run`` row warnings more (as the mock writes them: code 332)."""
    out = []
    for number, run in enumerate(runs):
        rows = [
            {
                "code": 332,
                "message": f'Row {2 + (number * 7 + i * 13) % 4999}: value "n/a" '
                'ignored for attribute "Weight".',
            }
            for i in range(per_run)
        ]
        listed = run["warnings"]["results"] + rows
        out.append({**run, "warnings": {"count": len(listed), "results": listed}})
    return out


def page(runs: list[dict]) -> bytes:
    """A run list as Arena's sample shows it (indented by four)."""
    return json.dumps({"count": len(runs), "results": runs}, indent=4, ensure_ascii=False).encode()


def capture(body: bytes, guid: str) -> bytes:
    headers = {
        "Content-Type": "application/json;charset=UTF-8",
        "Content-Length": str(len(body)),
        "Date": "Sat, 28 Nov 2026 13:43:54 GMT",
        "Server": "ArenaSolutions",
        "X-Arena-Next-Request-Limit-Reset": "2026-11-29T00:00:00Z",
        "X-Arena-Requests-Remaining": "997",
    }
    url = f"https://api.arenasolutions.com/v1/imports/{guid}/runs?offset=0&limit={RUNS_PER_FILE}"
    return orjson.dumps(
        {
            "request": {"method": "GET", "url": url},
            "response": {"status": 200, "headers": headers, "text": body.decode()},
        }
    )


def build_corpus(work: Path, files: int, per_file: int, big_runs: int) -> dict[str, Path]:
    bodies, captures = work / "bodies", work / "captures"
    bodies.mkdir()
    captures.mkdir()
    runs = all_runs(max(big_runs, 2000))
    for index in range(files):
        start = (index * per_file) % (len(runs) - per_file)
        body = page(runs[start : start + per_file])
        (bodies / f"runs-{index:04d}.json").write_bytes(body)
        (captures / f"runs-{index:04d}.json").write_bytes(capture(body, "L3N6PX663K3K3HOBOOT0"))
    big, big_mix = work / "big.json", work / "big-mix.json"
    big.write_bytes(page(with_row_warnings(runs[:big_runs], ROW_WARNINGS)))
    big_mix.write_bytes(page(runs[:big_runs]))
    small = work / "small.json"
    small.write_bytes(page(runs[:2]))
    return {"bodies": bodies, "captures": captures, "big": big, "big_mix": big_mix, "small": small}


# -- measuring ------------------------------------------------------------------------------

_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, code)
"""


def environment(work: Path, bytecode: bool = True) -> dict[str, str]:
    """As installed: compiled bytecode cached (in ``work``, not in the tree), unless not."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(work / "no-pycache")
    return env


def measure(command: list[str], env: dict[str, str], repeat: int = 3) -> dict[str, float]:
    """Median wall time, peak RSS and exit code of ``command`` after one warm-up run, each
    run under a fresh parent so that ru_maxrss is this command's alone."""
    samples = []
    for _ in range(repeat + 1):
        done = subprocess.run(
            [PYTHON, "-c", _MEASURE, *command], capture_output=True, text=True, check=True, env=env
        )
        seconds, rss, code = done.stdout.split()
        samples.append((float(seconds), int(rss), int(code)))
    samples = samples[1:]  # the warm-up filled the OS and bytecode caches
    return {
        "seconds": statistics.median(s for s, _, _ in samples),
        "rss": statistics.median(r for _, r, _ in samples),
        "exit": samples[-1][2],
    }


def interleaved(
    commands: dict[str, tuple[list[str], dict[str, str]]], repeat: int = 11
) -> dict[str, float]:
    """Median milliseconds of each command, run in turn (a, b, c, a, b, c, ...) after one
    warm-up round: what loads the machine meanwhile weighs on all of them alike, so the
    differences and ratios between them hold better than separate series would."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, (command, env) in commands.items():
            done = subprocess.run(
                [PYTHON, "-c", _MEASURE, *command],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            if round_:
                samples[name].append(float(done.stdout.split()[0]) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def check_and_parse(path: Path, env: dict[str, str]) -> tuple[dict, dict]:
    """``check`` of one file, and the floor: reading and parsing it with orjson alone."""
    parse = f"import orjson; orjson.loads(open({str(path)!r}, 'rb').read())"
    return measure([*ARENA, "check", "-q", str(path)], env), measure([PYTHON, "-c", parse], env)


def run(quick: bool) -> dict:
    files, big_runs = (100, 2000) if quick else (1000, 20000)
    work = Path(tempfile.mkdtemp(prefix="arena-bench-"))
    try:
        corpus = build_corpus(work, files, per_file=RUNS_PER_FILE, big_runs=big_runs)
        body_files = sorted(str(p) for p in corpus["bodies"].iterdir())
        sizes = [os.path.getsize(p) for p in body_files]
        big_mb = os.path.getsize(corpus["big"]) / 1e6
        big_mix_mb = os.path.getsize(corpus["big_mix"]) / 1e6
        env = environment(work)
        check_many = measure([*ARENA, "check", "-q", str(corpus["bodies"])], env)
        check_captures = measure([*ARENA, "check", "-q", str(corpus["captures"])], env)
        jsonschema = measure([*CHECK_JSONSCHEMA, *body_files], env, repeat=1)
        big_check, big_parse = check_and_parse(corpus["big"], env)
        mix_check, mix_parse = check_and_parse(corpus["big_mix"], env)
        small_command = [*ARENA, "check", "-q", str(corpus["small"])]
        floor = interleaved(
            {"version": ([*ARENA, "--version"], env), "python": ([PYTHON, "-c", "pass"], env)}
        )
        small = measure(small_command, env, repeat=11)
        small_uncached = measure(small_command, environment(work, bytecode=False), repeat=5)
        plugin = pytest_startup(work, env)
        many_small = many_files.run(work, env, rounds=3 if quick else 7)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "corpus": {
            "files": files,
            "runs_per_file": RUNS_PER_FILE,
            "mean_file_kb": round(statistics.mean(sizes) / 1024, 1),
            "big_runs": big_runs,
            "big_mb": round(big_mb, 1),
            "big_mix_mb": round(big_mix_mb, 1),
        },
        "many_files": {
            "check_s": check_many["seconds"],
            "check_exit": check_many["exit"],
            "check_captures_s": check_captures["seconds"],
            "check_captures_exit": check_captures["exit"],
            "check_jsonschema_s": jsonschema["seconds"],
            "check_jsonschema_exit": jsonschema["exit"],
        },
        "big": {
            "check_s": big_check["seconds"],
            "check_rss_mb": big_check["rss"] / 1e6,
            "check_exit": big_check["exit"],
            "parse_s": big_parse["seconds"],
            "parse_rss_mb": big_parse["rss"] / 1e6,
        },
        "big_mix": {
            "check_s": mix_check["seconds"],
            "check_rss_mb": mix_check["rss"] / 1e6,
            "parse_s": mix_parse["seconds"],
            "parse_rss_mb": mix_parse["rss"] / 1e6,
        },
        "startup": {
            "python_ms": floor["python"],
            "version_ms": floor["version"],
            "small_check_ms": small["seconds"] * 1000,
            "small_check_no_bytecode_cache_ms": small_uncached["seconds"] * 1000,
        },
        "pytest_startup": plugin,
        "many_small": many_small,
    }


def pytest_startup(work: Path, env: dict[str, str]) -> dict[str, float]:
    """`pytest --co` in an empty project that does not use arena-contract: with every installed
    plugin, without arena-contract's (-p no:arena_contract), and with none (the floor)."""
    project = work / "empty-project"
    project.mkdir()
    collect = [PYTHON, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", str(project)]
    bare = dict(env, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return interleaved(
        {
            "installed_ms": (collect, env),
            "without_arena_contract_ms": ([*collect, "-p", "no:arena_contract"], env),
            "no_plugins_ms": (collect, bare),
        }
    )


def ratios(figures: dict) -> dict[str, float]:
    many, big, startup = figures["many_files"], figures["big"], figures["startup"]
    return {
        "many_files_speedup": many["check_jsonschema_s"] / many["check_s"],
        "big_time_ratio": big["check_s"] / big["parse_s"],
        "big_memory_ratio": big["check_rss_mb"] / big["parse_rss_mb"],
        "big_mix_time_ratio": figures["big_mix"]["check_s"] / figures["big_mix"]["parse_s"],
        "version_ms": startup["version_ms"],
        "version_ratio": startup["version_ms"] / startup["python_ms"],
        "small_check_ms": startup["small_check_ms"],
        "plugin_ms": figures["pytest_startup"]["installed_ms"]
        - figures["pytest_startup"]["without_arena_contract_ms"],
    }


def met(name: str, value: float) -> bool:
    op, target = TARGETS[name]
    return {"<": value < target, "<=": value <= target, ">=": value >= target}[op]


def table(figures: dict) -> str:
    c, many, big, st = figures["corpus"], figures["many_files"], figures["big"], figures["startup"]
    mix, pt = figures["big_mix"], figures["pytest_startup"]
    r = figures["ratios"]

    def row(what: str, value: str, name: str = "") -> str:
        target = f"{TARGETS[name][0]} {TARGETS[name][1]:g}" if name else ""
        verdict = ("ok" if met(name, r[name]) else "MISSED") if name else ""
        if name in FULL_SIZE_ONLY and figures["quick"]:
            verdict = "(judged on the full run)"
        return f"{what:<58} {value:>16}  {target:>8}  {verdict}"

    lines = [
        f"corpus: {c['files']} run lists of {c['runs_per_file']} runs "
        f"(mean {c['mean_file_kb']} KB); one list of {c['big_runs']} runs, each with "
        f"warnings ({c['big_mb']} MB), and the same runs with the mock's warnings only "
        f"({c['big_mix_mb']} MB)",
        "",
        row(f"check, {c['files']} bodies", f"{many['check_s']:.2f} s"),
        row(
            f"check, {c['files']} captures (request + headers)", f"{many['check_captures_s']:.2f} s"
        ),
        row(
            f"check-jsonschema, {c['files']} bodies (schema only)",
            f"{many['check_jsonschema_s']:.2f} s",
        ),
        row("  speed-up of check", f"{r['many_files_speedup']:.1f}x", "many_files_speedup"),
        row("check, big list", f"{big['check_s']:.2f} s"),
        row("orjson parse alone, big list", f"{big['parse_s']:.2f} s"),
        row("  time ratio", f"{r['big_time_ratio']:.2f}x", "big_time_ratio"),
        row("check, big list: peak RSS", f"{big['check_rss_mb']:.0f} MB"),
        row("orjson parse alone: peak RSS", f"{big['parse_rss_mb']:.0f} MB"),
        row("  memory ratio", f"{r['big_memory_ratio']:.2f}x", "big_memory_ratio"),
        row("check, big list with the mock's warnings only", f"{mix['check_s']:.2f} s"),
        row("orjson parse alone, the same", f"{mix['parse_s']:.2f} s"),
        row(
            "  time ratio (not a target: see benchmarks/README.md)",
            f"{r['big_mix_time_ratio']:.2f}x",
        ),
        row("python -c pass (floor)", f"{st['python_ms']:.0f} ms"),
        row("arena-contract --version (median)", f"{st['version_ms']:.0f} ms", "version_ms"),
        row("  ratio to python -c pass", f"{r['version_ratio']:.2f}x", "version_ratio"),
        row("check one small file (median)", f"{st['small_check_ms']:.0f} ms", "small_check_ms"),
        row(
            "  the same, bytecode not cached (PYTHONDONTWRITEBYTECODE=1)",
            f"{st['small_check_no_bytecode_cache_ms']:.0f} ms",
        ),
        row("pytest --co, empty project, every installed plugin", f"{pt['installed_ms']:.0f} ms"),
        row("  the same, -p no:arena_contract", f"{pt['without_arena_contract_ms']:.0f} ms"),
        row(
            "  the same, no plugin (PYTEST_DISABLE_PLUGIN_AUTOLOAD)",
            f"{pt['no_plugins_ms']:.0f} ms",
        ),
        row("  arena-contract's own plugin adds", f"{r['plugin_ms']:.0f} ms", "plugin_ms"),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--probe", action="store_true", help="only the probe's coverage per request budget"
    )
    parser.add_argument(
        "--redaction", action="store_true", help="only redaction's throughput, now and before"
    )
    args = parser.parse_args()
    import probe_coverage
    import redaction

    if args.redaction:
        masking = redaction.run()
        print(json.dumps(masking, indent=2) if args.json else redaction.table(masking))
        return 0

    probe = probe_coverage.run()
    if args.probe:
        print(json.dumps(probe, indent=2) if args.json else probe_coverage.table(probe))
        return 0
    figures = run(args.quick)
    figures["probe"] = probe
    figures["redaction"] = masking = redaction.run()
    figures["quick"] = args.quick
    figures["ratios"] = ratios(figures)
    figures["targets_met"] = {
        name: None if args.quick and name in FULL_SIZE_ONLY else met(name, figures["ratios"][name])
        for name in TARGETS
    }
    for name, value in figures["many_small"]["ratios"].items():
        if name in many_files.TARGETS:
            figures["targets_met"][name] = many_files.met(name, value)
    for row in probe:
        if row["max_requests"] in probe_coverage.TARGETS:
            figures["targets_met"][f"probe_{row['max_requests']}"] = probe_coverage.met(row)
    text = "\n\n".join(
        [
            table(figures),
            many_files.table(figures["many_small"]),
            probe_coverage.table(probe),
            redaction.table(masking),
        ]
    )
    print(json.dumps(figures, indent=2) if args.json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
