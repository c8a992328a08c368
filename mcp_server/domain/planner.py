"""What to teach today, and the plan after it. Pure: graph + learner state + goals.

The rules (the README's "How the tutor decides" says the same):
- goal: the learner's `goals:` in order, then the milestones of their track (the default
  track when none is named). The current goal is the first one not yet mastered.
- need: the goal concept needs its goal depth; every prerequisite needs one less than the
  deepest depth a dependent on the path needs, and at least 1 (depth d of a concept needs its
  prerequisites at depth >= d-1).
- path: the goal's prerequisite closure, depth-first from the goal with the deepest
  (spine) prerequisite first, so the spine comes first and side concepts hang off it just
  before the concept that needs them; each concept's passes 1..need in turn.
- a step (concept c, depth d) is ready when it is not done (mastered, or taught and not
  failed), c's depth d-1 is mastered with at least SPACING_LESSONS lessons since (d > 1),
  every prerequisite has depth >= max(1, d-1) (taught, mastered or known) and none is held
  back by a failed check at that depth, and no prerequisite was the previous lesson (a
  dependent waits one study day, so the check can come first).
- today: a remedial lesson for a failed check once one other lesson has passed since it
  (so within the next 3 study days, and at once when nothing else is open); else the first ready step of the current goal's path;
  else that path ignoring the one-day wait; else the next goals' paths; else the first
  ready concept in the graph's order.
- when nothing new is open (lessons not yet checked), today revisits the concept taught
  longest ago, at its depth: a review lesson.
- the horizon plays the same rules forward, assuming each planned lesson is checked and
  passes (the plan expects checks: such steps are marked `after_check`).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import InvalidRequest, NotFound
from .graph import Graph
from .learner import MASTERY_THRESHOLD, LearnerState

SPACING_LESSONS = 2  # other lessons between mastering depth d-1 and the pass at depth d
REMEDIAL_AFTER = 1  # other lessons between a failed check and its remedial lesson
REMEDIAL_WITHIN = 3  # ... which therefore comes within this many study days
PACE_WINDOW_DAYS = 28  # the measured pace: lessons per week over this many days
MAX_MONTH = 31


@dataclass(frozen=True)
class Step:
    concept: str
    depth: int
    reason: str  # goal | remedial | deepen | requested | explore | review
    after_check: bool = False  # opens only when an earlier planned lesson's check passes
    goal: int | None = None  # index into Plan.goals of the goal this step serves


@dataclass(frozen=True)
class Target:
    concept: str
    depth: int
    by: dt.date | None = None
    source: str = "goal"  # "goal" (learner.yaml) or a track id


@dataclass(frozen=True)
class Destination:
    """This quarter: where the plan leads, what is still missing, and when at this pace."""

    target: Target
    missing: list[tuple[str, int]]  # (concept, depth it still needs), in path order
    lessons_left: int
    pace_per_week: float
    projected: dt.date | None
    reached: bool = False


@dataclass(frozen=True)
class Plan:
    today: Step
    next: Step | None  # the next lesson if the learner follows the plan: the promise
    week: list[Step]
    month: list[Step]
    quarter: Destination | None
    goals: list[Target] = field(default_factory=list)
    thin: list[tuple[str, int]] = field(default_factory=list)  # prerequisites below what today needs
    held: list[tuple[str, int]] = field(default_factory=list)  # failed prerequisites today builds on
    remedial_of: tuple[str, int] | None = None  # the failed (concept, depth) today re-teaches

    @property
    def goal(self) -> Target | None:
        return self.goals[self.today.goal] if self.today.goal is not None else (self.quarter.target if self.quarter else None)


def _base(st: LearnerState) -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int],
                                     dict[tuple[str, int], int], dict[str, int]]:
    """taught and mastered depths; lessons before each concept's mastering check; the
    shallowest failed depth per concept (held); failed and not re-taught (due); the index
    of each concept's latest lesson."""
    taught: dict[str, int] = {}
    mastered: dict[str, int] = {}
    for c, s in st.concepts.items():
        if s.studied:
            taught[c] = max(s.studied)
        m = max(max(s.mastered, default=0), s.known)
        if m:
            mastered[c] = m
    mastered_at: dict[str, int] = {}  # concept -> lessons published before its mastering check
    held: dict[str, int] = {}  # concept -> shallowest depth whose latest check failed
    due: dict[tuple[str, int], int] = {}  # failed, not re-taught since: -> lessons before the check
    stamps = sorted(x.first_at for x in st.lessons)
    taught_at: dict[tuple[str, int], list[dt.datetime]] = {}
    for x in st.lessons:
        taught_at.setdefault((x.concept, x.depth), []).append(x.first_at)
    for (cid, depth), chk in st.latest_checks.items():
        cs = st.concepts.get(cid)
        if cs is None:
            continue
        before = bisect.bisect_right(stamps, chk.at)
        if chk.score >= MASTERY_THRESHOLD or cs.mastered_depth >= depth:
            if depth >= cs.checked_depth:
                mastered_at[cid] = max(mastered_at.get(cid, 0), before)
            continue
        held[cid] = min(held.get(cid, depth), depth)
        if not any(t > chk.at for t in taught_at.get((cid, depth), ())):
            due[(cid, depth)] = before
    return taught, mastered, mastered_at, held, due, {x.concept: i for i, x in enumerate(st.lessons)}


class _Sim:
    """The parts of the learner state the rules read, cheap to play forward."""

    def __init__(self, g: Graph, st: LearnerState):
        self.g = g
        base = st.memo.get("planner")
        if base is None:  # a pure function of the state: computed once per fold
            base = st.memo["planner"] = _base(st)
        taught, mastered, mastered_at, held, due, last = base
        self.taught, self.mastered, self.mastered_at = dict(taught), dict(mastered), dict(mastered_at)
        self.held, self.due, self.last = dict(held), dict(due), dict(last)
        self.n = len(st.lessons)
        self.prev = st.lessons[-1].concept if st.lessons else None

    # ------------------------------------------------------------------ rules

    def has(self, cid: str, depth: int) -> bool:
        return self.taught.get(cid, 0) >= depth or self.mastered.get(cid, 0) >= depth

    def is_held(self, cid: str, depth: int) -> bool:
        h = self.held.get(cid)
        return h is not None and h <= depth

    def done(self, cid: str, depth: int) -> bool:
        if self.mastered.get(cid, 0) >= depth:
            return True
        return self.taught.get(cid, 0) >= depth and not self.is_held(cid, depth)

    def ready(self, cid: str, depth: int, wait: bool = True) -> bool:
        if self.done(cid, depth) or self.is_held(cid, depth):
            return False
        if depth > 1:
            if self.mastered.get(cid, 0) < depth - 1:
                return False
            at = self.mastered_at.get(cid)
            if at is not None and self.n - at < SPACING_LESSONS:
                return False
        need = max(1, depth - 1)
        for p in self.g.concepts[cid].prerequisites:
            if not self.has(p, need) or self.is_held(p, need) or (wait and p == self.prev):
                return False
        return True

    def remedial(self) -> tuple[str, int] | None:
        due = [(before, key) for key, before in self.due.items() if self.n - before >= REMEDIAL_AFTER]
        return min(due)[1] if due else None

    def learn(self, cid: str, depth: int, assume_pass: bool) -> None:
        self.taught[cid] = max(self.taught.get(cid, 0), depth)
        self.last[cid] = self.n
        self.n += 1
        self.prev = cid
        self.due.pop((cid, depth), None)
        if assume_pass:
            if self.is_held(cid, depth):
                del self.held[cid]
            if depth > self.mastered.get(cid, 0):
                self.mastered[cid] = depth
                self.mastered_at[cid] = self.n


# ---------------------------------------------------------------- paths


def needs(g: Graph, target: Target) -> dict[str, int]:
    """The depth each concept of the target's closure needs (see the module docstring)."""
    need = {target.concept: target.depth}
    for cid in reversed(g.closure(target.concept)):  # dependents before their prerequisites
        d = need.get(cid)
        if d is None:
            continue
        for p in g.concepts[cid].prerequisites:
            need[p] = max(need.get(p, 1), d - 1, 1)
    return need


def path(g: Graph, target: Target) -> list[tuple[str, int]]:
    """Every (concept, depth) pass the target needs, spine first (see the module docstring)."""
    need = needs(g, target)
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(target.concept, False)]
    while stack:
        cid, expanded = stack.pop()
        if expanded:
            order.append(cid)
            continue
        if cid in seen:
            continue
        seen.add(cid)
        stack.append((cid, True))
        # pushed last is visited first: the deepest prerequisite (the spine) first
        prereqs = sorted(g.concepts[cid].prerequisites, key=lambda p: (g.level[p], -g.order[p]))
        stack.extend((p, False) for p in prereqs if p not in seen)
    return [(cid, d) for cid in order for d in range(1, need[cid] + 1)]


def targets(g: Graph, goals: Sequence[Target], track: str | None) -> list[Target]:
    """The learner's goals, then the milestones of their track (or the default track)."""
    tr = g.tracks.get(track) if track else g.default_track()
    out = list(goals)
    if tr:
        out += [Target(m.concept, m.depth, None, tr.id) for m in tr.milestones]
    return out


def reached(sim: _Sim, t: Target) -> bool:
    return sim.mastered.get(t.concept, 0) >= t.depth


class _Picker:
    def __init__(self, g: Graph, sim: _Sim, goals: list[Target], focus: frozenset[str] = frozenset()):
        self.g, self.sim, self.goals = g, sim, goals
        self.paths = [path(g, t) for t in goals]
        self._explore: list[str] | None = None
        # beyond the goals: focus categories first, then the graph's order
        self._rank = lambda c: (g.concepts[c].category not in focus, g.level[c], g.order[c])

    def current(self) -> int | None:
        return next((i for i, t in enumerate(self.goals) if not reached(self.sim, t)), None)

    def pick(self) -> Step | None:
        sim = self.sim
        rem = sim.remedial()
        if rem:
            return Step(rem[0], rem[1], "remedial", goal=self.current())
        cur = self.current()
        if cur is not None:
            for wait in (True, False):
                for cid, d in self.paths[cur]:
                    if sim.ready(cid, d, wait):
                        return Step(cid, d, "deepen" if d > 1 else "goal", goal=cur)
            for i in range(cur + 1, len(self.goals)):
                for cid, d in self.paths[i]:
                    if sim.ready(cid, d):
                        return Step(cid, d, "deepen" if d > 1 else "goal", goal=i)
        step = self._explore_pick()
        if step is None and sim.due:  # nothing else is open: re-teach now rather than stall
            key = min(sim.due, key=sim.due.__getitem__)
            step = Step(key[0], key[1], "remedial", goal=cur)
        if step is None:  # nothing new opens without a check: revisit what was taught longest ago
            old = [c for c in sim.last if c != sim.prev]
            if old:
                cid = min(old, key=sim.last.__getitem__)
                step = Step(cid, sim.taught[cid], "review", goal=cur)
        return step

    def _explore_pick(self) -> Step | None:
        """Beyond every goal: the first ready concept in the graph's order, at its next depth."""
        sim, g = self.sim, self.g
        if self._explore is None:
            ready = [c for c in g.ranked if all(sim.has(p, 1) for p in g.concepts[c].prerequisites)]
            self._explore = sorted(ready, key=self._rank)
        for wait in (True, False):
            for cid in self._explore:
                d = min(sim.mastered.get(cid, 0) + 1, g.max_depth[cid])
                if sim.ready(cid, d, wait):
                    return Step(cid, d, "deepen" if d > 1 else "explore")
        return None

    def learn(self, step: Step, assume_pass: bool) -> None:
        g = self.g
        first = step.concept not in self.sim.taught
        self.sim.learn(step.concept, step.depth, assume_pass)
        if first and self._explore is not None:
            for d in g.dependents.get(step.concept, ()):
                if d not in self._explore and all(self.sim.has(p, 1) for p in g.concepts[d].prerequisites):
                    bisect.insort(self._explore, d, key=self._rank)


# ---------------------------------------------------------------- horizons


def horizon_sizes(today: dt.date, weekly_goal: int, lessons_this_week: int) -> tuple[int, int]:
    """(lessons left this ISO week after today, lessons that fit in the rest of the month).
    `lessons_this_week` counts this week's study days before today."""
    days_left_week = 6 - today.weekday()
    week = max(0, min(weekly_goal - lessons_this_week - 1, days_left_week))
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    week_end = today + dt.timedelta(days=days_left_week)
    month = 0 if week_end >= month_end else min(MAX_MONTH, (month_end - week_end).days * weekly_goal // 7)
    return week, month


def pace(st: LearnerState, today: dt.date, weekly_goal: int) -> float:
    """Lessons per week over the last PACE_WINDOW_DAYS; the weekly goal until there are two weeks."""
    if not st.lessons or (today - st.lessons[0].date).days < 14:
        return float(weekly_goal)
    since = today - dt.timedelta(days=PACE_WINDOW_DAYS)
    window = min(PACE_WINDOW_DAYS, (today - st.lessons[0].date).days + 1)
    n = sum(1 for x in st.lessons if since < x.date <= today)
    return max(0.5, round(7 * n / window, 1))


def destination(picker: _Picker, st: LearnerState, today: dt.date, weekly_goal: int,
                goal: int | None) -> Destination | None:
    """The current goal with what is still missing on its path and a projected date."""
    if not picker.goals:
        return None
    i = goal if goal is not None else picker.current()
    if i is None:
        t = picker.goals[-1]
        return Destination(t, [], 0, pace(st, today, weekly_goal), None, reached=True)
    t = picker.goals[i]
    sim = picker.sim
    left = [(c, d) for c, d in picker.paths[i] if not sim.done(c, d)]
    missing: dict[str, int] = {}
    for c, d in left:
        missing[c] = max(missing.get(c, 0), d)
    lessons = len(left)
    p = pace(st, today, weekly_goal)
    projected = today + dt.timedelta(days=math.ceil(7 * lessons / p)) if lessons else today
    return Destination(t, list(missing.items()), lessons, p, projected)


# ---------------------------------------------------------------- the plan


def resolve_depth(g: Graph, st: LearnerState, cid: str, depth: int | None) -> int:
    con = g.concepts[cid]
    if depth is None:
        return st.next_depth(cid, con.max_depth)
    if depth not in con.objectives:
        have = ", ".join(str(d) for d in sorted(con.objectives))
        raise InvalidRequest(f"depth {depth} is out of range for {cid}: choose one of {have} (or omit it).")
    return depth


def plan(
    g: Graph,
    st: LearnerState,
    today: dt.date,
    *,
    concept: str | None = None,
    depth: int | None = None,
    goals: Iterable[Target] = (),
    track: str | None = None,
    focus: Iterable[str] = (),
    weekly_goal: int = 3,
    lessons_this_week: int = 0,
) -> Plan:
    """Today's step and the horizon. `st` is the state before today's lesson;
    `lessons_this_week` counts this ISO week's lessons before today."""
    sim = _Sim(g, st)
    picker = _Picker(g, sim, targets(g, list(goals), track), frozenset(focus))
    remedial_of = None
    if concept is not None:
        cid = g.concept(concept).id
        d = resolve_depth(g, st, cid, depth)
        first = Step(cid, d, "requested", goal=picker.current())
        if (cid, d) in sim.due or sim.is_held(cid, d):
            remedial_of = (cid, d)
    else:
        if depth is not None:
            raise InvalidRequest("a depth needs a concept: pass both, or neither to let the tutor choose.")
        chosen = picker.pick()
        if chosen is None:
            raise NotFound(
                "nothing is ready to learn: every concept whose prerequisites you have is taught at its next "
                "depth. Record a check with /check to open deeper levels, or name a concept to study again."
            )
        first = chosen
        if first.reason == "remedial":
            remedial_of = (first.concept, first.depth)
    need = max(1, first.depth - 1)
    prereqs = g.concepts[first.concept].prerequisites
    thin = [(p, need) for p in prereqs if not sim.has(p, need)]
    held = [(p, sim.held[p]) for p in prereqs if sim.is_held(p, need)]
    released = {first.concept} if sim.is_held(first.concept, first.depth) else set()
    picker.learn(first, assume_pass=True)
    goal_i = first.goal if first.goal is not None else picker.current()
    quarter = destination(picker, st, today, weekly_goal, goal_i)
    # the horizon assumes each planned lesson is checked and passes; a step that only that
    # assumption opens is marked after_check
    assumed = {first.concept}
    n_week, n_month = horizon_sizes(today, weekly_goal, lessons_this_week)
    ahead: list[Step] = []
    for _ in range(max(1, n_week + n_month)):
        nxt = picker.pick()
        if nxt is None:
            break
        pre = g.concepts[nxt.concept].prerequisites
        if (nxt.depth > 1 and nxt.concept in assumed) or any(p in released for p in pre):
            nxt = Step(nxt.concept, nxt.depth, nxt.reason, True, nxt.goal)
        if sim.is_held(nxt.concept, nxt.depth):
            released.add(nxt.concept)
        ahead.append(nxt)
        picker.learn(nxt, assume_pass=True)
        assumed.add(nxt.concept)
    return Plan(
        today=first,
        next=ahead[0] if ahead else None,
        week=ahead[:n_week],
        month=ahead[n_week : n_week + n_month],
        quarter=quarter,
        goals=picker.goals,
        thin=thin,
        held=held,
        remedial_of=remedial_of,
    )
