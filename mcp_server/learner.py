"""The learner model: a pure fold over the event log. No I/O.

- studied depth of a concept: the highest depth at which a lesson was published;
- mastered depth: the highest depth d such that a check at depth d scored at or above
  MASTERY_THRESHOLD (and every depth below it was mastered too, or d is 1);
- next depth: one more than the mastered depth (so 1 until a check says otherwise), capped at
  the concept's deepest objective. Until /check exists nothing is mastered, so a concept
  already studied is not offered again on its own; the learner can still ask for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MASTERY_THRESHOLD = 0.8  # a check score (0..1) at or above this masters that depth


@dataclass(frozen=True)
class Lesson:
    id: str
    date: dt.date
    concept: str
    depth: int
    post: str
    title: str
    files: dict[str, str]
    exercise: str | None
    exercise_dir: str
    at: str = ""
    questions: tuple[Any, ...] = ()
    resources: tuple[str, ...] = ()  # the voices and reading the post numbered, in order


@dataclass
class ConceptState:
    studied: dict[int, list[dt.date]] = field(default_factory=dict)  # depth -> lesson dates
    mastered: set[int] = field(default_factory=set)
    last: dt.date | None = None

    @property
    def studied_depth(self) -> int:
        return max(self.studied, default=0)

    @property
    def mastered_depth(self) -> int:
        d = 0
        while d + 1 in self.mastered:
            d += 1
        return d


@dataclass
class LearnerState:
    lessons: list[Lesson] = field(default_factory=list)  # one per lesson id, in date order
    concepts: dict[str, ConceptState] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)  # lesson id -> last check event
    opened: list[dict[str, Any]] = field(default_factory=list)  # resource_opened events

    def of(self, cid: str) -> ConceptState:
        return self.concepts.get(cid) or ConceptState()

    def studied(self, cid: str) -> bool:
        return cid in self.concepts and bool(self.concepts[cid].studied)

    def next_depth(self, cid: str, max_depth: int) -> int:
        return min(self.of(cid).mastered_depth + 1, max_depth)

    def lesson(self, lesson_id: str) -> Lesson | None:
        for les in reversed(self.lessons):
            if les.id == lesson_id:
                return les
        return None

    def with_lesson(self, lesson: Lesson) -> LearnerState:
        """A copy with one more lesson (or a republished one replaced): for previews."""
        return fold_lessons([*self.lessons, lesson], self)


def _lesson(ev: dict[str, Any]) -> Lesson | None:
    try:
        return Lesson(
            id=str(ev["lesson"]),
            date=dt.date.fromisoformat(str(ev["date"])),
            concept=str(ev["concept"]),
            depth=int(ev["depth"]),
            post=str(ev.get("post", "")),
            title=str(ev.get("title", ev["concept"])),
            files=dict(ev.get("files") or {}),
            exercise=ev.get("exercise"),
            exercise_dir=str(ev.get("exercise_dir", "")),
            at=str(ev.get("at", "")),
            questions=tuple(ev.get("questions") or ()),
            resources=tuple(ev.get("resources") or ()),
        )
    except (KeyError, ValueError, TypeError):
        return None


def fold_lessons(lessons: Iterable[Lesson], base: LearnerState | None = None) -> LearnerState:
    st = LearnerState(
        checks=dict(base.checks) if base else {},
        opened=list(base.opened) if base else [],
    )
    by_key: dict[tuple[dt.date, str], Lesson] = {}
    for les in lessons:
        key = (les.date, les.concept)
        by_key.pop(key, None)  # a republished lesson (same day, same concept) replaces the earlier
        by_key[key] = les
    st.lessons = sorted(by_key.values(), key=lambda x: (x.date, x.at, x.id))
    by_id = {les.id: les for les in st.lessons}
    for les in st.lessons:
        cs = st.concepts.setdefault(les.concept, ConceptState())
        cs.studied.setdefault(les.depth, []).append(les.date)
        cs.last = les.date if cs.last is None or les.date > cs.last else cs.last
    for chk in st.checks.values():
        checked = by_id.get(str(chk.get("lesson")))
        if checked and float(chk.get("score", 0)) >= MASTERY_THRESHOLD:
            st.concepts.setdefault(checked.concept, ConceptState()).mastered.add(checked.depth)
    return st


def fold(events: Iterable[dict[str, Any]]) -> LearnerState:
    """Every state is derived here from the log; there is no second copy to drift."""
    lessons: list[Lesson] = []
    base = LearnerState()
    for ev in events:
        t = ev.get("type")
        if t == "lesson_published":
            les = _lesson(ev)
            if les:
                lessons.append(les)
        elif t == "check_recorded":
            base.checks[str(ev.get("lesson"))] = ev  # recording twice is idempotent: last wins
        elif t == "resource_opened":
            base.opened.append(ev)
    return fold_lessons(lessons, base)
