"""/review through the façade: the queue, questions from the lesson, the bank or the writer,
graded answers that move the FSRS cards exactly as the fsrs package does by hand, and the
journal's guarantees (idempotent items, the lock across windows, nothing half-recorded)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from conftest import OutcomeRunner, make_slots
from fsrs import Card, Rating, Scheduler

from mcp_server.domain.events import CheckRecorded
from mcp_server.errors import InvalidRequest, JournalError, NotFound
from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.knowledge import load_knowledge
from mcp_server.usecases.check import CriterionMark
from mcp_server.usecases.context import Deps

SCHED = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def utc(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=dt.UTC)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def checked(t: Tutor, clock: Clock, concept: str, depth: int, day: int, passes: bool) -> str:
    """Publish a lesson on `day` at 09:00 and check it at 20:00: every test and criterion met, or none."""
    clock.at = utc(day, 9)
    brief = t.plan_lesson(concept, depth, f"2025-11-{day:02d}")
    t.publish_post(brief.lesson_id, make_slots())
    clock.at = utc(day, 20)
    t.ws.deps.runner.passes = passes  # type: ignore[attr-defined]
    t.run_exercise(brief.lesson_id)
    pending = t.pending_check(brief.lesson_id)
    t.record_check(brief.lesson_id, [[CriterionMark(met=passes) for _ in q.criteria] for q in pending.questions])
    return brief.lesson_id


@pytest.fixture
def two_cards(seed_world, journal):
    """Attention checked on Nov 3 (easy), Positional Encoding on Nov 4 (again)."""
    clock = Clock(utc(3, 9))
    t = Tutor(journal, curated=load_knowledge(seed_world), deps=Deps(clock=clock, runner=OutcomeRunner()))
    checked(t, clock, "attention-mechanism", 1, 3, True)
    checked(t, clock, "positional-encoding", 1, 4, False)
    return t, clock


def by_concept(queue):
    return {x.concept: x for x in queue.items}


def test_two_due_cards_reviewed_move_as_fsrs_computes_by_hand(two_cards, journal):
    t, clock = two_cards
    # by hand: each card's check, then its review, through the fsrs package
    att, _ = SCHED.review_card(Card(), Rating.Easy, review_datetime=utc(3, 20))
    pe, _ = SCHED.review_card(Card(), Rating.Again, review_datetime=utc(4, 20))
    clock.at = utc(12, 10)  # both due: attention on Nov 11, positional encoding on Nov 5
    assert att.due < clock.at and pe.due < clock.at
    st = t.learner_status()
    assert st.reviews_due == 2 and st.next_review is None
    assert len(st.model_dump_json()) / 4 <= 1000  # the status budget, with cards
    q = by_concept(t.review())
    assert set(q) >= {"attention-mechanism", "positional-encoding"} and q["attention-mechanism"].due
    a = q["attention-mechanism"]
    # the card had one memory event, so it asks the lesson's second question (questions rotate)
    assert a.item.startswith("attention-mechanism@1#1~") and a.source == "lesson"
    assert a.question == "W^O의 역할은?" and a.criteria == ["헤드 결합 후 projection임을 말한다"]
    p = q["positional-encoding"]
    assert p.item.startswith("positional-encoding@1#1~") and p.question == "W^O의 역할은?"

    remembered = t.review(item=a.item, marks=[CriterionMark(met=True, reason="맞습니다")])
    forgot = t.review(item=p.item, marks=[CriterionMark(met=False, reason="W^O를 말하지 않음")])

    att, _ = SCHED.review_card(att, Rating.Easy, review_datetime=utc(12, 10))
    pe, _ = SCHED.review_card(pe, Rating.Again, review_datetime=utc(12, 10))
    assert remembered.reviewed.rating == "easy" and remembered.reviewed.remembered
    assert forgot.reviewed.rating == "again" and not forgot.reviewed.remembered
    assert forgot.reviewed.missed == ["헤드 결합 후 projection임을 말한다 — W^O를 말하지 않음"]
    cards = journal_cards(t)
    for key, want in ((("attention-mechanism", 1), att), (("positional-encoding", 1), pe)):
        got = cards[key]
        assert got.due == want.due and got.stability == pytest.approx(want.stability)
        assert got.difficulty == pytest.approx(want.difficulty) and got.reviews == 2
    assert remembered.reviewed.card_due == att.due and forgot.reviewed.card_due == pe.due
    # both left the queue; the forgotten one comes back the next day
    assert forgot.items == [] and forgot.due == 0 and forgot.next_due == pe.due.date() == dt.date(2025, 11, 13)
    st = t.learner_status()
    assert (st.reviews_due, st.next_review) == (0, dt.date(2025, 11, 13))
    # mastery is the checks': the review of a failed depth does not master it
    assert t.ws.load().st.of("positional-encoding").mastered_depth == 0
    reviews = [e for e in journal.events()[0] if e.type == "review_recorded"]
    assert [(e.concept, e.rating, e.source, e.marks) for e in reviews] == [
        ("attention-mechanism", "easy", "lesson", [True]), ("positional-encoding", "again", "lesson", [False])]


def journal_cards(t: Tutor):
    return t.ws.load().st.cards()


def test_an_item_answered_twice_or_out_of_date_records_once(two_cards, journal):
    t, clock = two_cards
    clock.at = utc(12, 10)
    item = by_concept(t.review())["attention-mechanism"].item
    first = t.review(item=item, marks=[CriterionMark(met=True)])
    again = t.review(item=item, marks=[CriterionMark(met=False)])  # a retry after a lost answer
    assert first.reviewed.recorded and not again.reviewed.recorded and again.reviewed.rating == "easy"
    assert sum(e.type == "review_recorded" for e in journal.events()[0]) == 1
    with pytest.raises(InvalidRequest, match="out of date"):
        t.review(item="attention-mechanism@1#0", marks=[CriterionMark(met=True)])
    # the card now has two memory events: its next item asks the first question, with 2 criteria
    from mcp_server.usecases.review import _question, item_id

    _source, asked, crit = _question(t.ws.load(), "attention-mechanism", 1, 2)
    with pytest.raises(InvalidRequest, match="one mark per criterion: 2 criteria, 1 marks"):
        t.review(item=item_id("attention-mechanism", 1, 2, asked, crit), marks=[CriterionMark(met=True)])
    with pytest.raises(NotFound, match="only checked lessons are reviewed"):
        t.review(item="transformer@1#0", marks=[CriterionMark(met=True)])
    with pytest.raises(InvalidRequest, match="not one the review queue gave"):
        t.review(item="attention-mechanism", marks=[])


def test_two_windows_answering_the_same_item_at_once_record_it_once(two_cards, journal, seed_world):
    t, clock = two_cards
    clock.at = utc(12, 10)
    item = by_concept(t.review())["attention-mechanism"].item
    g = load_knowledge(seed_world)
    windows = [Tutor(Journal(journal.root), curated=g, deps=Deps(clock=clock)) for _ in range(4)]
    out: list = []
    threads = [threading.Thread(target=lambda w=w: out.append(w.review(item=item, marks=[CriterionMark(met=True)])))
               for w in windows]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(r.reviewed.recorded for r in out) == [False, False, False, True]
    assert sum(e.type == "review_recorded" for e in journal.events()[0]) == 1


def test_a_review_that_cannot_be_logged_records_nothing_and_says_so(two_cards, journal, monkeypatch):
    t, clock = two_cards
    clock.at = utc(12, 10)
    item = by_concept(t.review())["attention-mechanism"].item
    before = journal.log_path.read_bytes()

    def full(event):
        raise JournalError(f"could not append to {journal.log_path} (the disk is full); nothing was recorded.")

    monkeypatch.setattr(t.ws.journal, "append", full)
    with pytest.raises(JournalError, match="the disk is full.*not recorded; call review again with the same item"):
        t.review(item=item, marks=[CriterionMark(met=True)])
    assert journal.log_path.read_bytes() == before
    monkeypatch.undo()
    assert t.review(item=item, marks=[CriterionMark(met=True)]).reviewed.recorded


def test_questions_come_from_the_bank_when_the_lesson_asked_none(tmp_path):
    """A check logged without its lesson's questions (an older journal) asks the curated bank's."""
    journal = Journal(tmp_path / "journal")
    clock = Clock(utc(3, 20))
    t = Tutor(journal, deps=Deps(clock=clock))
    journal.append(CheckRecorded(at=utc(3, 20), lesson="2025-11-03-kv-cache-d2", concept="kv-cache", depth=2,
                                 score=1.0, rating="easy"))
    clock.at = utc(20, 9)
    [x] = [i for i in t.review().items if i.concept == "kv-cache"]
    bank = t.graph().exercises["kv-cache-d2"].exercise.questions
    assert x.source == "bank" and x.item.startswith("kv-cache@2#1~")
    assert x.question == bank[1].prompt.get("ko") and x.criteria == [c.get("ko") for c in bank[1].criteria]
    r = t.review(item=x.item, marks=[CriterionMark(met=True), CriterionMark(met=True), CriterionMark(met=False)])
    assert r.reviewed.rating == "hard" and r.reviewed.score == pytest.approx(0.6667, abs=1e-4)  # 2/3, as a check


def test_without_lesson_or_bank_questions_the_writer_asks_and_must_say_what(seed_world, journal):
    clock = Clock(utc(3, 20))
    t = Tutor(journal, curated=load_knowledge(seed_world), deps=Deps(clock=clock))
    journal.append(CheckRecorded(at=utc(3, 20), lesson="2025-11-03-transformer-d1", concept="transformer", depth=1,
                                 score=0.3, rating="again"))
    clock.at = utc(6, 9)
    [x] = [i for i in t.review().items if i.concept == "transformer"]
    assert x.source == "writer" and x.question == "" and x.criteria == [] and x.objective
    with pytest.raises(InvalidRequest, match="pass the question you asked and its criteria"):
        t.review(item=x.item, marks=[CriterionMark(met=True)])
    r = t.review(item=x.item, marks=[CriterionMark(met=True), CriterionMark(met=True)],
                 question="인코더 블록의 두 하위 층은?", criteria=["self-attention", "feed-forward"])
    assert r.reviewed.rating == "easy"
    [ev] = [e for e in journal.events()[0] if e.type == "review_recorded"]
    assert ev.source == "writer" and ev.question == "인코더 블록의 두 하위 층은?"


def test_the_post_says_how_many_are_due_and_points_at_review(two_cards):
    t, clock = two_cards
    clock.at = utc(12, 9)
    brief = t.plan_lesson("transformer", 1, "2025-11-12")
    focus = Path(t.publish_post(brief.lesson_id, make_slots()).post).read_text().split("## 📚")[0]
    assert "오늘 복습할 카드: 2개 · 다음 복습일: — · `/ai-tutor:review`로 한 문제씩 떠올려 보세요." in focus
    clock.at = utc(14, 9)
    for x in t.review().items:
        t.review(item=x.item, marks=[CriterionMark(met=True)] * len(x.criteria))
    clock.at = utc(14, 10)
    brief = t.plan_lesson("multi-head-attention", 1, "2025-11-14")
    focus = Path(t.publish_post(brief.lesson_id, make_slots()).post).read_text().split("## 📚")[0]
    due = t.learner_status().next_review
    assert due and f"오늘 복습할 카드: 0개 · 다음 복습일: {due.isoformat()}" in focus


def test_the_cli_status_says_how_many_are_due(two_cards, journal, seed_world, capsys):
    from mcp_server import cli

    assert cli.main(["--journal", str(journal.root), "--knowledge", str(seed_world), "status"]) == 0
    # today's real date is long after both cards fell due in November 2025
    assert "reviews due today: 2   next due: —   (/ai-tutor:review in Claude Code)" in capsys.readouterr().out


def test_the_review_tool_refuses_marks_without_their_item(two_cards, journal, monkeypatch):
    import anyio
    from mcp import Client

    from mcp_server import server as srv

    t, clock = two_cards
    clock.at = utc(12, 10)
    monkeypatch.setattr(srv, "_tutors", {str(journal.root): t})

    async def go(args):
        async with Client(srv.server) as c:
            return await c.call_tool("review", args)

    listed = anyio.run(go, {"n": 1})
    assert not listed.is_error and len(listed.structured_content["items"]) == 1
    r = anyio.run(go, {"marks": [{"met": True}]})
    assert r.is_error and "marks need the item they grade" in r.content[0].text
    r = anyio.run(go, {"item": listed.structured_content["items"][0]["item"]})
    assert r.is_error and "pass the answer-grader's marks" in r.content[0].text


def test_a_hand_edited_review_line_is_reported_and_skipped():
    from mcp_server.domain.events import parse_line

    line = (b'{"type":"review_recorded","at":"2025-11-12T10:00:00+00:00","concept":"kv-cache","depth":2,'
            b'"item":"kv-cache@2#1","source":"bank","question":"q","score":1.0,"rating":"great"}')
    ev, problem = parse_line(line, "events.jsonl:7")
    assert ev is None and problem.startswith("events.jsonl:7: rating:") and "review_recorded event" in problem
    ev, problem = parse_line(line.replace(b'"great"', b'"easy"'), "events.jsonl:7")
    assert problem is None and ev.type == "review_recorded" and ev.rating == "easy"
    # a time without its UTC offset cannot be placed on the learner's days: skipped, said why
    naive = line.replace(b'"great"', b'"easy"').replace(b"10:00:00+00:00", b"10:00:00")
    ev, problem = parse_line(naive, "events.jsonl:7")
    assert ev is None and problem.startswith("events.jsonl:7: at: Input should have timezone info")
    assert "the line was skipped and left in place" in problem


def test_cards_of_a_concept_gone_from_the_graph_are_not_counted_due(two_cards):
    """A learner concept removed from concepts.yaml keeps its events, but no review can ask it,
    so neither the count due nor the next due date may include it (as the queue leaves it out)."""
    from types import SimpleNamespace

    from mcp_server.usecases.brief import due_next

    t, _clock = two_cards
    s = t.ws.load()
    day = dt.date(2025, 11, 12)
    assert due_next(s.g, s.st, day, "UTC", t.ws.cards)[0] == 2
    without = SimpleNamespace(concepts={k: v for k, v in s.g.concepts.items() if k != "positional-encoding"})
    assert due_next(without, s.st, day, "UTC", t.ws.cards)[0] == 1
    gone = SimpleNamespace(concepts={})
    assert due_next(gone, s.st, day, "UTC", t.ws.cards) == (0, None)


def test_a_forgotten_review_marks_the_concept_fading_on_the_map(two_cards):
    """After "again" FSRS restarts the card at retrievability 1.0; the learner has just shown the
    memory was lost, so the map colours it fading until a later review remembers it."""
    from mcp_server.usecases.pages import fading

    t, clock = two_cards
    clock.at = utc(5, 9)
    s = t.ws.load()
    assert s.st.of("attention-mechanism").mastered  # its check passed
    assert "attention-mechanism" not in fading(t.ws, s.st, dt.date(2025, 11, 5), "UTC")
    clock.at = utc(14, 9)
    item = by_concept(t.review())["attention-mechanism"]
    t.review(item=item.item, marks=[CriterionMark(met=False)] * len(item.criteria))
    s = t.ws.load()
    assert "attention-mechanism" in fading(t.ws, s.st, dt.date(2025, 11, 14), "UTC")
    clock.at = utc(20, 9)
    item = by_concept(t.review())["attention-mechanism"]
    t.review(item=item.item, marks=[CriterionMark(met=True)] * len(item.criteria))
    s = t.ws.load()
    assert "attention-mechanism" not in fading(t.ws, s.st, dt.date(2025, 11, 20), "UTC")


def test_an_answer_to_a_question_that_changed_since_it_was_asked_is_refused(two_cards, journal):
    """The queue lists the lesson's question; the lesson is published again with other questions
    before the answer comes back: scoring it against the new criteria would misreport the answer."""
    t, clock = two_cards
    clock.at = utc(12, 10)
    item = by_concept(t.review())["positional-encoding"]
    assert item.question == "W^O의 역할은?"
    clock.at = utc(4, 21)  # the same day's lesson again, now asking something else
    brief = t.plan_lesson("positional-encoding", 1, "2025-11-04")
    other = [{"prompt": "사인과 코사인을 쓰는 이유는?", "criteria": ["상대 위치를 말한다"]},
             {"prompt": "학습된 위치 임베딩과의 차이는?", "criteria": ["길이 일반화를 말한다"]}]
    t.publish_post(brief.lesson_id, make_slots(questions=other))
    clock.at = utc(12, 11)
    with pytest.raises(InvalidRequest, match="changed since it was asked.*nothing was recorded"):
        t.review(item=item.item, marks=[CriterionMark(met=True)])
    assert not any(e.type == "review_recorded" for e in journal.events()[0])
    fresh = by_concept(t.review())["positional-encoding"]
    assert fresh.item != item.item and fresh.question in {q["prompt"] for q in other}


def test_cards_count_by_instant_after_the_learner_moves_timezone(two_cards):
    """A check at 20:00 UTC on Nov 4 is 05:00 on Nov 5 in Seoul: for a learner now in Seoul it
    belongs to Nov 5, so the card is not in Nov 4's memory there, though its UTC date says Nov 4."""
    from mcp_server.usecases.brief import memory

    t, _clock = two_cards
    st = t.ws.load().st
    key = ("positional-encoding", 1)
    assert key in memory(st, dt.date(2025, 11, 4), t.ws.cards, "UTC")
    assert key not in memory(st, dt.date(2025, 11, 4), t.ws.cards, "Asia/Seoul")
    assert key in memory(st, dt.date(2025, 11, 5), t.ws.cards, "Asia/Seoul")
