"""The seed's torch exercise graded end to end (run_exercise + record_check), not a test:
`uv run python benchmarks/bench_check.py` — median of 5 over a fresh journal. The exercise runs in
TUTOR_PYTHON if set, else in the learner's interpreter with PyTorch that the tests make."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import _tools  # noqa: E402
from conftest import make_slots  # noqa: E402

from mcp_server.facade import Tutor  # noqa: E402
from mcp_server.storage.journal import Journal  # noqa: E402
from mcp_server.usecases.check import CriterionMark  # noqa: E402


def main(rounds: int = 5) -> None:
    if "TUTOR_PYTHON" not in os.environ:
        made = _tools.learner_python()
        if made.python is None:
            raise SystemExit(made.problem)
        os.environ["TUTOR_PYTHON"] = made.python
    root = Path(tempfile.mkdtemp()) / "journal"
    t = Tutor(Journal(root))
    brief = t.plan_lesson("multi-head-attention", 2, "2025-11-10")
    t.publish_post(brief.lesson_id, make_slots(questions=[], exercise=None))
    folder = next(root.rglob("2025-11-10-multi-head-attention/exercise.py")).parent
    shutil.copy(REPO / "knowledge" / "exercises" / "multi-head-attention-d2" / "solution.py", folder / "exercise.py")
    published = next(e for e in reversed(t.journal.events()[0]) if hasattr(e, "questions"))
    n_criteria = [len(q.criteria) for q in published.questions]
    times = []
    for i in range(rounds):
        marks = [[CriterionMark(met=(i + j) % 2 == 0) for j in range(n)] for n in n_criteria]
        t0 = time.perf_counter()
        rep = t.run_exercise(brief.lesson_id)
        t.record_check(brief.lesson_id, marks)
        times.append(time.perf_counter() - t0)
        assert rep.passed == rep.total
    print(json.dumps({"rounds": rounds, "median_s": round(statistics.median(times), 2),
                      "min_s": round(min(times), 2), "max_s": round(max(times), 2), "tests": rep.total}, indent=2))


if __name__ == "__main__":
    main()
