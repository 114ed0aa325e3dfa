"""Coverage-guided fuzzing of `arena-contract check` with atheris (by hand, not in CI).

    pip install atheris
    python benchmarks/fuzz_atheris.py -max_total_time=300        # seeds: tests/data, examples
    python benchmarks/fuzz_atheris.py -runs=100000 my-corpus/    # libFuzzer options and corpus

Each input is written to a file and checked through the real entry point; a broken
property (see tests/fuzz_inputs.assert_well_behaved) is raised, and atheris saves the
input as crash-<sha1>. Replay one with: python benchmarks/fuzz_atheris.py crash-<sha1>
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["arena_contract"]):
    from tests import fuzz_inputs as fi

WORK = Path(tempfile.mkdtemp(prefix="arena-fuzz-"))


def one_input(data: bytes) -> None:
    path = WORK / "input.json"
    path.write_bytes(data)
    fi.assert_well_behaved(fi.check(path), files=1)


def main() -> None:
    args = sys.argv[1:]
    if not any(not arg.startswith("-") for arg in args):  # no corpus given: start from seeds
        corpus = WORK / "corpus"
        corpus.mkdir()
        for index, path in enumerate(fi.seed_files()):
            shutil.copy(path, corpus / f"{index}-{path.name}")
        args.append(str(corpus))
    atheris.Setup([sys.argv[0], *args], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
