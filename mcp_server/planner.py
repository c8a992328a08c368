"""What to teach today, and the week / month / quarter after it. Pure: graph + learner state.

Picking a concept (when the learner names none):
  candidates  concepts with something new to learn (studied depth < next depth) whose
              prerequisites have all been studied;
  score       continuity: +4 if a prerequisite was taught in the last lesson, +3 if in one of
              the two before it, +2 if in the 7 days before today; +2 for a focus category,
              +1 for a deeper pass over a concept already mastered at the depth below;
  ties        the shallower concept in the prerequisite graph first, then graph order.
The horizon is the same rule played forward: assume each planned lesson happens (studied,
not mastered) and pick again. Week: enough lessons to meet the weekly goal (at least 1, at
most 3); month: the next 4; quarter: the next 6.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import InvalidRequest, NotFound
from .graph import Graph
from .learner import LearnerState

WEEK_MAX, MONTH_N, QUARTER_N = 3, 4, 6


@dataclass(frozen=True)
class Step:
    concept: str
    depth: int
    reason: str  # a reason code: continuity | focus | deepen | foundation | requested


@dataclass(frozen=True)
class Plan:
    today: Step
    week: list[Step]
    month: list[Step]
    quarter: list[Step]


class _Sim:
    """The parts of the learner state the picker needs, cheap to copy forward."""

    def __init__(self, g: Graph, st: LearnerState, today: dt.date):
        self.g = g
        self.studied = {c: s.studied_depth for c, s in st.concepts.items() if s.studied}
        self.mastered = {c: s.mastered_depth for c, s in st.concepts.items() if s.mastered_depth}
        recent_from = today - dt.timedelta(days=7)
        self.recent = {c for c, s in st.concepts.items() if s.last and recent_from <= s.last <= today}
        self.trail = [x.concept for x in st.lessons[-3:]]  # the last three lessons, oldest first
        self.planned: set[tuple[str, int]] = set()
        # candidates: every concept whose prerequisites are all studied
        self.ready = {c for c, con in g.concepts.items() if all(p in self.studied for p in con.prerequisites)}

    def next_depth(self, cid: str) -> int:
        return min(self.mastered.get(cid, 0) + 1, self.g.max_depth[cid])

    def learn(self, cid: str, depth: int) -> None:
        first = cid not in self.studied
        self.studied[cid] = max(self.studied.get(cid, 0), depth)
        self.planned.add((cid, depth))
        self.recent.add(cid)
        self.trail = [*self.trail[-2:], cid]
        if first:
            for d in self.g.dependents.get(cid, ()):
                if all(p in self.studied for p in self.g.concepts[d].prerequisites):
                    self.ready.add(d)

    def _score(self, cid: str, focus: set[str]) -> tuple[int, str, int] | None:
        depth = self.next_depth(cid)
        if self.studied.get(cid, 0) >= depth or (cid, depth) in self.planned:
            return None
        con = self.g.concepts[cid]
        score, reason = 0, "foundation"
        pre = con.prerequisites
        if self.trail and self.trail[-1] in pre:
            score, reason = 4, "continuity"
        elif any(p in self.trail for p in pre):
            score, reason = 3, "continuity"
        elif any(p in self.recent for p in pre):
            score, reason = 2, "continuity"
        if con.category in focus:
            score += 2
            reason = "focus" if reason == "foundation" else reason
        if depth > 1:
            score += 1
            reason = "deepen" if reason == "foundation" else reason
        return score, reason, depth

    def pick(self, focus: set[str]) -> Step | None:
        """The best candidate by (score desc, level, graph order). Only dependents of recent
        lessons can earn continuity, so they are scored first; the rest are scanned in graph
        order and the scan stops as soon as nothing later can win."""
        g = self.g
        best: tuple[tuple[int, int], int, Step] | None = None  # ((level, order), score, step)

        def consider(cid: str) -> int | None:
            nonlocal best
            r = self._score(cid, focus)
            if r is None:
                return None
            score, reason, depth = r
            rank = (g.level[cid], g.order[cid])
            if best is None or (-score, rank) < (-best[1], best[0]):
                best = (rank, score, Step(cid, depth, reason))
            return score

        near = {d for c in self.recent.union(self.trail) for d in g.dependents.get(c, ())} & self.ready
        for cid in near:
            consider(cid)
        cap = (2 if focus else 0) + 1  # the most a concept without continuity can score
        for cid in g.ranked:
            if cid in near or cid not in self.ready:
                continue
            if best is not None and best[1] >= cap and (g.level[cid], g.order[cid]) > best[0]:
                break
            if consider(cid) == cap:
                break
        return best[2] if best else None


def choose(g: Graph, st: LearnerState, today: dt.date, focus: set[str]) -> Step:
    step = _Sim(g, st, today).pick(focus)
    if step is None:
        raise NotFound(
            "every concept whose prerequisites you have studied is already studied at its next depth; "
            "record a check with /check to open deeper levels, or name a concept to study again."
        )
    return step


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
    focus: set[str] | None = None,
    weekly_goal: int = 3,
    sessions_this_week: int = 0,
) -> Plan:
    """Today's step and the horizon. `sessions_this_week` excludes today's lesson."""
    focus = focus or set()
    if concept is not None:
        cid = g.concept(concept).id
        first = Step(cid, resolve_depth(g, st, cid, depth), "requested")
    else:
        if depth is not None:
            raise InvalidRequest("a depth needs a concept: pass both, or neither to let the tutor choose.")
        first = choose(g, st, today, focus)
    sim = _Sim(g, st, today)
    sim.learn(first.concept, first.depth)
    week_n = min(WEEK_MAX, max(1, weekly_goal - sessions_this_week - 1))
    horizon: list[Step] = []
    for _ in range(week_n + MONTH_N + QUARTER_N):
        nxt = sim.pick(focus)
        if nxt is None:
            break
        horizon.append(nxt)
        sim.learn(nxt.concept, nxt.depth)
    return Plan(
        today=first,
        week=horizon[:week_n],
        month=horizon[week_n : week_n + MONTH_N],
        quarter=horizon[week_n + MONTH_N :],
    )
