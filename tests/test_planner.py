"""The planner's rules, one table each, on a small graph built here.

    a ── b ── d ── e          a, c: no prerequisites; d needs b and c; e needs d
    c ───────┘
"""

from __future__ import annotations

import datetime as dt

import pytest

from mcp_server.domain.events import parse
from mcp_server.domain.graph import Graph
from mcp_server.domain.learner import fold
from mcp_server.domain.models import Category, Concept, Text, Track, TrackStep
from mcp_server.domain.planner import (
    REMEDIAL_WITHIN,
    SPACING_LESSONS,
    Target,
    horizon_sizes,
    needs,
    pace,
    path,
    plan,
)

PRE = {"a": [], "c": [], "b": ["a"], "d": ["b", "c"], "e": ["d"]}
DAY0 = dt.date(2026, 3, 2)  # a Monday


def graph(tracks: list[Track] = ()) -> Graph:  # type: ignore[assignment]
    obj = {d: Text(en=f"o{d}", ko=f"o{d}") for d in (1, 2, 3, 4)}
    cons = [Concept(id=c, title=Text(en=c, ko=c), summary=Text(en=c, ko=c), category="cat", prerequisites=p,
                    objectives=obj) for c, p in PRE.items()]
    return Graph.build([Category(id="cat", title=Text(en="Cat", ko="분류"))], cons, tracks=tracks)


def log(*items: tuple) -> list:
    """('L', concept, depth) a lesson, one a day; ('C', score) a check of it that evening."""
    events, day, last = [], DAY0 - dt.timedelta(days=1), None
    for it in items:
        if it[0] == "L":
            day += dt.timedelta(days=1)
        at = dt.datetime.combine(day, dt.time(9 if it[0] == "L" else 20), dt.UTC)
        if it[0] == "L":
            last = it[1:]
            events.append(parse({"type": "lesson_published", "at": at.isoformat(), "date": day.isoformat(),
                                 "lesson": f"{day}-{it[1]}-d{it[2]}", "concept": it[1], "depth": it[2],
                                 "post": "", "title": it[1]}))
        else:
            assert last is not None
            events.append(parse({"type": "check_recorded", "at": at.isoformat(),
                                 "lesson": f"{day}-{last[0]}-d{last[1]}", "concept": last[0], "depth": last[1],
                                 "score": it[1], "rating": "good" if it[1] >= 0.8 else "again"}))
    return events


def today_of(g: Graph, events: list, goal: tuple[str, int] | None = ("e", 1), **kw) -> tuple[str, int, str]:
    p = plan(g, fold(events, known=kw.pop("known", None)), DAY0 + dt.timedelta(days=30),
             goals=[Target(*goal)] if goal else [], **kw)
    return p.today.concept, p.today.depth, p.today.reason


# ---------------------------------------------------------------- the path


@pytest.mark.parametrize(("goal", "expected"), [
    (("e", 1), {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}),
    (("e", 3), {"a": 1, "b": 1, "c": 1, "d": 2, "e": 3}),
    (("d", 4), {"a": 2, "b": 3, "c": 3, "d": 4}),
    (("a", 2), {"a": 2}),
])
def test_each_prerequisite_needs_one_depth_less_than_its_deepest_dependent(goal, expected):
    assert needs(graph(), Target(*goal)) == expected


def test_the_path_puts_the_spine_first_and_side_concepts_just_before_what_needs_them():
    # the spine to e is a-b-d-e (b is deeper than c); c hangs off d, taught right before it
    assert path(graph(), Target("e", 2)) == [("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("e", 2)]


# ---------------------------------------------------------------- choosing today


@pytest.mark.parametrize(("history", "expected"), [
    ((), ("a", 1, "goal")),
    ((("L", "a", 1),), ("c", 1, "goal")),  # b builds on a, taught just before: c first, one day's wait
    ((("L", "a", 1), ("L", "c", 1)), ("b", 1, "goal")),
    ((("L", "a", 1), ("L", "c", 1), ("L", "b", 1)), ("d", 1, "goal")),  # nothing else is open: the wait is waived
])
def test_today_follows_the_goal_path(history, expected):
    assert today_of(graph(), log(*history)) == expected


def test_a_failed_check_is_retaught_on_the_second_study_day_after_it_and_holds_its_dependents():
    g = graph()
    failed = log(("L", "a", 1), ("C", 0.4))
    # the very next lesson keeps the plan made before the check (c), and b (built on a) waits
    assert today_of(g, failed) == ("c", 1, "goal")
    after_one = log(("L", "a", 1), ("C", 0.4), ("L", "c", 1))
    assert today_of(g, after_one) == ("a", 1, "remedial")
    assert REMEDIAL_WITHIN == 3


def test_dependents_wait_until_the_remedial_lesson_passes():
    g = graph()
    retaught = log(("L", "a", 1), ("C", 0.4), ("L", "c", 1), ("L", "a", 1), ("C", 0.3))
    assert today_of(g, retaught)[0] != "b"  # a failed again: b is still held
    passed = log(("L", "a", 1), ("C", 0.4), ("L", "c", 1), ("L", "a", 1), ("C", 0.9), ("L", "c", 2))
    assert today_of(g, passed, goal=("b", 1)) == ("b", 1, "goal")


@pytest.mark.parametrize(("between", "open_"), [(0, False), (1, False), (2, True), (3, True)])
def test_a_deeper_pass_comes_only_after_lessons_in_between(between, open_):
    g = graph()
    fillers = [("L", "c", 1), ("L", "c", 2), ("L", "c", 3)][:between]
    events = log(("L", "a", 1), ("C", 0.9), *fillers)
    st = fold(events)
    p = plan(g, st, DAY0 + dt.timedelta(days=30), goals=[Target("a", 2)])
    assert ((p.today.concept, p.today.depth) == ("a", 2)) is open_
    assert SPACING_LESSONS == 2


@pytest.mark.parametrize(("depth", "prereq_depth", "ok"), [
    (1, 1, True), (2, 1, True), (3, 1, False), (3, 2, True), (4, 2, False), (4, 3, True),
])
def test_depth_d_needs_each_prerequisite_at_depth_d_minus_1(depth, prereq_depth, ok):
    g = graph()
    known = {"a": prereq_depth, "b": depth - 1} if depth > 1 else {"a": prereq_depth}
    p = plan(g, fold([], known=known), DAY0, goals=[Target("b", depth)])
    if ok:
        assert (p.today.concept, p.today.depth) == ("b", depth)
    else:
        assert (p.today.concept, p.today.depth) != ("b", depth)


def test_a_requested_lesson_may_break_the_rule_and_says_which_prerequisite_is_thin():
    p = plan(graph(), fold([]), DAY0, concept="d", depth=2)
    assert p.today.reason == "requested" and sorted(p.thin) == [("b", 1), ("c", 1)]


def test_known_concepts_count_for_prerequisites_but_not_as_lessons():
    st = fold([], known={"a": 2, "b": 1, "c": 1})
    assert st.lessons == [] and st.of("a").mastered_depth == 2 and st.of("a").studied_depth == 0
    assert today_of(graph(), [], known={"a": 2, "b": 1, "c": 1}) == ("d", 1, "goal")


@pytest.mark.parametrize(("checks", "mastered", "next_depth"), [
    ([(2, 0.9)], 2, 3),  # mastering depth 2 without a depth-1 check masters depth 1 too
    ([(1, 0.9), (2, 0.5)], 1, 2),
    ([(1, 0.5)], 0, 1),
    ([(1, 0.5), (1, 0.85)], 1, 2),  # the latest check decides
])
def test_mastering_a_depth_means_every_depth_below(checks, mastered, next_depth):
    items: list[tuple] = []
    for depth, score in checks:
        items += [("L", "a", depth), ("C", score)]
    st = fold(log(*items))
    assert st.of("a").mastered_depth == mastered and st.next_depth("a", 4) == next_depth


def test_without_goals_the_default_track_leads():
    g = graph([Track(id="t", title=Text(en="t", ko="t"), summary=Text(en="t", ko="t"), default=True,
                     milestones=[TrackStep(concept="c", depth=1), TrackStep(concept="e", depth=1)])])
    assert today_of(g, [], goal=None) == ("c", 1, "goal")


# ---------------------------------------------------------------- horizons


@pytest.mark.parametrize(("today", "goal", "before", "week", "month"), [
    (dt.date(2026, 3, 2), 3, 0, 2, 9),  # Monday, none yet: 2 more this week; 22 days after Sunday 3/8 -> 9
    (dt.date(2026, 3, 6), 3, 2, 0, 9),  # Friday, the third study day: nothing more this week
    (dt.date(2026, 3, 8), 5, 0, 0, 16),  # Sunday: the week ends today; 23 days x 5 / 7
    (dt.date(2026, 3, 30), 3, 0, 2, 0),  # the week runs past the month's end
    (dt.date(2026, 3, 2), 14, 0, 6, 31),  # at most the days left; the month is capped
])
def test_this_week_is_the_study_days_left_and_this_month_what_fits(today, goal, before, week, month):
    assert horizon_sizes(today, goal, before) == (week, month)


def test_the_plan_expects_checks_and_marks_what_only_a_check_opens():
    g = graph()
    p = plan(g, fold(log(("L", "a", 1), ("C", 0.9), ("L", "c", 1), ("C", 0.9))), DAY0 + dt.timedelta(days=7),
             goals=[Target("b", 2)], weekly_goal=7)
    steps = [(s.concept, s.depth, s.after_check) for s in [p.today, *p.week, *p.month]]
    assert ("b", 1, False) == steps[0] and ("b", 2, True) in steps


def test_this_quarter_is_the_destination_with_a_projected_date():
    g = graph()
    p = plan(g, fold([]), DAY0, goals=[Target("e", 1)], weekly_goal=3)
    d = p.quarter
    assert d is not None and d.target == Target("e", 1)
    assert d.lessons_left == 4 and [c for c, _ in d.missing] == ["b", "c", "d", "e"]
    assert d.projected == DAY0 + dt.timedelta(days=10)  # 4 lessons at 3 a week: ceil(28 / 3) days


def lessons_on(days: list[int]) -> list:
    out = []
    for i, d in enumerate(days):
        day = DAY0 + dt.timedelta(days=d)
        at = dt.datetime.combine(day, dt.time(9), dt.UTC).isoformat()
        out.append(parse({"type": "lesson_published", "at": at, "date": day.isoformat(), "lesson": f"l{i}",
                          "concept": "a", "depth": 1, "post": "", "title": "a"}))
    return out


@pytest.mark.parametrize(("days", "today", "expected"), [
    ([], 0, 3.0),  # no history: the weekly goal
    ([0, 1, 2, 3, 4, 5, 6, 7], 10, 3.0),  # under two weeks of history: still the goal
    (list(range(28)), 27, 7.0),  # every day for four weeks
    ([0, 7, 14, 21, 3, 10, 17, 24], 27, 2.0),  # twice a week
    ([0, 1, 2, 3, 4, 5, 6, 7, 30], 40, 0.5),  # only the last 28 days count: 1 lesson, floored at 0.5
])
def test_pace_is_the_measured_lessons_per_week(days, today, expected):
    st = fold(lessons_on(days))
    assert pace(st, DAY0 + dt.timedelta(days=today), 3) == expected
