"""/check: the seed's exercise graded in the real sandbox with real PyTorch, records that are
idempotent, and a simulated month moving cards, mastery and growth exactly as the rules say."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, make_slots
from fsrs import Card, Rating, Scheduler

from mcp_server.domain.events import parse
from mcp_server.domain.learner import fold
from mcp_server.domain.memory import cards
from mcp_server.domain.progress import growth
from mcp_server.domain.scoring import rating, score
from mcp_server.errors import InvalidRequest, JournalError, NotFound
from mcp_server.facade import Tutor
from mcp_server.usecases.check import CriterionMark

MHA = REPO / "knowledge" / "exercises" / "multi-head-attention-d2"


@pytest.fixture(scope="module")
def mha_lesson(tmp_path_factory):
    """A journal holding the seed's lesson, Multi-Head Attention at depth 2, with the curated exercise."""
    from mcp_server.storage.journal import Journal

    root = tmp_path_factory.mktemp("mha") / "journal"
    t = Tutor(Journal(root))
    brief = t.plan_lesson("multi-head-attention", 2, "2025-11-10")
    assert brief.exercise and brief.exercise.curated
    t.publish_post(brief.lesson_id, make_slots(questions=[], exercise=None))
    return t, brief.lesson_id, root / "_exercises" / "2025-11-10-multi-head-attention"


def verdicts(report):
    return {(c.label, c.test): c.verdict for c in report.tests}


@pytest.mark.torch
@pytest.mark.parametrize("variant,expect", [
    ("solution.py", "all pass"),
    ("starter.py", "fails"),
    ("wrong_no_scale.py", "hidden fails"),
    ("wrong_merge_order.py", "hidden fails"),
])
def test_the_seed_exercise_is_graded_in_the_sandbox(mha_lesson, variant, expect, monkeypatch):
    t, lesson_id, folder = mha_lesson
    monkeypatch.setenv("TUTOR_JOURNAL", str(t.journal.root))
    mine = folder / f"try-{variant}"
    shutil.copy(MHA / variant, mine)
    rep = t.run_exercise(lesson_id, str(mine.relative_to(t.journal.root)))
    assert rep.total >= 4 and set(rep.by_label) == {"visible", "hidden"}
    v = verdicts(rep)
    if expect == "all pass":
        assert rep.passed == rep.total, v
    elif expect == "fails":
        assert rep.passed < rep.total
    else:
        assert any(label == "hidden" and verdict != "passed" for (label, _), verdict in v.items()), v


@pytest.mark.torch
def test_hostile_code_cannot_read_or_change_the_journal(mha_lesson, monkeypatch):
    t, lesson_id, folder = mha_lesson
    log = t.journal.log_path
    before = log.read_bytes()
    evil = folder / "evil.py"
    evil.write_text(
        f"open({str(log)!r}, 'a').write('forged\\n')\n"
        f"print(open({str(log)!r}).read())\n"
        "print('PASSED ' * 100)\n"
    )
    rep = t.run_exercise(lesson_id, str(evil.relative_to(t.journal.root)))
    assert rep.passed == 0
    after = log.read_bytes()
    assert after.startswith(before) and b"forged" not in after  # only the tutor's own run event was added


def test_a_solution_outside_the_journal_is_refused(mha_lesson):
    t, lesson_id, _ = mha_lesson
    with pytest.raises(JournalError, match=r"refusing to read .*outside the journal"):
        t.run_exercise(lesson_id, "../../../etc/passwd")


def test_pending_check_shows_questions_and_flags_an_empty_answers_file(mha_lesson):
    t, lesson_id, folder = mha_lesson
    p = t.pending_check()
    assert p.lesson_id == lesson_id and p.answers_missing and len(p.questions) >= 3
    assert all(q.criteria for q in p.questions)
    (folder / "answers.md").unlink()
    assert t.pending_check().answers_missing


def test_record_check_scores_rates_writes_feedback_and_is_idempotent(tutor, journal, slots):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    tutor.publish_post(brief.lesson_id, slots)
    ex = journal.root / "_exercises" / "2025-11-03-attention-mechanism" / "exercise.py"
    with pytest.raises(InvalidRequest, match="call run_exercise"):
        tutor.record_check(brief.lesson_id, [[CriterionMark(met=True)] * 2, [CriterionMark(met=True)]])
    ex.write_text("def add(a, b):\n    return a + b\n")
    rep = tutor.run_exercise(brief.lesson_id)
    assert (rep.passed, rep.total) == (3, 3)  # the visible test and the two hidden ones
    marks = [[CriterionMark(met=True), CriterionMark(met=False, reason="병렬성 언급 없음")], [CriterionMark(met=True)]]
    with pytest.raises(InvalidRequest, match="shape"):
        tutor.record_check(brief.lesson_id, marks[:1])
    r = tutor.record_check(brief.lesson_id, marks)
    # code 1/1, written 2/3: 0.6 * 1 + 0.4 * 2/3 = 0.8667 -> good -> mastered
    assert r.score == pytest.approx(0.8667, abs=1e-4) and r.rating == "good" and r.mastered and r.recorded
    assert r.next_depth == 2
    assert r.missed == ["Q1: 병렬성을 언급한다 — 병렬성 언급 없음"]
    fb = (journal.root / r.feedback_file).read_text()
    assert "86%" in fb or "87%" in fb
    again = tutor.record_check(brief.lesson_id, marks)
    assert not again.recorded and again.score == r.score
    assert sum(e.type == "check_recorded" for e in journal.events()[0]) == 1
    with pytest.raises(NotFound, match="every lesson has been checked"):
        tutor.pending_check()


def test_no_pending_lesson_says_to_learn_first(tutor):
    with pytest.raises(NotFound, match="run /learn first"):
        tutor.pending_check()


def test_the_next_post_opens_with_the_check_and_due_reviews(tutor, journal, slots):
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 3, 20, tzinfo=dt.UTC)
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    tutor.publish_post(brief.lesson_id, slots)
    (journal.root / "_exercises" / "2025-11-03-attention-mechanism" / "exercise.py").write_text("def add(a, b):\n    return a - b\n")
    tutor.run_exercise(brief.lesson_id)
    tutor.record_check(brief.lesson_id, [[CriterionMark(met=False)] * 2, [CriterionMark(met=False)]])
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 5, 9, tzinfo=dt.UTC)
    brief2 = tutor.plan_lesson("transformer", 1, "2025-11-05")
    assert brief2.last_check and brief2.last_check.startswith("Attention Mechanism depth 1: 0% (again)")
    post = Path(tutor.publish_post(brief2.lesson_id, slots).post).read_text()
    focus = post.split("## 📚")[0]
    assert "**지난 점검**: Attention Mechanism (depth 1) — 0%, 다시" in focus  # the rating in Korean
    assert "- **Attention Mechanism** (depth 1) - 복습할 때가 되었습니다" in focus


def test_a_simulated_month_moves_cards_mastery_and_growth_as_the_rules_say(seed_world):
    from mcp_server.storage.knowledge import load_knowledge

    g = load_knowledge(seed_world)
    plan = [  # day, concept, depth, tests passed/total, criteria met/total
        (1, "attention-mechanism", 1, 3, 3, 4, 4), (3, "transformer", 1, 2, 3, 2, 4),
        (5, "positional-encoding", 1, 3, 3, 3, 4), (8, "attention-mechanism", 2, 3, 3, 4, 4),
        (10, "multi-head-attention", 1, 1, 3, 1, 4), (12, "multi-head-attention", 1, 3, 3, 4, 4),
        (15, "multi-head-attention", 2, 3, 3, 3, 4), (18, "transformer", 1, 3, 3, 4, 4),
        (20, "transformer", 2, 3, 3, 4, 4), (24, "grouped-query-attention", 1, 2, 3, 4, 4),
        (27, "positional-encoding", 2, 1, 3, 0, 4), (30, "flash-attention", 1, 3, 3, 4, 4),
    ]
    events, expected_ratings = [], []
    for day, cid, depth, tp, tt, cm, ct in plan:
        d = dt.date(2025, 11, day)
        lesson = f"{d}-{cid}-d{depth}"
        s, _, _ = score(tp, tt, cm, ct)
        expected_ratings.append((cid, depth, d, rating(s)))
        events += [
            {"type": "lesson_published", "at": f"{d}T09:00:00+00:00", "lesson": lesson, "date": str(d),
             "concept": cid, "depth": depth, "post": "", "title": cid},
            {"type": "check_recorded", "at": f"{d}T21:00:00+00:00", "lesson": lesson, "concept": cid,
             "depth": depth, "score": s, "rating": rating(s)},
        ]
    # the rule, written out independently: mastery needs the depth below mastered too
    events = [parse(e) for e in events]
    st = fold(events)
    assert st.of("attention-mechanism").mastered_depth == 2
    assert st.of("transformer").mastered_depth == 2  # 0.6*2/3+0.4*2/4 = 0.6 (hard) on day 3, good on day 18
    assert st.of("multi-head-attention").mastered_depth == 2  # again on day 10, easy on day 12
    assert st.of("positional-encoding").mastered_depth == 1  # depth 2 scored 0.2 (again)
    assert st.of("grouped-query-attention").mastered_depth == 1  # 0.6*2/3 + 0.4 = 0.8 -> good
    assert st.next_depth("positional-encoding", 3) == 2 and st.next_depth("attention-mechanism", 3) == 3
    # cards: the fsrs package replayed by hand must give the same due dates
    sched = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    mine: dict = {}
    for cid, depth, d, r in expected_ratings:
        card = mine.get((cid, depth), Card())
        card, _ = sched.review_card(card, getattr(Rating, r.capitalize()), review_datetime=dt.datetime(d.year, d.month, d.day, 21, tzinfo=dt.UTC))
        mine[(cid, depth)] = card
    got = cards(e for e in events if e.type == "check_recorded")
    assert set(got) == set(mine)
    for key, card in mine.items():
        assert got[key].due == card.due and got[key].stability == pytest.approx(card.stability)
    assert got[("positional-encoding", 2)].last_rating == "again"
    # growth: completed = mastered at depth >= 2
    gr = growth(g, st, dt.date(2025, 11, 30), "ko", 3)
    arch = next(c for c in gr.categories if c.id == "architecture")
    assert arch.completed == ["attention-mechanism", "transformer", "multi-head-attention"]
    assert arch.in_progress == ["positional-encoding", "flash-attention", "grouped-query-attention"]
    assert gr.concepts_completed == 3 and gr.sessions == 12 and gr.level == 2
    assert [m.id for m in gr.milestones_reached if m.kind == "concepts_mastered"] == ["first-mastery", "three-mastered"]
