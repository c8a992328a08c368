"""The lesson brief: everything the post-writer needs and everything the post will print,
computed from the graph, the plan and the learner's history. Shared by plan_lesson and
publish_post so both see the same reason, plan, connections and reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from ..domain.graph import Graph
from ..domain.learner import MASTERY_THRESHOLD, LearnerState, Lesson
from ..domain.models import Concept, Paper, Resource
from ..domain.planner import Destination, Plan, Step
from .views import HistoryItem, Ref, history_item

if TYPE_CHECKING:
    from ..domain.events import MemoryEvent
    from ..domain.memory import CardState

VOICE_KINDS = {"interview", "podcast", "talk"}
MAX_VOICES, MAX_READING, MAX_PAPERS = 3, 4, 8
MAX_REVIEWS, MAX_CONNECTIONS = 5, 6


class PlanRef(Ref):
    reason: str
    after_check: bool  # opens only when the check before it passes


class BriefDestination(BaseModel):
    goal: Ref
    source: str  # "goal" or a track id
    reached: bool
    missing: list[Ref]  # concepts still missing on the path, at the depth they need
    lessons_left: int
    pace_per_week: float
    projected: dt.date | None
    by: dt.date | None


@dataclass(frozen=True)
class Review:
    concept: str
    depth: int
    retrievability: float
    due: bool
    builds_on: bool  # an ancestor of today's concept


def plan_ref(g: Graph, lang: str, s: Step) -> PlanRef:
    return PlanRef(id=s.concept, title=g.concepts[s.concept].title.get(lang), depth=s.depth, reason=s.reason,
                   after_check=s.after_check)


def destination_view(g: Graph, lang: str, d: Destination | None) -> BriefDestination | None:
    if d is None:
        return None
    t = d.target
    return BriefDestination(
        goal=Ref(id=t.concept, title=g.concepts[t.concept].title.get(lang), depth=t.depth), source=t.source,
        reached=d.reached, missing=[Ref(id=c, title=g.concepts[c].title.get(lang), depth=n) for c, n in d.missing],
        lessons_left=d.lessons_left, pace_per_week=d.pace_per_week, projected=d.projected, by=t.by,
    )


def reason_text(g: Graph, lang: str, p: Plan, st: LearnerState) -> str:
    """The real reason for today's lesson, with its numbers: what the post prints."""
    s = p.today
    chk = st.latest_checks.get((s.concept, s.depth))
    if s.reason == "remedial" and chk is not None:
        return g.t(lang, "reason_remedial", date=chk.at.date().isoformat(), score=round(100 * chk.score),
                   threshold=round(100 * MASTERY_THRESHOLD))
    if s.reason == "requested":
        if p.thin:
            names = ", ".join(f"{g.concepts[c].title.get(lang)} (depth {d})" for c, d in p.thin)
            return g.t(lang, "reason_requested_thin", names=names)
        return g.t(lang, "reason_requested")
    if s.reason == "deepen":
        passed = [c for c in st.check_log if c.concept == s.concept and c.depth == s.depth - 1
                  and c.score >= MASTERY_THRESHOLD]
        when = passed[-1].at.date().isoformat() if passed else "—"
        return g.t(lang, "reason_deepen", prev=s.depth - 1, date=when)
    if s.reason == "goal" and p.goal is not None:
        t = p.goal
        goal = f"{g.concepts[t.concept].title.get(lang)} (depth {t.depth})"
        left = p.quarter.lessons_left if p.quarter and p.quarter.target == t else 0
        if (s.concept, s.depth) == (t.concept, t.depth) or not left:
            return g.t(lang, "reason_goal_last", goal=goal)
        return g.t(lang, "reason_goal", goal=goal, n=left)
    if s.reason == "review":
        return g.t(lang, "reason_review")
    return g.t(lang, "reason_explore")


def materials(g: Graph, con: Concept) -> tuple[list[Resource], list[Resource], list[Paper]]:
    """Voices, reading and papers: the concept's own first, then its prerequisites' and
    dependents', newest voices first and papers in date order."""
    around = [con.id, *con.prerequisites, *g.dependents.get(con.id, ())]
    res_ids: list[str] = []
    for cid in around:
        res_ids += [r for r in g.resources_of.get(cid, ()) if r not in res_ids]
    res = [g.resources[r] for r in res_ids]
    voices = [r for r in res if r.kind in VOICE_KINDS][:MAX_VOICES]
    reading = [r for r in res if r.kind not in VOICE_KINDS][:MAX_READING]
    paper_ids: list[str] = []
    for cid in around:
        paper_ids += [p for p in g.papers_of.get(cid, ()) if p not in paper_ids]
    papers = sorted((g.papers[p] for p in paper_ids[:MAX_PAPERS]), key=lambda p: (p.year, p.month, p.id))
    return voices, reading, papers


def connections(g: Graph, st: LearnerState, con: Concept, day: dt.date) -> list[tuple[Lesson, str]]:
    """The learner's latest earlier lesson on each ancestor or related concept (a direct
    dependent), with how it relates: the most recent MAX_CONNECTIONS, in date order."""
    ancestors = g.ancestors(con.id)
    related = set(g.dependents.get(con.id, ()))
    latest: dict[str, Lesson] = {}
    for x in st.lessons:
        if x.date < day and (x.concept in ancestors or x.concept in related):
            latest[x.concept] = x
    chosen = sorted(latest.values(), key=lambda x: (x.date, x.id))[-MAX_CONNECTIONS:]
    return [(x, "ancestor" if x.concept in ancestors else "related") for x in chosen]


CardsOf = Callable[[list["MemoryEvent"]], dict[tuple[str, int], "CardState"]]


def end_of(day: dt.date, tz: str) -> dt.datetime:
    """Where "due today" ends: the last minute of `day` in the learner's timezone."""
    return dt.datetime.combine(day, dt.time(23, 59), ZoneInfo(tz))


def memory(st: LearnerState, day: dt.date, cards_of: CardsOf, tz: str) -> dict[tuple[str, int], CardState]:
    """The memory cards as of the end of `day` (checks and reviews of that day and before)."""
    end = end_of(day, tz)  # an instant: a check logged under another timezone still counts once
    log = [e for e in st.memory_log if e.at <= end]
    return cards_of(log) if log else {}


def due_next(g: Graph, st: LearnerState, day: dt.date, tz: str, cards_of: CardsOf) -> tuple[int, dt.date | None]:
    """(cards due by the end of `day`, the first later day a card falls due): status and the post.
    Cards of a concept no longer in the graph are left out, as `reviews` leaves them out."""
    from ..domain.memory import due_summary

    cards = [card for (cid, _depth), card in memory(st, day, cards_of, tz).items() if cid in g.concepts]
    n, later = due_summary(cards, end_of(day, tz))
    return n, later.astimezone(ZoneInfo(tz)).date() if later else None


def reviews(g: Graph, st: LearnerState, con: Concept | None, day: dt.date, tz: str, cards_of: CardsOf,
            own: bool = False) -> list[Review]:
    """Cards due by the end of `day` and fading ancestors of `con` (the lesson the reviews come
    before), most urgent first: what that lesson builds on, then the lowest retrievability.
    `own`: keep the cards of `con` itself (a post teaches them; /review asks them)."""
    cards = memory(st, day, cards_of, tz)
    if not cards:
        return []
    from ..domain.memory import RETENTION_TARGET  # fsrs is imported only when there are cards

    end = end_of(day, tz)
    ancestors = g.ancestors(con.id) if con else set()
    out: list[Review] = []
    for (cid, depth), card in cards.items():
        if (con and cid == con.id and not own) or cid not in g.concepts:
            continue
        due = card.due <= end
        builds_on = cid in ancestors
        if due or builds_on:
            r = card.retrievability(end)
            if due or r < RETENTION_TARGET:
                out.append(Review(cid, depth, r, due, builds_on))
    out.sort(key=lambda v: (not v.builds_on, v.retrievability, v.concept, v.depth))
    return out


def recent(st: LearnerState, today: dt.date) -> list[Lesson]:
    return [x for x in st.lessons if today - dt.timedelta(days=7) <= x.date < today]


def prerequisites(g: Graph, lang: str, st: LearnerState, con: Concept) -> list[HistoryItem | Ref]:
    out: list[HistoryItem | Ref] = []
    for pid in con.prerequisites:
        last = next((x for x in reversed(st.lessons) if x.concept == pid), None)
        if last:
            out.append(history_item(g, lang, last))
        else:
            out.append(Ref(id=pid, title=g.concepts[pid].title.get(lang), depth=st.of(pid).mastered_depth))
    return out
