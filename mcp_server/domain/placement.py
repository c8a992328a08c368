"""Placement: a short diagnostic on the concepts of the chosen path, turned into `known:` entries.
Pure.

Questions: the curated questions (`knowledge/exercises/*/exercise.yaml`) of the (concept,
depth) steps on the path to the current goal, skipping what `known:` already covers; the next
goals' and milestones' paths join only while there are fewer than PLACEMENT_MAX such steps.
A longer path is sampled evenly from its first step to its last, so the diagnostic spans it
(basics and the goal itself) instead of stopping at the basics. The first question of each
chosen step, then second questions while there are fewer than PLACEMENT_MIN; never more than
PLACEMENT_MAX; in path order.

Marks: the answer-grader's met / not met per criterion. Per (concept, depth) asked, the score
is criteria met / criteria and the rating follows the same rule as a check's
(`scoring.rating`); a depth counts as known when it is Good or Easy (≥ MASTERY_THRESHOLD).
A concept is known at the deepest such depth with no asked depth below it failing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import InvalidRequest
from .events import Rating
from .graph import Graph
from .learner import MASTERY_THRESHOLD
from .planner import Target, path, targets
from .scoring import rating

PLACEMENT_MIN, PLACEMENT_MAX = 5, 8


@dataclass(frozen=True)
class PlacementQuestion:
    id: str  # <exercise id>#<n>, n from 1
    concept: str
    depth: int
    prompt: str
    criteria: list[str]


@dataclass(frozen=True)
class Placed:
    concept: str
    depth: int
    met: int
    total: int
    rating: Rating

    @property
    def passed(self) -> bool:
        return self.met / self.total >= MASTERY_THRESHOLD


def steps(
    g: Graph, goals: Sequence[Target], track: str | None, known: Mapping[str, int]
) -> list[tuple[str, int]]:
    """The (concept, depth) passes of every goal's and milestone's path, in order, once each,
    without those `known` already covers."""
    out: list[tuple[str, int]] = []
    for t in targets(g, goals, track):
        for step in path(g, t):
            if step not in out and known.get(step[0], 0) < step[1]:
                out.append(step)
    return out


def questions(
    g: Graph, goals: Sequence[Target], track: str | None, known: Mapping[str, int], lang: str
) -> list[PlacementQuestion]:
    by_step: dict[tuple[str, int], list[PlacementQuestion]] = {}
    for eid, ef in sorted(g.exercises.items()):
        ex = ef.exercise
        by_step.setdefault((ex.concept, ex.depth), []).extend(
            PlacementQuestion(
                f"{eid}#{i}", ex.concept, ex.depth, q.prompt.get(lang), [c.get(lang) for c in q.criteria]
            )
            for i, q in enumerate(ex.questions, 1)
        )
    chosen: list[tuple[str, int]] = []
    for t in targets(g, goals, track):
        chosen += [s for s in path(g, t) if s in by_step and s not in chosen and known.get(s[0], 0) < s[1]]
        if len(chosen) >= PLACEMENT_MAX:
            break
    if len(chosen) > PLACEMENT_MAX:  # evenly along the path, both ends included
        chosen = [chosen[round(i * (len(chosen) - 1) / (PLACEMENT_MAX - 1))] for i in range(PLACEMENT_MAX)]
    pools = [by_step[s] for s in chosen]
    picked: list[PlacementQuestion] = []
    for rnd in range(max((len(p) for p in pools), default=0)):
        if rnd > 0 and len(picked) >= PLACEMENT_MIN:
            break
        for pool in pools:
            if rnd < len(pool) and len(picked) < PLACEMENT_MAX:
                picked.append(pool[rnd])
    order = {q.id: i for i, q in enumerate(q for pool in pools for q in pool)}
    return sorted(picked, key=lambda q: order[q.id])  # a step's questions together, in path order


def grade(g: Graph, marks: Mapping[str, Sequence[bool]], lang: str) -> list[Placed]:
    """One result per (concept, depth) asked, in the order the marks name them."""
    tally: dict[tuple[str, int], list[int]] = {}
    for qid, ms in marks.items():
        eid, _, n = qid.partition("#")
        ef = g.exercises.get(eid)
        if ef is None or not n.isdigit() or not 1 <= int(n) <= len(ef.exercise.questions):
            raise InvalidRequest(f"placement: unknown question id {qid!r}; use the ids set_profile returned")
        q = ef.exercise.questions[int(n) - 1]
        if len(ms) != len(q.criteria):
            raise InvalidRequest(
                f"placement[{qid!r}]: {len(ms)} marks for {len(q.criteria)} criteria; "
                "give one met/not met per criterion, in order"
            )
        t = tally.setdefault((ef.exercise.concept, ef.exercise.depth), [0, 0])
        t[0] += sum(bool(m) for m in ms)
        t[1] += len(ms)
    return [Placed(c, d, met, total, rating(met / total)) for (c, d), (met, total) in tally.items() if total]


def known_from(results: Sequence[Placed]) -> dict[str, int]:
    """concept -> the deepest passed depth with no asked depth below it failing."""
    out: dict[str, int] = {}
    for cid in dict.fromkeys(r.concept for r in results):
        for r in sorted((r for r in results if r.concept == cid), key=lambda r: r.depth):
            if not r.passed:
                break
            out[cid] = r.depth
    return out
