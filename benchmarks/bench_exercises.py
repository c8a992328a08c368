"""How long each exercise of the bank takes to run, not a test:

    uv run --frozen python benchmarks/bench_exercises.py [--python PATH] [--only ID ...]

Each variant (reference, starter, every wrong_*.py) runs as tests/test_exercises_bank.py runs
it: copied as exercise.py beside the visible and hidden tests, one fresh interpreter for both
files, one variant at a time here (the test runs two at once). The interpreter is the learner's
one the tests make (tests/_tools.py), unless --python names another with PyTorch. Prints the
wall time of every run, each exercise's slowest and the bank's median and maximum; the target
is well inside each exercise's `timeout_s`, which the sandbox enforces.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import _tools  # noqa: E402
from test_exercises_bank import FOLDERS, _load, _run, _variants  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="an interpreter with PyTorch (default: the tests' learner interpreter)")
    parser.add_argument("--only", nargs="*", help="exercise ids to run (default: all)")
    args = parser.parse_args()
    python = args.python or _tools.learner_python().python
    if not python:
        print(_tools.learner_python().problem, file=sys.stderr)
        return 1
    everything: list[float] = []
    for folder in FOLDERS:
        if args.only and folder.name not in args.only:
            continue
        exercise = _load(folder)
        times = {}
        for variant in _variants(exercise):
            started = time.perf_counter()
            _run(folder, exercise, variant, python)
            times[variant] = time.perf_counter() - started
        everything += times.values()
        slowest = max(times, key=times.__getitem__)
        print(f"{folder.name}: {len(times)} runs, slowest {slowest} {times[slowest]:.2f} s "
              f"(timeout {exercise.timeout_s} s); " + ", ".join(f"{v} {s:.2f}" for v, s in times.items()))
    if everything:
        print(f"all: {len(everything)} runs, median {statistics.median(everything):.2f} s, "
              f"max {max(everything):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
