"""/review: retrieval practice on the memory cards. The queue is the post's review list (due
cards and fading prerequisites of the next lesson, most urgent first), each item with one
question: the lesson's own, else the curated bank's for that concept and depth, else none
("writer": the skill writes one for the depth's objective). An answer graded per criterion is
scored with the checks' rule, logged as a review event, and moves the card.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from ..domain.events import ReviewRecorded
from ..domain.models import QUESTION_MAX
from ..domain.scoring import rating, score
from ..errors import InvalidRequest, JournalError, NotFound
from . import brief as b
from .check import CriterionMark
from .context import Snapshot, Workspace
from .plan import plan_for

Source = Literal["lesson", "bank", "writer"]


class ReviewItem(BaseModel):
    item: str  # pass it back with the marks
    concept: str
    title: str
    depth: int
    due: bool  # False: not due yet, but a prerequisite of the next lesson that is fading
    retrievability: float
    source: Source
    question: str  # "" when source is writer
    criteria: list[str]
    objective: str  # what this depth covers: the writer's question asks about it


class Reviewed(BaseModel):
    item: str
    concept: str
    depth: int
    score: float
    rating: str
    remembered: bool  # rated above again
    missed: list[str]
    card_due: dt.datetime
    recorded: bool  # False when this item was already recorded


class ReviewQueue(BaseModel):
    reviewed: Reviewed | None  # the answer just recorded
    items: list[ReviewItem]
    due: int  # cards due by the end of today
    next_due: dt.date | None  # the first day after today a card falls due
    journal: str
    warnings: list[str] = []


def item_id(concept: str, depth: int, n: int, question: str = "", criteria: Sequence[str] = ()) -> str:
    """An item names the card, how many memory events it had (answering it twice records once)
    and the question asked: `~` and a hash of question and criteria, so an answer is never
    scored against criteria that changed since it was asked (a lesson republished meanwhile)."""
    pin = hashlib.sha256("\x00".join([question, *criteria]).encode("utf-8")).hexdigest()[:10]
    return f"{concept}@{depth}#{n}~{pin}"


def _parse(item: str) -> tuple[str, int, int]:
    """The card and count of an item; its question pin is checked against `item_id` itself."""
    try:
        rest, n = item.split("~", 1)[0].rsplit("#", 1)
        cid, depth = rest.rsplit("@", 1)
        return cid, int(depth), int(n)
    except ValueError as e:
        raise InvalidRequest(f"item {item!r} is not one the review queue gave; call review for the queue") from e


def _question(s: Snapshot, cid: str, depth: int, n: int) -> tuple[Source, str, list[str]]:
    """The n-th question of the card, in turn: the lesson's questions, then the bank's."""
    lang = s.profile.language
    pool: list[tuple[Source, str, list[str]]] = []
    les = next((x for x in reversed(s.st.lessons) if (x.concept, x.depth) == (cid, depth) and x.questions), None)
    if les:
        pool += [("lesson", q, list(c)) for q, c in les.questions]
    seen = {q for _, q, _ in pool}
    for ef in sorted(s.g.exercises.values(), key=lambda e: e.exercise.id):
        if (ef.exercise.concept, ef.exercise.depth) == (cid, depth):
            for q in ef.exercise.questions:
                prompt = q.prompt.get(lang)
                if prompt not in seen:
                    pool.append(("bank", prompt, [c.get(lang) for c in q.criteria]))
                    seen.add(prompt)
    return pool[n % len(pool)] if pool else ("writer", "", [])


def _items(s: Snapshot, ws: Workspace, today: dt.date) -> list[b.Review]:
    try:  # the reviews the next lesson's post would list, that lesson's own cards included
        p = plan_for(s, today)
        con = s.g.concepts.get(p.today.concept)
    except NotFound:
        con = None
    return b.reviews(s.g, s.st, con, today, s.profile.timezone, ws.cards, own=True)


def _queue(ws: Workspace, s: Snapshot, n: int, reviewed: Reviewed | None, warnings: list[str]) -> ReviewQueue:
    today = ws.now(s.profile).date()
    lang = s.profile.language
    cards = b.memory(s.st, today, ws.cards, s.profile.timezone)
    items = []
    for v in _items(s, ws, today)[:n]:
        k = cards[(v.concept, v.depth)].reviews
        source, question, criteria = _question(s, v.concept, v.depth, k)
        con = s.g.concepts[v.concept]
        items.append(ReviewItem(
            item=item_id(v.concept, v.depth, k, question, criteria), concept=v.concept, title=con.title.get(lang),
            depth=v.depth, due=v.due, retrievability=round(v.retrievability, 3), source=source, question=question,
            criteria=criteria, objective=con.objectives[v.depth].get(lang) if v.depth in con.objectives else "",
        ))
    due, nxt = b.due_next(s.g, s.st, today, s.profile.timezone, ws.cards)
    return ReviewQueue(reviewed=reviewed, items=items, due=due, next_due=nxt, journal=str(ws.journal.root),
                       warnings=s.warnings + warnings)


def review_queue(ws: Workspace, n: int = 5) -> ReviewQueue:
    return _queue(ws, ws.load(), n, None, [])


def _check_written(question: str | None, criteria: list[str] | None) -> tuple[str, list[str]]:
    if not question or not question.strip() or not criteria:
        raise InvalidRequest("this item has no stored question (source writer): pass the question you asked "
                             "and its criteria with the marks")
    if len(question) > QUESTION_MAX or any(len(c) > QUESTION_MAX for c in criteria):
        raise InvalidRequest(f"a question or criterion is longer than {QUESTION_MAX:,} characters; shorten it")
    return question.strip(), [c.strip() for c in criteria]


def record_review(ws: Workspace, item: str, marks: list[CriterionMark], question: str | None = None,
                  criteria: list[str] | None = None, n: int = 5) -> ReviewQueue:
    """Record one graded answer (under the journal's lock) and return the queue after it."""
    cid, depth, k = _parse(item)
    warnings: list[str] = []
    with ws.journal.locked():  # read-decide-write: a second window answering the same item sees the first
        s = ws.load()
        card = s.st.cards().get((cid, depth))
        if card is None:
            raise NotFound(f"no memory card for {cid} at depth {depth}: only checked lessons are reviewed; "
                           "call review for the queue")
        done = next((e for e in s.st.memory_log if isinstance(e, ReviewRecorded) and e.item == item), None)
        if done is None and card.reviews != k:
            raise InvalidRequest(f"item {item} is out of date (the card moved since); call review for the queue")
        if done is None:
            source, asked, crit = _question(s, cid, depth, k)
            if item_id(cid, depth, k, asked, crit) != item:
                raise InvalidRequest(f"the question of item {item} changed since it was asked (its lesson was "
                                     "published again); nothing was recorded: call review for the queue and ask "
                                     "its question")
            if source == "writer":
                asked, crit = _check_written(question, criteria)
            if len(marks) != len(crit):
                raise InvalidRequest(f"marks must have one mark per criterion: {len(crit)} criteria, {len(marks)} marks")
            sc, _, _ = score(0, 0, sum(m.met for m in marks), len(marks))
            missed = [c + (f" — {m.reason}" if m.reason else "") for c, m in zip(crit, marks, strict=True) if not m.met]
            ev = ReviewRecorded(at=ws.now(s.profile), concept=cid, depth=depth, item=item, source=source,
                                question=asked, score=round(sc, 4), rating=rating(sc), marks=[m.met for m in marks],
                                missed=missed)
            try:
                warnings += ws.journal.append(ev)
            except JournalError as e:
                raise JournalError(f"{e} The review of {item} is not recorded; call review again with the same "
                                   "item and marks.") from e
            from .pages import refresh_pages  # the map's fading colours follow the card

            warnings += refresh_pages(ws).warnings
            s = ws.load()
        else:
            ev = done
    after = s.st.cards()[(cid, depth)]
    reviewed = Reviewed(item=item, concept=cid, depth=depth, score=ev.score, rating=ev.rating,
                        remembered=ev.rating != "again", missed=list(ev.missed), card_due=after.due,
                        recorded=done is None)
    return _queue(ws, s, n, reviewed, warnings)
