"""The curriculum benchmark: simulated learners through the tools, with a controlled clock.

    uv run python benchmarks/bench_curriculum.py [--days 200] [--out benchmarks/RESULTS-curriculum.md]

Each persona studies on Monday, Wednesday and Friday (weekly goal 3) for `--days` study
days. A day is what a learner who follows the tutor does: plan_lesson with no concept,
publish_post with fixed writer text, and — for personas who check — run_exercise and
record_check through the façade. The learner's code is not written here: the sandbox runner
is replaced by one that reports the persona's outcome (all tests passed, or none), and the
rubric marks follow the same outcome. Everything else is the real product: the planner, the
journal, the event log, the fold, the post on disk.

Recorded per persona: lessons until the goal concept is first taught and until it is
mastered; violations of the depth-aware prerequisite rule among tutor-chosen lessons;
failed checks not re-taught within 3 study days; plan accuracy (the next lesson equals the
first planned item of the brief before it); share of posts that print the brief's reason;
weeks with a review or an older concept (a remedial or deeper pass) in a post.

Memory, for personas who check: at each check, just before it is recorded, the FSRS
retrievability of every memory card the learner has, and of the cards of the checked
concept's prerequisites. The persona who reviews calls `review` before each study day's
lesson and answers every due or fading item correctly (all criteria met), so its cards
differ from the persona who never reviews only by those reviews; the lessons are the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import OutcomeRunner, make_slots  # noqa: E402

from mcp_server.domain.learner import fold  # noqa: E402
from mcp_server.facade import Tutor  # noqa: E402
from mcp_server.storage.journal import Journal  # noqa: E402
from mcp_server.storage.knowledge import curated  # noqa: E402
from mcp_server.usecases.check import CriterionMark  # noqa: E402
from mcp_server.usecases.context import Deps  # noqa: E402

FOUNDATIONS = "foundations"
STUDY_WEEKDAYS = (0, 2, 4)  # Monday, Wednesday, Friday
START = dt.date(2026, 1, 5)  # a Monday


@dataclass
class Persona:
    name: str
    goal: tuple[str, int] | None
    checks: Callable[[int, bool], bool | None]  # (check number, remedial?) -> pass / fail, or None for no check
    known_foundations: bool = False
    reviews: bool = False  # answers the review queue (correctly) before each lesson


PERSONAS = [
    Persona("from zero, goal Transformer d2", ("transformer", 2), lambda i, r: True),
    Persona("knows foundations, goal Multi-Head Attention d3", ("multi-head-attention", 3), lambda i, r: True,
            known_foundations=True),
    # every other first check fails (1st, 3rd, ...); a re-taught lesson passes its check
    Persona("fails every other check, goal Transformer d2", ("transformer", 2), lambda i, r: r or i % 2 == 1),
    Persona("never checks, goal Transformer d2", ("transformer", 2), lambda i, r: None),
    Persona("checks every lesson, no goal (default track)", None, lambda i, r: True),
    Persona("from zero, reviews when cards are due, goal Transformer d2", ("transformer", 2), lambda i, r: True,
            reviews=True),
]


@dataclass
class Result:
    persona: str
    lessons: int = 0
    goal_first_taught: int | None = None
    goal_mastered: int | None = None
    violations: int = 0
    failed: int = 0
    not_retaught: int = 0
    followed: int = 0
    kept: int = 0
    reasons_ok: int = 0
    weeks: int = 0
    weeks_mixed: int = 0
    sequence: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reviews: int = 0
    checks: int = 0
    recall: list[float] = field(default_factory=list)  # every card's retrievability, at each check
    recall_prereq: list[float] = field(default_factory=list)  # the checked concept's prerequisites' cards


def _profile(p: Persona, g) -> str:  # noqa: ANN001
    lines = ["language: en", "timezone: UTC", "weekly_goal: 3"]
    if p.goal:
        lines += ["goals:", f"  - {{concept: {p.goal[0]}, depth: {p.goal[1]}}}"]
    if p.known_foundations:
        known = [c for c, con in g.concepts.items() if con.category == FOUNDATIONS]
        lines += ["known:"] + [f"  - {{concept: {c}, depth: 2}}" for c in known]
    return "\n".join(lines) + "\n"


def simulate(p: Persona, days: int) -> Result:
    g = curated()
    root = Path(tempfile.mkdtemp(prefix="ai-tutor-curriculum-")) / "journal"
    (root / "_data" / "tutor").mkdir(parents=True)
    (root / "_data" / "tutor" / "learner.yaml").write_text(_profile(p, g), encoding="utf-8")
    now = [dt.datetime.combine(START, dt.time(9), dt.UTC)]
    runner = OutcomeRunner()
    t = Tutor(Journal(root), deps=Deps(clock=lambda: now[0], runner=runner))
    slots = make_slots()
    res = Result(p.name)
    day, n_checks = START, 0
    promised = None
    week_mixed: dict[dt.date, bool] = {}
    failures: list[tuple[int, tuple[str, int]]] = []  # (lesson index of the failed check, (concept, depth))
    t0 = time.perf_counter()
    while res.lessons < days:
        if day.weekday() not in STUDY_WEEKDAYS:
            day += dt.timedelta(days=1)
            continue
        if p.reviews:
            now[0] = dt.datetime.combine(day, dt.time(8), dt.UTC)
            queue = t.review(n=20)
            while queue.items:
                x = queue.items[0]
                marks = [CriterionMark(met=True) for _ in x.criteria] or [CriterionMark(met=True)]
                written = {} if x.criteria else {"question": "?", "criteria": ["recalls it"]}
                queue = t.review(n=20, item=x.item, marks=marks, **written)
                res.reviews += 1
        now[0] = dt.datetime.combine(day, dt.time(9), dt.UTC)
        brief = t.plan_lesson()
        key = (brief.concept, brief.depth)
        # the depth-aware prerequisite rule, checked on the state the lesson was planned in
        st = fold(t.journal.events()[0], known={k.concept: k.depth for k in t.journal.profile().known})
        need = max(1, brief.depth - 1)
        if any(not st.of(pc).has(need) for pc in g.concepts[brief.concept].prerequisites):
            res.violations += 1
        if promised is not None:
            res.followed += 1
            res.kept += promised == key
            if promised != key:
                res.misses.append(f"#{res.lessons + 1}: promised {promised}, got {key}")
        promised = (brief.next_lesson.id, brief.next_lesson.depth) if brief.next_lesson else None
        pub = t.publish_post(brief.lesson_id, slots)
        res.lessons += 1
        res.sequence.append(f"{brief.concept}:{brief.depth}" + ("R" if brief.kind == "remedial" else ""))
        res.reasons_ok += brief.reason in Path(pub.post).read_text(encoding="utf-8") and pub.reason == brief.reason
        ws = day - dt.timedelta(days=day.weekday())
        week_mixed[ws] = week_mixed.get(ws, False) or bool(brief.reviews) or brief.kind in ("remedial", "deepen", "review")
        if p.goal and key[0] == p.goal[0] and res.goal_first_taught is None:
            res.goal_first_taught = res.lessons
        for i, (_at, fk) in enumerate(failures):
            if fk == key:
                failures.pop(i)
                break
        outcome = p.checks(n_checks, brief.kind == "remedial")
        if outcome is not None:
            n_checks += brief.kind != "remedial"
            runner.passes = outcome
            now[0] = dt.datetime.combine(day, dt.time(20), dt.UTC)
            t.run_exercise(brief.lesson_id)
            pending = t.pending_check(brief.lesson_id)
            cards = t.ws.load().st.cards()
            res.checks += 1
            prereqs = set(g.concepts[brief.concept].prerequisites)
            res.recall += [c.retrievability(now[0]) for c in cards.values()]
            res.recall_prereq += [c.retrievability(now[0]) for (cid, _), c in cards.items() if cid in prereqs]
            marks = [[CriterionMark(met=outcome) for _ in q.criteria] for q in pending.questions]
            chk = t.record_check(brief.lesson_id, marks)
            if not chk.mastered:
                res.failed += 1
                failures.append((res.lessons, key))
            elif p.goal and key == p.goal and res.goal_mastered is None:
                res.goal_mastered = res.lessons
        res.not_retaught += sum(1 for at, _ in failures if res.lessons - at == 3)
        day += dt.timedelta(days=1)
    res.seconds = time.perf_counter() - t0
    res.weeks = len(week_mixed)
    res.weeks_mixed = sum(week_mixed.values())
    return res


def table(results: list[Result]) -> str:
    head = ("| persona | lessons | goal first taught | goal mastered | prerequisite violations | failed checks "
            "| not re-taught in 3 study days | plan accuracy | reasons matching | weeks with a review or older concept |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        acc = f"{r.kept}/{r.followed} = {r.kept / r.followed:.2f}" if r.followed else "—"
        rows.append(
            f"| {r.persona} | {r.lessons} | {r.goal_first_taught or '—'} | {r.goal_mastered or '—'} | {r.violations} "
            f"| {r.failed} | {r.not_retaught} | {acc} | {r.reasons_ok}/{r.lessons} | {r.weeks_mixed}/{r.weeks} |")
    return "\n".join(rows)


def memory_table(results: list[Result]) -> str:
    rows = ["| persona | reviews answered | checks | mean retrievability of every card at a check "
            "| cards under 90% at a check | mean retrievability of the checked concept's prerequisites |",
            "|" + "---|" * 6]
    for r in results:
        if not r.recall:
            continue
        under = sum(x < 0.9 for x in r.recall) / len(r.recall)
        pre = f"{sum(r.recall_prereq) / len(r.recall_prereq):.3f} ({len(r.recall_prereq)} cards)" if r.recall_prereq else "—"
        rows.append(f"| {r.persona} | {r.reviews} | {r.checks} | {sum(r.recall) / len(r.recall):.3f} "
                    f"| {100 * under:.1f}% | {pre} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=200)
    ap.add_argument("--only", help="substring of a persona name")
    ap.add_argument("--show", type=int, default=30, help="print the first N lessons of each persona")
    args = ap.parse_args()
    results = []
    for p in PERSONAS:
        if args.only and args.only not in p.name:
            continue
        r = simulate(p, args.days)
        results.append(r)
        print(f"{p.name}: {r.seconds:.1f}s; first {args.show}: {' '.join(r.sequence[: args.show])}", file=sys.stderr)
    print(table(results))
    print()
    print(memory_table(results))


if __name__ == "__main__":
    main()
