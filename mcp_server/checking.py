"""/check over one journal: find the pending lesson, run the learner's code in the sandbox,
record the graded check (score -> rating -> memory card), write feedback.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from .errors import InvalidRequest, JournalError, NotFound, SandboxError
from .journal import inside, sha256, write_new_or_owned
from .learner import MASTERY_THRESHOLD, Lesson, fold
from .sandbox import CaseResult, check_interpreter, run_tests

if TYPE_CHECKING:
    from .tutor import Tutor

MEMORY_MB = 3072


class Question(BaseModel):
    n: int
    prompt: str
    criteria: list[str]


class Pending(BaseModel):
    lesson_id: str
    concept: str
    depth: int
    date: dt.date
    questions: list[Question]
    answers_file: str
    answers: str  # the learner's answers file as written
    answers_missing: bool
    exercise_file: str
    tests_file: str
    journal: str


class RunReport(BaseModel):
    lesson_id: str
    passed: int
    total: int
    by_label: dict[str, str]  # "visible": "3/3"
    tests: list[CaseResult]
    isolation_not_enforced: list[str]
    python: str


class CriterionMark(BaseModel):
    met: bool
    reason: str = Field(default="", max_length=300)


class CheckResult(BaseModel):
    lesson_id: str
    score: float
    code_score: float | None
    written_score: float | None
    rating: str
    mastered: bool
    next_depth: int
    card_due: dt.datetime
    missed: list[str]
    feedback_file: str
    recorded: bool  # False when the same check was already recorded
    journal: str


# ---------------------------------------------------------------- helpers


def _lesson(t: Tutor, lesson_id: str | None) -> Lesson:
    events, _ = t.journal.events()
    st = fold(events)
    if lesson_id:
        les = st.lesson(lesson_id)
        if les is None:
            raise NotFound(f"no published lesson {lesson_id!r}; call pending_check for the one to check")
        return les
    checked = set(st.checks)
    pending = [x for x in st.lessons if x.id not in checked]
    if not st.lessons:
        raise NotFound("there is no lesson yet; run /learn first")
    if not pending:
        raise NotFound("every lesson has been checked; run /learn for a new one")
    return pending[-1]


def _private(t: Tutor, lesson_id: str) -> Path:
    return inside(t.journal.data_dir, f"lessons/{lesson_id}")


def _tests_for(t: Tutor, les: Lesson, work: Path) -> dict[str, Path]:
    """The authoritative tests: curated ones from knowledge/, or the writer's private copy —
    never the copy in the learner's folder, which they may have edited."""
    g = t.graph()
    if les.exercise and les.exercise in g.exercises:
        ef = g.exercises[les.exercise]
        (work / "visible.py").write_text(ef.visible_tests, encoding="utf-8")
        (work / "hidden.py").write_text(ef.hidden_tests, encoding="utf-8")
        return {"visible": work / "visible.py", "hidden": work / "hidden.py"}
    tests = _private(t, les.id) / "tests.py"
    if not tests.is_file():
        raise JournalError(f"the tests of {les.id} are missing from {tests.parent}; republish the lesson with /learn")
    return {"visible": tests}


def interpreter(t: Tutor) -> str:
    """The learner's Python for exercises: learner.yaml `python:`, else TUTOR_PYTHON, else python3."""
    configured = t.journal.profile().python or os.environ.get("TUTOR_PYTHON")
    return configured or shutil.which("python3") or sys.executable


def _requires(t: Tutor, les: Lesson) -> list[str]:
    g = t.graph()
    if les.exercise and les.exercise in g.exercises:
        return list(g.exercises[les.exercise].exercise.requires)
    return []


# ---------------------------------------------------------------- use cases


def pending_check(t: Tutor, lesson_id: str | None = None) -> Pending:
    les = _lesson(t, lesson_id)
    root = t.journal.root
    answers_rel = f"{les.exercise_dir}/answers.md"
    answers_path = inside(root, answers_rel)
    text = answers_path.read_text(encoding="utf-8") if answers_path.is_file() else ""
    written = _answer_text(text)
    return Pending(
        lesson_id=les.id, concept=les.concept, depth=les.depth, date=les.date,
        questions=[Question(n=i, prompt=q["prompt"], criteria=list(q["criteria"])) for i, q in enumerate(les.questions, 1)],
        answers_file=answers_rel, answers=text[:6000], answers_missing=not written.strip(),
        exercise_file=f"{les.exercise_dir}/exercise.py", tests_file=f"{les.exercise_dir}/test_exercise.py",
        journal=str(root),
    )


def _answer_text(md: str) -> str:
    """What the learner wrote: the answers file without its headings and placeholders."""
    keep = [ln for ln in md.splitlines() if not ln.startswith("#") and "<!-- ✍️ -->" not in ln]
    return "\n".join(keep)


def run_exercise(t: Tutor, lesson_id: str | None = None, solution: str | None = None) -> RunReport:
    les = _lesson(t, lesson_id)
    root = t.journal.root
    sol = inside(root, solution) if solution else inside(root, f"{les.exercise_dir}/exercise.py")
    if not sol.is_file():
        raise NotFound(f"no solution at {sol}; write your code in {les.exercise_dir}/exercise.py")
    python = interpreter(t)
    check_interpreter(python, _requires(t, les))
    with tempfile.TemporaryDirectory(prefix="ai-tutor-tests-") as tmp:
        tests = _tests_for(t, les, Path(tmp))
        res = run_tests(sol, tests, python=python, timeout_s=120, memory_mb=MEMORY_MB, forbidden_paths=[root])
    by_label: dict[str, str] = {}
    for label in tests:
        mine = [c for c in res.tests if c.label == label]
        by_label[label] = f"{sum(c.verdict == 'passed' for c in mine)}/{len(mine)}"
    passed = sum(c.verdict == "passed" for c in res.tests)
    profile = t.journal.profile()
    t.journal.append({
        "v": 1, "type": "exercise_run", "at": t.now(profile).isoformat(), "lesson": les.id,
        "solution_sha256": sha256(sol.read_bytes()), "passed": passed, "total": len(res.tests),
        "tests": [{"label": c.label, "test": c.test, "verdict": c.verdict} for c in res.tests],
    })
    iso = res.isolated
    not_enforced = [name for name, guard in iso.__dict__.items() if not guard.enforced]
    return RunReport(lesson_id=les.id, passed=passed, total=len(res.tests), by_label=by_label, tests=res.tests,
                     isolation_not_enforced=not_enforced, python=res.python)


def record_check(t: Tutor, lesson_id: str, marks: list[list[CriterionMark]]) -> CheckResult:
    les = _lesson(t, lesson_id)
    events, _ = t.journal.events()
    runs = [e for e in events if e.get("type") == "exercise_run" and e.get("lesson") == les.id]
    if not runs:
        raise InvalidRequest(f"run the exercise first: call run_exercise for {les.id}, then record_check")
    run = runs[-1]
    if len(marks) != len(les.questions) or any(len(m) != len(q["criteria"]) for m, q in zip(marks, les.questions, strict=False)):
        shape = [len(q["criteria"]) for q in les.questions]
        raise InvalidRequest(f"marks must have one list per question with one mark per criterion: shape {shape}")
    from .grading import cards, rating, score  # fsrs is imported only when a check is recorded

    met = sum(m.met for ms in marks for m in ms)
    total_c = sum(len(ms) for ms in marks)
    s, code, written = score(int(run["passed"]), int(run["total"]), met, total_c)
    r = rating(s)
    missed = []
    for i, (ms, q) in enumerate(zip(marks, les.questions, strict=True), 1):
        for crit, m in zip(q["criteria"], ms, strict=True):
            if not m.met:
                missed.append(f"Q{i}: {crit}" + (f" — {m.reason}" if m.reason else ""))
    missed += [f"test {x['label']}/{x['test']}: {x['verdict']}" for x in run.get("tests", []) if x["verdict"] != "passed"]
    previous = [e for e in events if e.get("type") == "check_recorded" and e.get("lesson") == les.id]
    same = previous and previous[-1].get("run_at") == run.get("at") and previous[-1].get("marks") == [
        [m.met for m in ms] for ms in marks]
    profile = t.journal.profile()
    feedback_rel = f"{les.exercise_dir}/feedback.md"
    if not same:
        owned = previous[-1].get("feedback_sha256") if previous else None
        body = _feedback(les, s, code, written, r, run, marks, les.questions)
        digest = write_new_or_owned(inside(t.journal.root, feedback_rel), body.encode(), owned)
        t.journal.append({
            "v": 1, "type": "check_recorded", "at": t.now(profile).isoformat(), "lesson": les.id,
            "concept": les.concept, "depth": les.depth, "score": round(s, 4), "code_score": code,
            "written_score": written, "rating": r, "run_at": run.get("at"),
            "marks": [[m.met for m in ms] for ms in marks], "missed": missed, "feedback": feedback_rel,
            "feedback_sha256": digest,
        })
        events, _ = t.journal.events()
    st = fold(events)
    last = [e for e in events if e.get("type") == "check_recorded" and e.get("lesson") == les.id][-1]
    card = cards(e for e in events if e.get("type") == "check_recorded")[(les.concept, les.depth)]
    con = t.graph().concepts.get(les.concept)
    return CheckResult(
        lesson_id=les.id, score=float(last["score"]), code_score=last.get("code_score"),
        written_score=last.get("written_score"), rating=str(last["rating"]),
        mastered=float(last["score"]) >= MASTERY_THRESHOLD,
        next_depth=st.next_depth(les.concept, con.max_depth if con else 4), card_due=card.due,
        missed=list(last.get("missed") or []), feedback_file=feedback_rel, recorded=not same, journal=str(t.journal.root),
    )


def _feedback(les: Lesson, s: float, code: float | None, written: float | None, r: str, run: dict[str, Any],
              marks: list[list[CriterionMark]], questions: tuple[Any, ...]) -> str:
    lines = [f"# Feedback — {les.title} (depth {les.depth}), {les.date.isoformat()}", "",
             f"- score: {round(100 * s)}% → rating **{r}**",
             f"- code: {run['passed']}/{run['total']} tests passed" + (f" ({round(100 * code)}%)" if code is not None else ""),
             f"- answers: {round(100 * written)}% of rubric criteria met" if written is not None else "- answers: no rubric",
             "", "## Tests", ""]
    lines += [f"- {x['label']}/{x['test']}: {x['verdict']}" for x in run.get("tests", [])]
    lines += ["", "## Answers", ""]
    for i, (ms, q) in enumerate(zip(marks, questions, strict=True), 1):
        lines.append(f"{i}. {q['prompt']}")
        lines += [f"   - [{'x' if m.met else ' '}] {c}" + (f" — {m.reason}" if m.reason else "")
                  for c, m in zip(q["criteria"], ms, strict=True)]
    return "\n".join(lines) + "\n"


def verify_writer_exercise(python: str, starter: str, tests: str, solution: str) -> None:
    """A writer-made exercise is accepted only if the reference passes and the starter fails."""
    check_interpreter(python, [])
    with tempfile.TemporaryDirectory(prefix="ai-tutor-verify-") as tmp:
        d = Path(tmp)
        (d / "tests.py").write_text(tests, encoding="utf-8")
        (d / "solution.py").write_text(solution, encoding="utf-8")
        (d / "starter.py").write_text(starter, encoding="utf-8")
        ref = run_tests(d / "solution.py", {"visible": d / "tests.py"}, python=python, timeout_s=120, memory_mb=MEMORY_MB)
        if not ref.tests or not ref.all_passed:
            bad = [f"{c.test}: {c.verdict} {c.message[:120]}" for c in ref.tests if c.verdict != "passed"] or ["no tests ran"]
            raise SandboxError("exercise.solution must pass exercise.tests in the sandbox; it did not: " + "; ".join(bad))
        start = run_tests(d / "starter.py", {"visible": d / "tests.py"}, python=python, timeout_s=120, memory_mb=MEMORY_MB)
        if start.all_passed:
            raise SandboxError("exercise.starter already passes exercise.tests; leave the work as TODOs so a test fails")
