"""learner_status and find_concepts: read-only views of the learner's progress and the graph."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from ..domain.progress import growth
from ..errors import NotFound
from .brief import due_next
from .context import Workspace
from .plan import goal_title, plan_for
from .views import HistoryItem, Ref, history_item, ref


class CategoryLine(BaseModel):
    title: str
    completed: int
    in_progress: int
    total: int
    percent: int


class Status(BaseModel):
    journal: str
    language: str
    today: dt.date
    sessions: int
    concepts_studied: int
    concepts_completed: int
    known: int  # concepts declared known in learner.yaml (never counted as sessions)
    level: int
    streak_weeks_goal_met: int
    this_week: str
    trend: str
    categories: list[CategoryLine]
    recent: list[HistoryItem]
    next_up: Ref | None
    goal: str | None
    next_milestone: str | None
    resources_opened: int
    reviews_due: int  # memory cards due by the end of today (/review)
    next_review: dt.date | None  # the first day after today a card falls due
    warnings: list[str]


class ConceptHit(BaseModel):
    id: str
    title_en: str
    title_ko: str
    category: str
    score: float
    studied_depth: int
    next_depth: int


class FindResult(BaseModel):
    query: str
    hits: list[ConceptHit]


def learner_status(ws: Workspace, today: dt.date | None = None) -> Status:
    s = ws.load()
    g, profile, st = s.g, s.profile, s.st
    today = today or ws.now(profile).date()
    gr = growth(g, st, today, profile.language, profile.weekly_goal, profile.journey_start)
    lang = profile.language
    try:
        p = plan_for(s, today)
        next_up: Ref | None = ref(g, lang, p.today.concept, p.today.depth)
        goal = goal_title(g, lang, p)
    except NotFound:
        next_up, goal = None, None
    due, next_review = due_next(g, st, today, profile.timezone, ws.cards)
    return Status(
        journal=str(ws.journal.root),
        language=lang,
        today=today,
        sessions=gr.sessions,
        concepts_studied=gr.concepts_studied,
        concepts_completed=gr.concepts_completed,
        known=len(st.known),
        level=gr.level,
        streak_weeks_goal_met=gr.weeks_goal_met,
        this_week=f"{gr.week_study_days}/{gr.weekly_goal} study days",
        trend=gr.trend,
        categories=[
            CategoryLine(title=c.title, completed=len(c.completed), in_progress=len(c.in_progress), total=c.total,
                         percent=c.percent)
            for c in gr.categories
            if c.completed or c.in_progress
        ],
        recent=[history_item(g, lang, x) for x in st.lessons[-5:]],
        next_up=next_up,
        goal=goal,
        next_milestone=(gr.milestones_next[0].title if gr.milestones_next else None),
        resources_opened=gr.resources_opened,
        reviews_due=due,
        next_review=next_review,
        warnings=s.warnings,
    )


def find_concepts(ws: Workspace, query: str, limit: int = 8) -> FindResult:
    s = ws.load()
    hits = []
    for cid, score in s.g.search(query, limit):
        con = s.g.concepts[cid]
        hits.append(ConceptHit(
            id=cid, title_en=con.title.en, title_ko=con.title.ko, category=con.category, score=round(score, 1),
            studied_depth=s.st.of(cid).studied_depth, next_depth=s.st.next_depth(cid, con.max_depth),
        ))
    return FindResult(query=query, hits=hits)
