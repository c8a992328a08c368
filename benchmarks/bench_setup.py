"""The setup calls of the first /learn, not a test: `uv run python benchmarks/bench_setup.py`.

Times, median of 5 over a fresh journal each: `set_profile()` (the read that finds the Pythons
with PyTorch on this machine), `set_profile(changes)` (the write), and the placement marks
turned into `known:`. The learner's interpreter the tests make is offered through
TUTOR_PYTHON, so at least one candidate has PyTorch.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import _tools  # noqa: E402

from mcp_server.facade import Tutor  # noqa: E402
from mcp_server.sandbox.discover import candidates  # noqa: E402
from mcp_server.storage.journal import Journal  # noqa: E402


def main(rounds: int = 5) -> None:
    made = _tools.learner_python()
    if made.python is not None:
        os.environ.setdefault("TUTOR_PYTHON", made.python)
    times: dict[str, list[float]] = {"read": [], "write": [], "placement": []}
    found: list[str] = []
    asked = 0
    for _ in range(rounds):
        t = Tutor(Journal(Path(tempfile.mkdtemp()) / "journal"))
        t0 = time.perf_counter()
        first = t.set_profile()
        times["read"].append(time.perf_counter() - t0)
        found = first.setup["pythons"]
        t0 = time.perf_counter()
        wrote = t.set_profile({"language": "ko", "timezone": "Asia/Seoul", "weekly_goal": 4,
                               "goals": [{"concept": "causal-masking", "depth": 2}]})
        times["write"].append(time.perf_counter() - t0)
        asked = len(wrote.placement)
        marks = {q.id: [q.concept == wrote.placement[0].concept] * len(q.criteria) for q in wrote.placement}
        t0 = time.perf_counter()
        t.set_profile(placement=marks)
        times["placement"].append(time.perf_counter() - t0)
    print(f"candidates probed: {len(candidates())}; found: {len(found)}")
    for line in found:
        print(f"  {line}")
    print(f"placement questions: {asked}")
    for k, v in times.items():
        print(f"set_profile {k:9}: median {statistics.median(v) * 1000:7.1f} ms  (min {min(v) * 1000:.1f}, max {max(v) * 1000:.1f})")


if __name__ == "__main__":
    main()
