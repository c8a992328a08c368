"""Sandbox overhead: a trivial exercise through `run_tests` versus plain pytest on the same files.

    .venv/bin/python benchmarks/bench_sandbox.py [--rounds 15] [--limits] [--bank]

The exercise is tests/sandbox_cases/sol_correct.py with checks_add.py (visible) and
checks_add_hidden.py (hidden): three tests, no torch. Each round times one `run_tests` call
(copying, starting the isolated child, running, cleaning up) and one
`python -m pytest -q -p no:cacheprovider` in a folder holding the same three files, in
alternating order so that drift on a shared machine hits both alike. One untimed warm-up of
each comes first (it also pays for the sandbox's one-off host probe). Prints the medians and
their ratio; the target is a ratio of at most 1.3.

--limits also times the runs the limits stop (the tests check only that they are stopped):
an endless loop with a 3 s time limit (how long after the limit `run_tests` returns) and a
gigabyte of output capped by RLIMIT_FSIZE, three rounds each.

--torch also compares a real exercise, the seed's multi-head attention (depth 2, reference
solution, 9 tests), through `run_tests` with the learner's interpreter (tests/_tools.py) versus
pytest on the same files with that interpreter's packages on PYTHONPATH, alternated, five
rounds: both import torch, the sandbox in two processes at once.

--bank also runs every variant of every exercise in knowledge/exercises (reference, starter,
wrong solutions) through `run_tests` as /check does, once each, and prints the time of each
against a budget of 20 s per run (torch import included).
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

import yaml  # noqa: E402

from mcp_server.domain.models import Exercise  # noqa: E402
from mcp_server.sandbox import run_tests  # noqa: E402
from mcp_server.usecases.context import MEMORY_MB  # noqa: E402

CASES = REPO / "tests" / "sandbox_cases"
EXERCISES = REPO / "knowledge" / "exercises"
SOLUTION = CASES / "sol_correct.py"
TESTS = {"visible": CASES / "checks_add.py", "hidden": CASES / "checks_add_hidden.py"}
TARGET_RATIO = 1.3
TIME_LIMIT_S = 3
LIMIT_ROUNDS = 3
BANK_BUDGET_S = 20.0


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


TORCH_EXERCISE = EXERCISES / "multi-head-attention-d2"
TORCH_ROUNDS = 5


def time_torch() -> None:
    """The seed's torch exercise: `run_tests` against pytest on the same files, same packages."""
    sys.path.insert(0, str(REPO / "tests"))
    import _tools

    made = _tools.learner_python()
    if made.python is None:
        raise SystemExit(made.problem)
    tests = {"visible": TORCH_EXERCISE / "test_visible.py", "hidden": TORCH_EXERCISE / "test_hidden.py"}
    site = subprocess.run(
        [made.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-torch-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(TORCH_EXERCISE / "solution.py", folder / "exercise.py")
        for label, path in tests.items():
            shutil.copyfile(path, folder / f"test_{label}.py")
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": site, "OMP_NUM_THREADS": "2", "HOME": tmp}

        def sandbox() -> float:
            started = time.perf_counter()
            result = run_tests(TORCH_EXERCISE / "solution.py", tests, python=made.python, memory_mb=MEMORY_MB)
            elapsed = time.perf_counter() - started
            if not result.all_passed:
                raise SystemExit(f"the reference failed in the sandbox: {result.tests}")
            return elapsed

        def plain() -> float:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                cwd=folder, env=env, capture_output=True, text=True,
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"pytest failed the reference:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
            return elapsed

        sandbox()
        plain()
        sandbox_s: list[float] = []
        plain_s: list[float] = []
        for round_ in range(TORCH_ROUNDS):
            first, second = (sandbox, plain) if round_ % 2 == 0 else (plain, sandbox)
            for fn in (first, second):
                (sandbox_s if fn is sandbox else plain_s).append(fn())
    ratio = statistics.median(sandbox_s) / statistics.median(plain_s)
    print(
        f"multi-head-attention-d2: run_tests {statistics.median(sandbox_s):.2f} s "
        f"(min {min(sandbox_s):.2f}, max {max(sandbox_s):.2f}) vs pytest {statistics.median(plain_s):.2f} s "
        f"(min {min(plain_s):.2f}, max {max(plain_s):.2f}); ratio {ratio:.2f} (target <= {TARGET_RATIO})"
    )


def time_limits() -> None:
    """How long the runs the limits stop take; each must end the way its test expects."""
    overshoot_s: list[float] = []
    flood_s: list[float] = []
    for _ in range(LIMIT_ROUNDS):
        result = run_tests(CASES / "sol_spin.py", TESTS, python=sys.executable, timeout_s=TIME_LIMIT_S)
        if result.ended != "time limit":
            raise SystemExit(f"the endless loop was not stopped by the time limit: {result.ended}")
        overshoot_s.append(result.wall_s - TIME_LIMIT_S)
        result = run_tests(CASES / "sol_flood.py", TESTS, python=sys.executable, timeout_s=30)
        if result.ended != "completed":
            raise SystemExit(f"the output flood was not ended by the size cap: {result.ended}")
        flood_s.append(result.wall_s)
    print(
        f"endless loop, {TIME_LIMIT_S} s limit: returns {statistics.median(overshoot_s) * 1000:.0f} ms "
        f"after the limit (median of {LIMIT_ROUNDS}, max {max(overshoot_s) * 1000:.0f} ms)"
    )
    print(
        f"1 GB of output, capped: {statistics.median(flood_s):.2f} s "
        f"(median of {LIMIT_ROUNDS}, max {max(flood_s):.2f} s)"
    )


def time_bank() -> None:
    """Every variant of every exercise in the bank, once, as /check runs a learner's file."""
    slowest = (0.0, "")
    for folder in sorted(p for p in EXERCISES.iterdir() if (p / "exercise.yaml").is_file()):
        exercise = Exercise.model_validate(yaml.safe_load((folder / "exercise.yaml").read_text(encoding="utf-8")))
        tests = {"visible": folder / exercise.visible_tests, "hidden": folder / exercise.hidden_tests}
        times = []
        for variant in [exercise.solution, exercise.starter, *exercise.wrong_solutions]:
            result = run_tests(folder / variant, tests, python=sys.executable, timeout_s=120, memory_mb=MEMORY_MB)
            if result.ended != "completed":
                raise SystemExit(f"{folder.name}/{variant} did not run to the end: {result.ended}")
            times.append(f"{variant} {result.wall_s:.1f} s")
            slowest = max(slowest, (result.wall_s, f"{folder.name}/{variant}"))
        print(f"{folder.name}: " + ", ".join(times))
    verdict = "within" if slowest[0] <= BANK_BUDGET_S else "OVER"
    print(f"slowest run {slowest[0]:.1f} s ({slowest[1]}; {verdict} the {BANK_BUDGET_S:g} s budget)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--limits", action="store_true", help="also time runs stopped by the limits")
    parser.add_argument("--bank", action="store_true", help="also time every exercise variant in the bank")
    parser.add_argument("--torch", action="store_true", help="also compare the seed's torch exercise with pytest")
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
    if args.torch:
        time_torch()
    if args.limits:
        time_limits()
    if args.bank:
        time_bank()


if __name__ == "__main__":
    main()
