"""Growth indicators, computed from the learner state in the learner's calendar. Pure.

Definitions (also in the README; every figure below is derived from these and nothing else):
- lesson: one published post (a republished post counts once). Sessions completed = lessons.
- study day: a calendar day (learner's timezone) with at least one lesson.
- studied concept: a concept with at least one lesson, at any depth.
- completed concept: mastered at depth 2 or deeper (a /check at depth >= 2 scored >= 80%).
- in progress: studied but not completed. Category percent = completed / total, rounded down;
  the bar has 10 cells: █ completed, ▓ in progress, ░ not started, each rounded down
  (in-progress cells never hide a completed one).
- this week: the ISO week (Monday–Sunday) containing today; this month: the calendar month.
  Velocity = distinct concepts with a lesson in that period.
- trend: lessons in the 7 days ending today against the 7 days before them:
  more = up, fewer = down, equal = steady.
- weekly cadence: study days this week against the weekly goal; a week "met" the goal when
  its study days >= goal.
- resources opened: distinct resources opened with /link, ever and this calendar month.
- current level: the deepest depth with a lesson (1 Beginner, 2 Intermediate, 3 Advanced,
  4 Frontier); 0 before the first lesson.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel

from .graph import Graph
from .learner import LearnerState
from .models import Milestone

COMPLETED_DEPTH = 2
BAR_CELLS = 10


class CategoryProgress(BaseModel):
    id: str
    title: str
    total: int
    completed: list[str]
    in_progress: list[str]
    percent: int
    bar: str


class MilestoneStatus(BaseModel):
    id: str
    title: str
    kind: str
    threshold: int
    current: int
    missing: int


class Growth(BaseModel):
    today: dt.date
    journey_start: dt.date | None
    sessions: int
    study_days: int
    concepts_studied: int
    concepts_completed: int
    level: int
    categories: list[CategoryProgress]
    week_concepts: list[str]
    month_concepts: list[str]
    last7: int
    prev7: int
    trend: str  # up | steady | down
    week_study_days: int
    weekly_goal: int
    weeks_goal_met: int
    resources_opened: int  # distinct resources (or URLs) opened with /link, ever
    resources_opened_month: int  # distinct ones opened this calendar month
    milestones_reached: list[MilestoneStatus]
    milestones_next: list[MilestoneStatus]


def bar(completed: int, in_progress: int, total: int) -> str:
    if total <= 0:
        return "░" * BAR_CELLS
    full = BAR_CELLS * completed // total
    part = BAR_CELLS * (completed + in_progress) // total - full
    return "█" * full + "▓" * part + "░" * (BAR_CELLS - full - part)


def week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def growth(
    g: Graph,
    st: LearnerState,
    today: dt.date,
    lang: str,
    weekly_goal: int,
    journey_start: dt.date | None = None,
    categories: list[str] | None = None,
) -> Growth:
    lessons = [x for x in st.lessons if x.date <= today]
    days = sorted({x.date for x in lessons})
    studied = {x.concept for x in lessons}
    completed = {c for c in studied if st.of(c).mastered_depth >= COMPLETED_DEPTH}

    cats: list[CategoryProgress] = []
    wanted = categories if categories is not None else list(g.categories)
    per_cat: dict[str, list[str]] = {}
    for cid, con in g.concepts.items():
        per_cat.setdefault(con.category, []).append(cid)
    for cat in wanted:
        members = per_cat.get(cat, [])
        done = sorted((c for c in members if c in completed), key=lambda c: g.order[c])
        going = sorted((c for c in members if c in studied and c not in completed), key=lambda c: g.order[c])
        total = len(members)
        cats.append(
            CategoryProgress(
                id=cat,
                title=g.categories[cat].title.get(lang) if cat in g.categories else cat,
                total=total,
                completed=done,
                in_progress=going,
                percent=100 * len(done) // total if total else 0,
                bar=bar(len(done), len(going), total),
            )
        )

    ws = week_start(today)
    week = [x for x in lessons if ws <= x.date]
    month = [x for x in lessons if (x.date.year, x.date.month) == (today.year, today.month)]
    last7 = sum(1 for x in lessons if today - dt.timedelta(days=6) <= x.date)
    prev7 = sum(1 for x in lessons if today - dt.timedelta(days=13) <= x.date < today - dt.timedelta(days=6))
    trend = "up" if last7 > prev7 else "down" if last7 < prev7 else "steady"
    per_week = Counter(week_start(d) for d in days)
    weeks_met = sum(1 for n in per_week.values() if n >= weekly_goal)

    def distinct(xs: list) -> list[str]:
        out: list[str] = []
        for x in xs:
            if x.concept not in out:
                out.append(x.concept)
        return out

    opened_all: set[str] = set()
    opened_month: set[str] = set()
    for e in st.opened:
        key = e.resource or e.url
        when = e.at.date()
        if when <= today:
            opened_all.add(key)
            if (when.year, when.month) == (today.year, today.month):
                opened_month.add(key)

    level = max((x.depth for x in lessons), default=0)
    current = {
        "concepts_studied": len(studied),
        "concepts_mastered": len(completed),
        "depth_reached": level,
        "weekly_goal_met": weeks_met,
        "sessions": len(lessons),
    }
    reached, upcoming = _milestones(g.milestones, current, lang)
    return Growth(
        today=today,
        journey_start=journey_start or (days[0] if days else None),
        sessions=len(lessons),
        study_days=len(days),
        concepts_studied=len(studied),
        concepts_completed=len(completed),
        level=level,
        categories=cats,
        week_concepts=distinct(week),
        month_concepts=distinct(month),
        last7=last7,
        prev7=prev7,
        trend=trend,
        week_study_days=per_week.get(ws, 0),
        weekly_goal=weekly_goal,
        weeks_goal_met=weeks_met,
        resources_opened=len(opened_all),
        resources_opened_month=len(opened_month),
        milestones_reached=reached,
        milestones_next=upcoming,
    )


def _milestones(
    defs: list[Milestone], current: dict[str, int], lang: str
) -> tuple[list[MilestoneStatus], list[MilestoneStatus]]:
    """Reached: every milestone whose threshold is met (the highest per kind shown last).
    Next: per kind, the lowest threshold not yet met."""
    reached: list[MilestoneStatus] = []
    nxt: dict[str, MilestoneStatus] = {}
    for m in sorted(defs, key=lambda m: (m.kind, m.threshold)):
        cur = current.get(m.kind, 0)
        s = MilestoneStatus(
            id=m.id,
            title=m.title.get(lang).format(n=m.threshold),
            kind=m.kind,
            threshold=m.threshold,
            current=cur,
            missing=max(0, m.threshold - cur),
        )
        if cur >= m.threshold:
            reached.append(s)
        elif m.kind not in nxt:
            nxt[m.kind] = s
    order = ["concepts_studied", "concepts_mastered", "depth_reached", "weekly_goal_met", "sessions"]
    return reached, sorted(nxt.values(), key=lambda s: order.index(s.kind))
