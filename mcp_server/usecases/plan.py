"""The bridge from a snapshot of the journal to the planner: goals from the profile, this
week's lessons so far, and the state before today's lesson."""

from __future__ import annotations

import datetime as dt

from ..domain.graph import Graph
from ..domain.learner import LearnerState
from ..domain.planner import Plan, Target, plan
from ..domain.progress import week_start
from .context import Snapshot


def state_before(s: Snapshot, day: dt.date, cid: str | None) -> LearnerState:
    """The state a lesson on `day` about `cid` was planned in: a republish sees the world as
    the first publish did (every event before that first publish)."""
    if cid is None:
        return s.st
    prior = s.st.lesson_on(day, cid)
    return s.at(prior.first_at) if prior else s.st


def plan_for(s: Snapshot, today: dt.date, concept: str | None = None, depth: int | None = None,
             st: LearnerState | None = None) -> Plan:
    st = st or s.st
    ws = week_start(today)
    before = len({x.date for x in st.lessons if ws <= x.date < today})
    goals = [Target(x.concept, x.depth, x.by) for x in s.profile.goals]
    return plan(s.g, st, today, concept=concept, depth=depth, goals=goals, track=s.profile.track,
                focus=s.profile.focus_categories, weekly_goal=s.profile.weekly_goal, lessons_this_week=before)


def goal_title(g: Graph, lang: str, p: Plan) -> str | None:
    t = p.goal
    if t is None:
        return None
    return f"{g.concepts[t.concept].title.get(lang)} (depth {t.depth})"
