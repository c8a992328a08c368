"""The learner model: one pure fold over the event log. No I/O.

Every derived state — lessons, depths studied and mastered, checks, exercise runs, memory
cards, resources opened, link verdicts, the files the tutor wrote — comes from `fold`, so
there is no second copy to drift. `fold(events, until=...)` is the state as it was then.

- taught depth of a concept: the deepest depth at which a lesson was published;
- mastered depth: the deepest depth d whose latest check scored at or above
  MASTERY_THRESHOLD — mastering d means every depth below d too — or the depth the learner
  declared as `known:` in learner.yaml, whichever is deeper;
- next depth: mastered depth + 1, capped at the concept's deepest objective;
- has(c, d): taught, mastered or known at depth >= d — what a prerequisite needs;
- memory cards: replayed from checks and /review answers; a review moves the card, never mastery.
Known concepts count for prerequisites and plans, never as lessons or sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .events import (
    CheckRecorded,
    Event,
    ExerciseRun,
    FilesIntended,
    LessonPublished,
    LinksChecked,
    MemoryEvent,
    ResourceOpened,
    ReviewRecorded,
    Verdict,
)

if TYPE_CHECKING:
    from .memory import CardState

MASTERY_THRESHOLD = 0.8  # a check score (0..1) at or above this masters that depth
GOOD_VERDICTS = frozenset({"ok", "redirected"})
VERIFIED_FOR = dt.timedelta(days=90)  # an ok link verdict older than this no longer lets a post cite it
# an unchanged verdict is logged again only this long after the last one, so repeated checks keep
# a link verified without the append-only log growing by every run's full list
REFRESH_VERDICT_AFTER = dt.timedelta(days=30)


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
    at: dt.datetime
    first_at: dt.datetime  # when this lesson (date, concept) was first published
    questions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (prompt, rubric criteria)
    resources: tuple[str, ...] = ()  # the voices and reading the post numbered, in order
    reason: str = ""
    remedial: bool = False
    window: str = ""

    @classmethod
    def of(cls, ev: LessonPublished, first_at: dt.datetime | None = None) -> Lesson:
        return cls(
            id=ev.lesson, date=ev.date, concept=ev.concept, depth=ev.depth, post=ev.post, title=ev.title,
            files=dict(ev.files), exercise=ev.exercise, exercise_dir=ev.exercise_dir, at=ev.at,
            first_at=first_at or ev.at, questions=tuple((q.prompt, tuple(q.criteria)) for q in ev.questions),
            resources=tuple(ev.resources), reason=ev.reason, remedial=ev.remedial, window=ev.window,
        )


@dataclass
class ConceptState:
    studied: dict[int, list[dt.date]] = field(default_factory=dict)  # depth -> lesson dates
    mastered: set[int] = field(default_factory=set)  # depths whose latest check passed
    failed: set[int] = field(default_factory=set)  # depths whose latest check did not pass
    known: int = 0  # declared in learner.yaml
    last: dt.date | None = None

    @property
    def studied_depth(self) -> int:
        """The deepest depth taught in a lesson (lessons only, never `known`)."""
        return max(self.studied, default=0)

    @property
    def checked_depth(self) -> int:
        """The deepest depth mastered by a check (mastering d implies every depth below)."""
        return max(self.mastered, default=0)

    @property
    def mastered_depth(self) -> int:
        return max(self.checked_depth, self.known)

    def has(self, depth: int) -> bool:
        return depth <= 0 or self.studied_depth >= depth or self.mastered_depth >= depth


@dataclass
class LearnerState:
    lessons: list[Lesson] = field(default_factory=list)  # one per (date, concept), in date order
    concepts: dict[str, ConceptState] = field(default_factory=dict)
    checks: dict[str, CheckRecorded] = field(default_factory=dict)  # lesson id -> its latest check
    check_log: list[CheckRecorded] = field(default_factory=list)  # every check, in log order
    latest_checks: dict[tuple[str, int], CheckRecorded] = field(default_factory=dict)  # (concept, depth) -> latest
    memory_log: list[MemoryEvent] = field(default_factory=list)  # checks and reviews, in log order: the cards
    runs: dict[str, ExerciseRun] = field(default_factory=dict)  # lesson id -> its latest run
    opened: list[ResourceOpened] = field(default_factory=list)
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # url -> latest link verdict
    written: dict[str, set[str]] = field(default_factory=dict)  # path -> every hash the tutor wrote or intended there
    known: dict[str, int] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # derived views, per fold

    def of(self, cid: str) -> ConceptState:
        return self.concepts.get(cid) or ConceptState(known=self.known.get(cid, 0))

    def studied(self, cid: str) -> bool:
        return cid in self.concepts and bool(self.concepts[cid].studied)

    def next_depth(self, cid: str, max_depth: int) -> int:
        return min(self.of(cid).mastered_depth + 1, max_depth)

    def lesson(self, lesson_id: str) -> Lesson | None:
        for les in reversed(self.lessons):
            if les.id == lesson_id:
                return les
        return None

    def lesson_on(self, day: dt.date, cid: str) -> Lesson | None:
        return next((x for x in reversed(self.lessons) if x.date == day and x.concept == cid), None)

    def last_check(self, day: dt.date | None = None) -> CheckRecorded | None:
        """The latest check recorded (on `day` or before, when given)."""
        return next((c for c in reversed(self.check_log) if day is None or c.at.date() <= day), None)

    def verified_links(self, now: dt.datetime) -> list[str]:
        """URLs whose latest check was ok or redirected, within VERIFIED_FOR of `now`."""
        return [u for u, v in self.verdicts.items() if v.verdict in GOOD_VERDICTS and now - v.checked_at <= VERIFIED_FOR]

    def verdict_is_news(self, v: Verdict) -> bool:
        """Whether `v` tells the log something: a new URL, a changed outcome, or a due refresh."""
        old = self.verdicts.get(v.url)
        return (old is None or (old.verdict, old.status, old.final_url) != (v.verdict, v.status, v.final_url)
                or v.checked_at - old.checked_at >= REFRESH_VERDICT_AFTER)

    def cards(self) -> dict[tuple[str, int], CardState]:
        """One FSRS memory card per (concept, depth), replayed from the checks and reviews."""
        from .memory import cards  # fsrs is imported only when cards are needed

        return cards(self.memory_log)

    def with_lesson(self, lesson: Lesson) -> LearnerState:
        """A copy with one more lesson (or a republished one replaced): for previews."""
        st = LearnerState(checks=self.checks, check_log=self.check_log, memory_log=self.memory_log, runs=self.runs,
                          opened=self.opened, verdicts=self.verdicts, written=self.written, known=self.known)
        _index([x for x in self.lessons if (x.date, x.concept) != (lesson.date, lesson.concept)] + [lesson], st)
        return st


def _included(ev: Event, until: dt.date | dt.datetime | None) -> bool:
    if until is None:
        return True
    if isinstance(until, dt.datetime):
        return ev.at < until
    day = ev.date if isinstance(ev, LessonPublished) else ev.at.date()
    return day <= until


def _index(lessons: list[Lesson], st: LearnerState) -> None:
    st.lessons = sorted(lessons, key=lambda x: (x.date, x.first_at, x.id))
    concepts = st.concepts = {cid: ConceptState(known=d) for cid, d in st.known.items()}

    def state(cid: str) -> ConceptState:
        cs = concepts.get(cid)
        if cs is None:
            cs = concepts[cid] = ConceptState(known=st.known.get(cid, 0))
        return cs

    for les in st.lessons:
        cs = state(les.concept)
        cs.studied.setdefault(les.depth, []).append(les.date)
        if cs.last is None or les.date > cs.last:
            cs.last = les.date
    # the latest check per (concept, depth) decides: a pass masters it, a later fail reopens it
    st.latest_checks = {(chk.concept, chk.depth): chk for chk in st.check_log}
    for (cid, depth), chk in st.latest_checks.items():
        cs = state(cid)
        (cs.mastered if chk.score >= MASTERY_THRESHOLD else cs.failed).add(depth)
    for cs in concepts.values():
        if cs.failed:
            cs.failed -= {d for d in cs.failed if d <= cs.checked_depth}


def fold(events: Iterable[Event], until: dt.date | dt.datetime | None = None,
         known: Mapping[str, int] | None = None) -> LearnerState:
    """The learner state from the log. `until` a date: events of that day and before; a
    datetime: events strictly before it. `known`: concept -> depth from learner.yaml."""
    st = LearnerState(known=dict(known or {}))
    by_key: dict[tuple[dt.date, str], Lesson] = {}
    for ev in events:
        if not _included(ev, until):
            continue
        if isinstance(ev, LessonPublished):
            key = (ev.date, ev.concept)
            prior = by_key.pop(key, None)  # a republished lesson replaces the earlier one
            by_key[key] = Lesson.of(ev, prior.first_at if prior else None)
            for path, digest in ev.files.items():
                st.written.setdefault(path, set()).add(digest)
        elif isinstance(ev, CheckRecorded):
            st.checks[ev.lesson] = ev  # recording twice is idempotent: the last one wins
            st.check_log.append(ev)
            st.memory_log.append(ev)
            if ev.feedback and ev.feedback_sha256:
                st.written.setdefault(ev.feedback, set()).add(ev.feedback_sha256)
        elif isinstance(ev, ReviewRecorded):  # moves the memory card only; mastery is the checks'
            st.memory_log.append(ev)
        elif isinstance(ev, ExerciseRun):
            st.runs[ev.lesson] = ev
        elif isinstance(ev, ResourceOpened):
            st.opened.append(ev)
        elif isinstance(ev, LinksChecked):
            for v in ev.results:
                st.verdicts[v.url] = v
        elif isinstance(ev, FilesIntended):  # write-ahead: the tutor's, even if never confirmed
            for path, digest in ev.files.items():
                st.written.setdefault(path, set()).add(digest)
    _index(list(by_key.values()), st)
    return st
