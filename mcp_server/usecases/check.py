"""/check: find the pending lesson, run the learner's code in the sandbox, record the graded
check (score -> rating -> memory card, mastery), write feedback.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, Field

from ..domain.events import CheckRecorded, ExerciseRun, FilesIntended, TestVerdict
from ..domain.learner import MASTERY_THRESHOLD, LearnerState, Lesson
from ..domain.scoring import rating, score
from ..errors import InvalidRequest, JournalError, NotFound
from ..sandbox import CaseResult
from ..storage.journal import WriteFailed, advice, describe, inside, sha256, write_new_or_owned
from ..storage.layout import Layout
from .context import MEMORY_MB, Snapshot, Workspace
from .plan import plan_for
from .views import Ref, ref


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
    warnings: list[str] = []  # e.g. the run is logged but its fsync failed
    detected: list[str] = []  # what grading noticed the solution try (it changed no verdict)


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
    next_lesson: Ref | None  # what /learn will teach next, now that this check is in
    next_reason: str | None  # goal | remedial | deepen | explore
    journal: str
    warnings: list[str] = []  # e.g. recorded, but flushing to disk failed


# ---------------------------------------------------------------- helpers


def _lesson(st: LearnerState, lesson_id: str | None) -> Lesson:
    if lesson_id:
        les = st.lesson(lesson_id)
        if les is None:
            raise NotFound(f"no published lesson {lesson_id!r}; call pending_check for the one to check")
        return les
    if not st.lessons:
        raise NotFound("there is no lesson yet; run /learn first")
    pending = [x for x in st.lessons if x.id not in st.checks]
    if not pending:
        raise NotFound("every lesson has been checked; run /learn for a new one")
    return pending[-1]


def _tests_for(ws: Workspace, les: Lesson) -> dict[str, Path | bytes]:
    """The authoritative tests: curated ones from knowledge/ (handed over as source, so no copy
    of the hidden tests is left on disk), or the writer's private copy — never the copy in the
    learner's folder, which they may have edited."""
    g = ws.graph()
    if les.exercise and les.exercise in g.exercises:
        ef = g.exercises[les.exercise]
        return {"visible": ef.visible_tests.encode(), "hidden": ef.hidden_tests.encode()}
    tests = inside(ws.journal.root, Layout.private_lesson(les.id, "tests.py"), "read")
    if not tests.is_file():
        raise JournalError(f"the tests of {les.id} are missing from {tests.parent}; republish the lesson with /learn")
    hidden = inside(ws.journal.root, Layout.private_lesson(les.id, "hidden_tests.py"), "read")
    # lessons published before written exercises carried hidden tests have only the visible ones
    return {"visible": tests, "hidden": hidden} if hidden.is_file() else {"visible": tests}


def _requires(ws: Workspace, les: Lesson) -> list[str]:
    g = ws.graph()
    if les.exercise and les.exercise in g.exercises:
        return list(g.exercises[les.exercise].exercise.requires)
    return []


def _answer_text(md: str) -> str:
    """What the learner wrote: the answers file without its headings and placeholders."""
    keep = [ln for ln in md.splitlines() if not ln.startswith("#") and "<!-- ✍️ -->" not in ln]
    return "\n".join(keep)


# ---------------------------------------------------------------- use cases


def pending_check(ws: Workspace, lesson_id: str | None = None) -> Pending:
    s = ws.load()
    les = _lesson(s.st, lesson_id)
    root = ws.journal.root
    answers_rel = Layout.exercise_file(les.exercise_dir, "answers.md")
    answers_path = inside(root, answers_rel, "read")
    text = answers_path.read_text(encoding="utf-8") if answers_path.is_file() else ""
    written = _answer_text(text)
    return Pending(
        lesson_id=les.id, concept=les.concept, depth=les.depth, date=les.date,
        questions=[Question(n=i, prompt=q, criteria=list(c)) for i, (q, c) in enumerate(les.questions, 1)],
        answers_file=answers_rel, answers=text[:6000], answers_missing=not written.strip(),
        exercise_file=Layout.exercise_file(les.exercise_dir, "exercise.py"),
        tests_file=Layout.exercise_file(les.exercise_dir, "test_exercise.py"),
        journal=str(root),
    )


def run_exercise(ws: Workspace, lesson_id: str | None = None, solution: str | None = None) -> RunReport:
    s = ws.load()
    les = _lesson(s.st, lesson_id)
    root = ws.journal.root
    sol = inside(root, solution or Layout.exercise_file(les.exercise_dir, "exercise.py"), "read")
    if not sol.is_file():
        raise NotFound(f"no solution at {sol}; write your code in {les.exercise_dir}/exercise.py")
    python = ws.interpreter()
    runner = ws.deps.runner
    runner.check_interpreter(python, _requires(ws, les))
    tests = _tests_for(ws, les)
    res = runner.run_tests(sol, tests, python=python, timeout_s=120, memory_mb=MEMORY_MB, forbidden_paths=[root])
    by_label: dict[str, str] = {}
    for label in tests:
        mine = [c for c in res.tests if c.label == label]
        by_label[label] = f"{sum(c.verdict == 'passed' for c in mine)}/{len(mine)}"
    passed = sum(c.verdict == "passed" for c in res.tests)
    warnings = ws.journal.append(ExerciseRun(
        at=ws.now(s.profile), lesson=les.id, solution_sha256=sha256(sol.read_bytes()), passed=passed,
        total=len(res.tests), tests=[TestVerdict(label=c.label, test=c.test, verdict=c.verdict) for c in res.tests],
    ))
    not_enforced = [name for name, guard in res.isolated.__dict__.items() if not guard.enforced]
    return RunReport(lesson_id=les.id, passed=passed, total=len(res.tests), by_label=by_label, tests=res.tests,
                     isolation_not_enforced=not_enforced, python=res.python, warnings=warnings,
                     detected=res.detected)


def _record(ws: Workspace, lesson_id: str, marks: list[list[CriterionMark]]) -> tuple[Snapshot, bool, list[str]]:
    """Grade and record under the lock: the snapshot after, whether it was new, and warnings."""
    s = ws.load()
    les = _lesson(s.st, lesson_id)
    warnings: list[str] = []
    run = s.st.runs.get(les.id)
    if run is None:
        raise InvalidRequest(f"run the exercise first: call run_exercise for {les.id}, then record_check")
    if len(marks) != len(les.questions) or any(len(m) != len(c) for m, (_, c) in zip(marks, les.questions, strict=False)):
        shape = [len(c) for _, c in les.questions]
        raise InvalidRequest(f"marks must have one list per question with one mark per criterion: shape {shape}")
    met = sum(m.met for ms in marks for m in ms)
    total_c = sum(len(ms) for ms in marks)
    sc, code, written = score(run.passed, run.total, met, total_c)
    r = rating(sc)
    missed = []
    for i, (ms, (_, criteria)) in enumerate(zip(marks, les.questions, strict=True), 1):
        for crit, m in zip(criteria, ms, strict=True):
            if not m.met:
                missed.append(f"Q{i}: {crit}" + (f" — {m.reason}" if m.reason else ""))
    missed += [f"test {x.label}/{x.test}: {x.verdict}" for x in run.tests if x.verdict != "passed"]
    flat = [[m.met for m in ms] for ms in marks]
    previous = s.st.checks.get(les.id)
    same = previous is not None and previous.run_at == run.at and previous.marks == flat
    feedback_rel = Layout.exercise_file(les.exercise_dir, "feedback.md")
    if not same:
        journal = ws.journal
        body = _feedback(les, sc, code, written, r, run, marks).encode()
        digest = sha256(body)
        path = inside(journal.root, feedback_rel)
        journal.sweep_temp([path.parent])
        at = ws.now(s.profile)
        try:  # write-ahead: log the hash first, so a kill between the two steps is never "an edit"
            warnings += journal.append(FilesIntended(at=at, lesson=les.id, files={feedback_rel: digest}))
        except JournalError as e:
            raise JournalError(f"{e} Nothing was written; the check of {les.id} is not recorded. "
                               "Call record_check again.") from e
        try:
            _, w = write_new_or_owned(path, body, s.st.written.get(feedback_rel, set()) | {digest})
        except WriteFailed as e:
            raise JournalError(f"could not write {feedback_rel} ({describe(e.error)}): it was left as it was and "
                               f"the check of {les.id} is not recorded. {advice(e.error)} Then call record_check "
                               "again.") from e
        warnings += w
        try:
            warnings += journal.append(CheckRecorded(
                at=at, lesson=les.id, concept=les.concept, depth=les.depth, score=round(sc, 4),
                code_score=code, written_score=written, rating=r, run_at=run.at, marks=flat, missed=missed,
                feedback=feedback_rel, feedback_sha256=digest,
            ))
        except JournalError as e:
            raise JournalError(f"{feedback_rel} was written but the check of {les.id} could not be recorded: {e} "
                               "Call record_check again: it recognises its own feedback file.") from e
        s = ws.load()
    return s, not same, warnings


def record_check(ws: Workspace, lesson_id: str, marks: list[list[CriterionMark]]) -> CheckResult:
    # the read-decide-write under the lock: a second window recording the same check sees the first
    with ws.journal.locked():
        s, recorded, warnings = _record(ws, lesson_id, marks)
        if recorded:  # mastery changed: the map and progress pages follow
            from .pages import refresh_pages

            warnings += refresh_pages(ws).warnings
            s = ws.load()
    les = _lesson(s.st, lesson_id)
    feedback_rel = Layout.exercise_file(les.exercise_dir, "feedback.md")
    last = s.st.checks[les.id]
    card = s.st.cards()[(les.concept, les.depth)]
    con = s.g.concepts.get(les.concept)
    today = ws.now(s.profile).date()
    try:  # the choice does not depend on the date, only the horizons do
        nxt = plan_for(s, today)
        next_lesson: Ref | None = ref(s.g, s.profile.language, nxt.today.concept, nxt.today.depth)
        next_reason: str | None = nxt.today.reason
    except NotFound:
        next_lesson, next_reason = None, None
    return CheckResult(
        lesson_id=les.id, score=last.score, code_score=last.code_score, written_score=last.written_score,
        rating=last.rating, mastered=last.score >= MASTERY_THRESHOLD,
        next_depth=s.st.next_depth(les.concept, con.max_depth if con else 4), card_due=card.due,
        missed=list(last.missed), feedback_file=feedback_rel, recorded=recorded, next_lesson=next_lesson,
        next_reason=next_reason, journal=str(ws.journal.root), warnings=warnings,
    )


def _feedback(les: Lesson, s: float, code: float | None, written: float | None, r: str, run: ExerciseRun,
              marks: list[list[CriterionMark]]) -> str:
    lines = [f"# Feedback — {les.title} (depth {les.depth}), {les.date.isoformat()}", "",
             f"- score: {round(100 * s)}% → rating **{r}**",
             f"- code: {run.passed}/{run.total} tests passed" + (f" ({round(100 * code)}%)" if code is not None else ""),
             f"- answers: {round(100 * written)}% of rubric criteria met" if written is not None else "- answers: no rubric",
             "", "## Tests", ""]
    lines += [f"- {x.label}/{x.test}: {x.verdict}" for x in run.tests]
    lines += ["", "## Answers", ""]
    for i, (ms, (prompt, criteria)) in enumerate(zip(marks, les.questions, strict=True), 1):
        lines.append(f"{i}. {prompt}")
        lines += [f"   - [{'x' if m.met else ' '}] {c}" + (f" — {m.reason}" if m.reason else "")
                  for c, m in zip(criteria, ms, strict=True)]
    return "\n".join(lines) + "\n"
