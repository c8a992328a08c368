"""Sandbox overhead: a trivial exercise through `run_tests` versus plain pytest on the same files.

    .venv/bin/python benchmarks/bench_sandbox.py [--rounds 15]

The exercise is tests/sandbox_cases/sol_correct.py with checks_add.py (visible) and
checks_add_hidden.py (hidden): three tests, no torch. Each round times one `run_tests` call
(copying, starting the isolated child, running, cleaning up) and one
`python -m pytest -q -p no:cacheprovider` in a folder holding the same three files, in
alternating order so that drift on a shared machine hits both alike. One untimed warm-up of
each comes first (it also pays for the sandbox's one-off host probe). Prints the medians and
their ratio; the target is a ratio of at most 1.3.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mcp_server.sandbox import run_tests  # noqa: E402

CASES = REPO / "tests" / "sandbox_cases"
SOLUTION = CASES / "sol_correct.py"
TESTS = {"visible": CASES / "checks_add.py", "hidden": CASES / "checks_add_hidden.py"}
TARGET_RATIO = 1.3


def time_sandbox() -> float:
    started = time.perf_counter()
    result = run_tests(SOLUTION, TESTS, python=sys.executable)
    elapsed = time.perf_counter() - started
    if not result.all_passed:
        raise SystemExit(f"the sandbox did not pass the trivial exercise: {result.tests}")
    return elapsed


def time_pytest(folder: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or "3 passed" not in done.stdout:
        raise SystemExit(f"pytest did not pass the trivial exercise:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(SOLUTION, folder / "exercise.py")
        for label, path in TESTS.items():
            shutil.copyfile(path, folder / f"test_{label}.py")

        time_sandbox()
        time_pytest(folder)
        sandbox_s: list[float] = []
        pytest_s: list[float] = []
        for round_ in range(args.rounds):
            if round_ % 2 == 0:
                sandbox_s.append(time_sandbox())
                pytest_s.append(time_pytest(folder))
            else:
                pytest_s.append(time_pytest(folder))
                sandbox_s.append(time_sandbox())

    sandbox_median = statistics.median(sandbox_s)
    pytest_median = statistics.median(pytest_s)
    ratio = sandbox_median / pytest_median
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds each, alternated")
    print(
        f"run_tests  median {sandbox_median * 1000:7.1f} ms  (min {min(sandbox_s) * 1000:.1f}, max {max(sandbox_s) * 1000:.1f})"
    )
    print(
        f"pytest -q  median {pytest_median * 1000:7.1f} ms  (min {min(pytest_s) * 1000:.1f}, max {max(pytest_s) * 1000:.1f})"
    )
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio {ratio:.2f} ({verdict} the {TARGET_RATIO} target)")


if __name__ == "__main__":
    main()
