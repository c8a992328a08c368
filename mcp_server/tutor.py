"""The tutor's use cases over one journal: status, search, plan, publish.

Both faces (the MCP server and the `ai-tutor` CLI) call these methods and nothing else, so
the tests drive this class directly. Everything computed here is returned as a pydantic model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from . import __version__
from .errors import EditedByLearner, InvalidRequest, JournalError, NotFound, PublishRefused
from .graph import Graph
from .journal import Journal, inside, sha256, write_new_or_owned
from .knowledge import load_knowledge
from .learner import LearnerState, Lesson, fold
from .models import Concept, LearnerProfile, Resource, Slots
from .planner import Plan, plan
from .postcheck import canon_set, check_slots
from .progress import Growth, growth, week_start
from .render import ExerciseView, LessonContext, render_post
from .site import post_url, slugify
from .yamlio import YamlProblem, load

VOICE_KINDS = {"interview", "podcast", "talk"}
MAX_VOICES, MAX_READING, MAX_PAPERS = 3, 4, 8
LESSON_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)-d([1-4])$")


# ---------------------------------------------------------------- answers


class Ref(BaseModel):
    id: str
    title: str
    depth: int


class HistoryItem(Ref):
    date: dt.date
    post: str


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
    level: int
    streak_weeks_goal_met: int
    this_week: str
    trend: str
    categories: list[CategoryLine]
    recent: list[HistoryItem]
    next_up: Ref | None
    next_milestone: str | None
    resources_opened: int
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


class BriefPaper(BaseModel):
    title: str
    year: int
    month: int
    url: str
    contribution: str


class BriefResource(BaseModel):
    n: int
    id: str
    person: str
    affiliation: str
    title: str
    show: str
    date: dt.date
    url: str
    summary: str


class BriefQuote(BaseModel):
    text: str
    by: str
    source: str


class BriefQuestion(BaseModel):
    prompt: str
    criteria: list[str]


class BriefExercise(BaseModel):
    curated: bool
    instructions: str
    questions: list[BriefQuestion]
    starter: str
    tests: str


class LessonBrief(BaseModel):
    lesson_id: str
    date: dt.date
    language: str
    concept: str
    title: str
    summary: str
    category: str
    depth: int
    objective: str
    earlier_objectives: dict[int, str]
    reason: str
    prerequisites: list[HistoryItem | Ref]
    recent: list[HistoryItem]
    week: list[Ref]
    month: list[Ref]
    quarter: list[Ref]
    papers: list[BriefPaper]
    voices: list[BriefResource]
    reading: list[BriefResource]
    quotes: list[BriefQuote]
    links: list[str]
    exercise: BriefExercise | None
    last_check: str | None  # what the last /check found, for the intro
    reviews: list[str]  # concepts to refresh today
    slots: dict[str, str]
    rules: list[str]
    warnings: list[str]


class PublishResult(BaseModel):
    lesson_id: str
    journal: str
    post: str
    url: str
    written: list[str]
    kept: list[str]
    updated: bool
    sessions: int
    warnings: list[str]


SLOT_GUIDE = {
    "intro": "2-3 sentences: what today builds on (from `recent`) and what today adds.",
    "why_now": "Why this matters in AI today. Facts only from the brief or well known; no figures you cannot source.",
    "core_why": "Why the idea exists: the problem it solves; an analogy.",
    "core_how": "How it works at today's depth: the formula (```text block) and a runnable ```python example.",
    "core_when": "When to use it, real uses, trade-offs.",
    "core_who": "Who introduced it and why (from `papers`); quotation marks only for `quotes`, word for word.",
    "core_where": "Where it is heading: variants and open problems (concepts in `week`/`month`/`quarter`).",
}
RULES = [
    "Write in the brief's `language`; Markdown; headings only ### or deeper.",
    "Every ```python block must parse. Mark pseudo-code as ```text.",
    "Links: only URLs from `links`. Quotes: only `quotes`, verbatim, with their person; otherwise paraphrase without quotation marks.",
    "Do not write dates, depths, progress figures, resource lists or timelines: the server renders them.",
]


class Tutor:
    def __init__(self, journal: Journal, curated: Graph | None = None, knowledge_dir: Path | None = None,
                 clock: Callable[[], dt.datetime] | None = None):
        self.journal = journal
        self._knowledge_dir = knowledge_dir
        self._curated = curated
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._merged: tuple[tuple[int, int] | None, Graph] | None = None
        self._verified_exercises: set[str] = set()  # hashes of written exercises that passed the sandbox
        self.open_options: dict = {}  # options for opening a browser (tests inject a launcher and environment)
        self.link_options: dict = {}  # options for the link checker (tests point it at local servers)

    # ------------------------------------------------------------------ state

    def graph(self) -> Graph:
        """The curated graph, with the learner's own concepts merged when they have any."""
        if self._curated is None:
            self._curated = load_knowledge(self._knowledge_dir) if self._knowledge_dir else load_knowledge()
        p = self.journal.additions_path
        try:
            st = p.stat()
            key: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            return self._curated
        if self._merged and self._merged[0] == key:
            return self._merged[1]
        kd = self._knowledge_dir
        g = load_knowledge(kd, p) if kd else load_knowledge(additions=p)
        self._merged = (key, g)
        return g

    def now(self, profile: LearnerProfile) -> dt.datetime:
        return self._clock().astimezone(ZoneInfo(profile.timezone))

    def _load(self) -> tuple[Graph, LearnerProfile, LearnerState, list[dict], list[str]]:
        """Everything a use case reads, the log read once: graph, profile, state, events, warnings."""
        profile = self.journal.profile()
        g = self.graph()
        events, warnings = self.journal.events()
        return g, profile, fold(events), events, warnings

    def _site(self) -> tuple[str | None, str | None]:
        cfg = self.journal.root / "_config.yml"
        if not cfg.is_file():
            return None, None
        try:
            data, _ = load(cfg)
        except YamlProblem:
            return None, None
        if not isinstance(data, dict):
            return None, None
        return data.get("permalink"), data.get("baseurl")

    # ------------------------------------------------------------------ status

    def status(self, today: dt.date | None = None) -> Status:
        g, profile, st, _, warnings = self._load()
        today = today or self.now(profile).date()
        gr = growth(g, st, today, profile.language, profile.weekly_goal, profile.journey_start)
        try:
            nxt = plan(g, st, today, focus=set(profile.focus_categories), weekly_goal=profile.weekly_goal).today
            next_up: Ref | None = Ref(id=nxt.concept, title=g.concepts[nxt.concept].title.get(profile.language), depth=nxt.depth)
        except NotFound:
            next_up = None
        lang = profile.language
        return Status(
            journal=str(self.journal.root),
            language=lang,
            today=today,
            sessions=gr.sessions,
            concepts_studied=gr.concepts_studied,
            concepts_completed=gr.concepts_completed,
            level=gr.level,
            streak_weeks_goal_met=gr.weeks_goal_met,
            this_week=f"{gr.week_study_days}/{gr.weekly_goal} study days",
            trend=gr.trend,
            categories=[
                CategoryLine(title=c.title, completed=len(c.completed), in_progress=len(c.in_progress), total=c.total, percent=c.percent)
                for c in gr.categories
                if c.completed or c.in_progress
            ],
            recent=[self._hist(g, lang, x) for x in st.lessons[-5:]],
            next_up=next_up,
            next_milestone=(gr.milestones_next[0].title if gr.milestones_next else None),
            resources_opened=gr.resources_opened,
            warnings=warnings,
        )

    @staticmethod
    def _hist(g: Graph, lang: str, x: Lesson) -> HistoryItem:
        con = g.concepts.get(x.concept)
        return HistoryItem(id=x.concept, title=con.title.get(lang) if con else x.title, depth=x.depth, date=x.date, post=x.post)

    # ------------------------------------------------------------------ search

    def find(self, query: str, limit: int = 8) -> FindResult:
        g, profile, st, _, _ = self._load()
        hits = []
        for cid, score in g.search(query, limit):
            con = g.concepts[cid]
            hits.append(
                ConceptHit(
                    id=cid,
                    title_en=con.title.en,
                    title_ko=con.title.ko,
                    category=con.category,
                    score=round(score, 1),
                    studied_depth=st.of(cid).studied_depth,
                    next_depth=st.next_depth(cid, con.max_depth),
                )
            )
        return FindResult(query=query, hits=hits)

    # ------------------------------------------------------------------ plan

    def _today(self, profile: LearnerProfile, date: str | dt.date | None) -> dt.date:
        if date is None:
            return self.now(profile).date()
        if isinstance(date, dt.date):
            return date
        try:
            return dt.date.fromisoformat(date)
        except ValueError as e:
            raise InvalidRequest(f"date {date!r} is not YYYY-MM-DD; omit it to use today") from e

    def _plan(self, g: Graph, profile: LearnerProfile, st: LearnerState, today: dt.date,
              concept: str | None, depth: int | None) -> Plan:
        # sessions this week before today's lesson (a republish of today does not count twice)
        ws = week_start(today)
        before = sum(1 for x in st.lessons if ws <= x.date < today)
        return plan(g, st, today, concept=concept, depth=depth, focus=set(profile.focus_categories),
                    weekly_goal=profile.weekly_goal, sessions_this_week=before)

    def plan_lesson(self, concept: str | None = None, depth: int | None = None, date: str | dt.date | None = None) -> LessonBrief:
        g, profile, st, events, warnings = self._load()
        today = self._today(profile, date)
        p = self._plan(g, profile, st, today, concept, depth)
        con = g.concepts[p.today.concept]
        lang = profile.language
        lesson_id = f"{today.isoformat()}-{con.id}-d{p.today.depth}"
        st = self._without(st, today, con.id)
        voices, reading, papers = self._materials(g, con)
        ex = self._exercise_brief(g, lang, con, p.today.depth)

        def ref(s):  # noqa: ANN001
            return Ref(id=s.concept, title=g.concepts[s.concept].title.get(lang), depth=s.depth)

        prereqs: list[HistoryItem | Ref] = []
        for pid in con.prerequisites:
            last = next((x for x in reversed(st.lessons) if x.concept == pid), None)
            prereqs.append(self._hist(g, lang, last) if last else Ref(id=pid, title=g.concepts[pid].title.get(lang), depth=0))
        quotes = [BriefQuote(text=q.text, by=r.person, source=q.source) for r in voices + reading for q in r.quotes]
        quotes += [BriefQuote(text=q.text, by=pp.first_author, source=q.source) for pp in papers for q in pp.quotes]
        return LessonBrief(
            lesson_id=lesson_id,
            date=today,
            language=lang,
            concept=con.id,
            title=con.title.get(lang),
            summary=con.summary.get(lang),
            category=con.category,
            depth=p.today.depth,
            objective=con.objectives[p.today.depth].get(lang),
            earlier_objectives={d: o.get(lang) for d, o in con.objectives.items() if d < p.today.depth},
            reason=g.t(lang, f"reason_{p.today.reason}"),
            prerequisites=prereqs,
            recent=[self._hist(g, lang, x) for x in self._recent(st, today)],
            week=[ref(s) for s in p.week],
            month=[ref(s) for s in p.month],
            quarter=[ref(s) for s in p.quarter],
            papers=[BriefPaper(title=x.title, year=x.year, month=x.month, url=x.url, contribution=x.contribution.get(lang)) for x in papers],
            voices=[self._res(i, r, lang) for i, r in enumerate(voices, 1)],
            reading=[self._res(i, r, lang) for i, r in enumerate(reading, len(voices) + 1)],
            quotes=quotes,
            links=sorted({x.url for x in papers} | {r.url for r in voices + reading}),
            exercise=ex,
            last_check=self._check_line(g, lang, events, today),
            reviews=[f"{g.concepts[c].title.get(lang)} (depth {d}): {round(100 * r)}%"
                     for c, d, r, _ in self._reviews(g, events, con, today, profile)],
            slots=dict(SLOT_GUIDE)
            | ({} if ex and ex.curated else {
                "questions": "2-4 questions, each with 2-4 rubric criteria (met / not met).",
                "exercise": "instructions, starter (TODOs), tests (test_* functions, `from exercise import ...`), solution.",
            }),
            rules=RULES,
            warnings=warnings,
        )

    @staticmethod
    def _res(n: int, r: Resource, lang: str) -> BriefResource:
        return BriefResource(n=n, id=r.id, person=r.person, affiliation=r.affiliation, title=r.title, show=r.show,
                             date=r.date, url=r.url, summary=r.summary.get(lang))

    @staticmethod
    def _without(st: LearnerState, day: dt.date, cid: str) -> LearnerState:
        """The state before this lesson: a republish must see the world as the first publish did."""
        if not any(x.date == day and x.concept == cid for x in st.lessons):
            return st
        from .learner import fold_lessons

        return fold_lessons([x for x in st.lessons if not (x.date == day and x.concept == cid)], st)

    @staticmethod
    def _recent(st: LearnerState, today: dt.date) -> list[Lesson]:
        return [x for x in st.lessons if today - dt.timedelta(days=7) <= x.date < today]

    def _materials(self, g: Graph, con: Concept) -> tuple[list[Resource], list[Resource], list]:
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

    def _exercise_brief(self, g: Graph, lang: str, con: Concept, depth: int) -> BriefExercise | None:
        eid = g.exercise_of.get((con.id, depth))
        if not eid:
            return None
        ef = g.exercises[eid]
        e = ef.exercise
        return BriefExercise(
            curated=True,
            instructions=e.instructions.get(lang),
            questions=[BriefQuestion(prompt=q.prompt.get(lang), criteria=[c.get(lang) for c in q.criteria]) for q in e.questions],
            starter=ef.starter,
            tests=ef.visible_tests,
        )

    # ------------------------------------------------------------------ publish

    def publish(self, lesson_id: str, slots: Slots) -> PublishResult:
        m = LESSON_ID.match(lesson_id.strip())
        if not m:
            raise InvalidRequest(f"lesson_id {lesson_id!r} is not one plan_lesson returned (YYYY-MM-DD-<concept>-d<depth>); call plan_lesson first")
        day, cid, depth = dt.date.fromisoformat(m[1]), m[2], int(m[3])
        g, profile, st_all, events, warnings = self._load()
        if cid not in g.concepts:
            raise NotFound(f"lesson {lesson_id}: unknown concept {cid!r}; call plan_lesson again")
        con = g.concepts[cid]
        lang = profile.language
        previous = next((x for x in reversed(st_all.lessons) if x.date == day and x.concept == cid), None)
        st = self._without(st_all, day, cid)
        p = self._plan(g, profile, st, day, cid, depth)
        voices, reading, papers = self._materials(g, con)

        slug = slugify(con.title.en, fallback=cid)
        post_rel = f"_posts/{day.isoformat()}-{slug}.md"
        ex_rel = f"exercises/{day.isoformat()}-{slug}"
        eid = g.exercise_of.get((cid, depth))
        from .library import verified

        allowed = canon_set([x.url for x in papers] + [r.url for r in voices + reading])
        allowed |= verified(events, self._clock())
        problems = check_slots(slots, allowed_links=allowed, curated_quotes=g.quotes, people=g.people,
                               needs_exercise=eid is None)
        if problems:
            raise PublishRefused(problems)

        if eid is None:
            self._verify_writer_exercise(slots)
        if eid:
            ef = g.exercises[eid]
            e = ef.exercise
            questions = [(q.prompt.get(lang), [c.get(lang) for c in q.criteria]) for q in e.questions]
            starter, tests, instructions = ef.starter, ef.visible_tests, e.instructions.get(lang)
        else:
            assert slots.exercise is not None
            questions = [(q.prompt, list(q.criteria)) for q in slots.questions]
            starter, tests, instructions = slots.exercise.starter, slots.exercise.tests, slots.exercise.instructions
        view = ExerciseView(
            starter=starter, tests=tests, questions=questions, instructions=instructions, folder=ex_rel,
            starter_file=f"{ex_rel}/exercise.py", tests_file=f"{ex_rel}/test_exercise.py", answers_file=f"{ex_rel}/answers.md",
        )
        lesson = Lesson(
            id=lesson_id, date=day, concept=cid, depth=depth, post=post_rel, title=con.title.get(lang), files={},
            exercise=eid, exercise_dir=ex_rel, at=self._clock().isoformat(),
            resources=tuple(r.id for r in voices + reading),
            questions=tuple({"prompt": q, "criteria": c} for q, c in questions),
        )
        after = st.with_lesson(lesson)
        gr: Growth = growth(g, after, day, lang, profile.weekly_goal, profile.journey_start)
        permalink, baseurl = self._site()

        def url_of(x: Lesson) -> str:
            s = Path(x.post).stem[11:] if x.post else slugify(x.title)
            return post_url(x.date, s, ["learning"], permalink, baseurl)

        ctx = LessonContext(
            g=g, lang=lang, date=day, concept=con, depth=depth, plan=p, state=after, growth=gr, voices=voices,
            reading=reading, papers=papers, exercise=view, post_url=url_of, version=__version__,
            recent=self._recent(st, day), connections=self._connections(st, con, day),
            last_check=self._last_check(events, day), reviews=tuple(self._reviews(g, events, con, day, profile)),
        )
        tags = [con.id, *con.tags[:4], con.category, "ai-learning"]
        post = render_post(ctx, slots, list(dict.fromkeys(tags)))
        files = {
            post_rel: post,
            view.starter_file: starter,
            view.tests_file: tests,
            view.answers_file: self._answers(g, lang, con, depth, questions),
        }
        return self._write(lesson, files, previous, gr, warnings, lesson_id, url_of(lesson), slots)

    def _verify_writer_exercise(self, slots: Slots) -> None:
        from .checking import interpreter, verify_writer_exercise
        from .errors import SandboxError

        ex = slots.exercise
        assert ex is not None
        if not ex.solution.strip():
            raise PublishRefused(["exercise.solution is missing: a written exercise needs a reference solution that passes its tests"])
        key = sha256("\0".join((ex.starter, ex.tests, ex.solution)).encode())
        if key in self._verified_exercises:  # a republish after a refusal need not run it again
            return
        try:
            verify_writer_exercise(interpreter(self), ex.starter, ex.tests, ex.solution)
        except SandboxError as e:
            raise PublishRefused([str(e)]) from e
        self._verified_exercises.add(key)

    def _check_line(self, g: Graph, lang: str, events: list[dict], day: dt.date) -> str | None:
        lc = self._last_check(events, day)
        if not lc:
            return None
        con = g.concepts.get(str(lc.get("concept")))
        title = con.title.get(lang) if con else lc.get("concept")
        missed = "; ".join(list(lc.get("missed") or [])[:3]) or "-"
        return f"{title} depth {lc.get('depth')}: {round(100 * float(lc.get('score', 0)))}% ({lc.get('rating')}); missed: {missed}"

    @staticmethod
    def _last_check(events: list[dict], day: dt.date) -> dict | None:
        checks = [e for e in events if e.get("type") == "check_recorded" and str(e.get("at", ""))[:10] <= day.isoformat()]
        return checks[-1] if checks else None

    def _reviews(self, g: Graph, events: list[dict], con: Concept, day: dt.date,
                 profile: LearnerProfile) -> list[tuple[str, int, float, bool]]:
        """Cards due by the end of `day`, and today's prerequisites whose retrievability fell
        below the target: the refresher that opens the post."""
        from .grading import RETENTION_TARGET, cards

        end = dt.datetime.combine(day, dt.time(23, 59), ZoneInfo(profile.timezone))
        out: list[tuple[str, int, float, bool]] = []
        for (cid, depth), card in sorted(cards(e for e in events if e.get("type") == "check_recorded").items()):
            if cid == con.id or cid not in g.concepts:
                continue
            r = card.retrievability(end)
            due = card.due <= end
            if due or (cid in con.prerequisites and r < RETENTION_TARGET):
                out.append((cid, depth, r, due))
        return out[:5]

    def _connections(self, st: LearnerState, con: Concept, day: dt.date) -> list[Lesson]:
        latest: dict[str, Lesson] = {}
        for x in st.lessons:
            if x.date < day and x.concept in con.prerequisites:
                latest[x.concept] = x
        return sorted(latest.values(), key=lambda x: (x.date, x.id))

    @staticmethod
    def _answers(g: Graph, lang: str, con: Concept, depth: int, questions: list[tuple[str, list[str]]]) -> str:
        head = f"# {con.title.get(lang)} (depth {depth}) — {g.t(lang, 'h_selfcheck')}\n"
        body = "".join(f"\n## {i}. {q}\n\n<!-- ✍️ -->\n\n" for i, (q, _) in enumerate(questions, 1))
        return head + body

    def _write(self, lesson: Lesson, files: dict[str, str], previous: Lesson | None, gr: Growth,
               warnings: list[str], lesson_id: str, url: str, slots: Slots) -> PublishResult:
        root = self.journal.root
        owned = previous.files if previous else {}
        self.journal.profile()  # refuse before writing anything if learner.yaml is broken
        written, kept, hashes = [], [], {}
        # the post first: if the learner edited it, nothing at all is written
        order = sorted(files, key=lambda r: not r.startswith("_posts/"))
        for rel in order:
            path = inside(root, rel)
            data = files[rel].encode("utf-8")
            try:
                hashes[rel] = write_new_or_owned(path, data, owned.get(rel))
                written.append(rel)
            except EditedByLearner as e:
                if rel.startswith("_posts/"):
                    raise EditedByLearner(
                        f"{rel} was edited since the tutor wrote it, so it was not overwritten and nothing was "
                        "written. To regenerate it, move your edited copy out of _posts/ (or rename it), then "
                        "call publish_post again; to keep it, do nothing."
                    ) from e
                kept.append(rel)  # the learner's own work on the exercise stays as it is
                hashes[rel] = owned.get(rel) or sha256(path.read_bytes())
        if lesson.exercise is None and slots.exercise:
            # the authoritative tests and the reference stay out of the learner's exercise folder
            for name, code in (("solution.py", slots.exercise.solution), ("tests.py", slots.exercise.tests)):
                private = inside(self.journal.data_dir, f"lessons/{lesson_id}/{name}")
                write_new_or_owned(private, code.encode(), sha256(private.read_bytes()) if private.exists() else None)
        event = {
            "v": 1, "type": "lesson_published", "at": lesson.at, "lesson": lesson_id, "date": lesson.date.isoformat(),
            "concept": lesson.concept, "depth": lesson.depth, "post": lesson.post, "title": lesson.title,
            "files": hashes, "exercise": lesson.exercise, "exercise_dir": lesson.exercise_dir,
            "questions": list(lesson.questions), "resources": list(lesson.resources),
        }
        try:
            self.journal.append(event)
        except OSError as e:
            raise JournalError(f"the post was written to {lesson.post} but the log could not be appended ({e}); "
                               "free disk space or fix permissions, then publish again (the same files are reused)") from e
        return PublishResult(
            lesson_id=lesson_id, journal=str(root), post=str(root / lesson.post), url=url, written=written, kept=kept,
            updated=previous is not None, sessions=gr.sessions, warnings=warnings,
        )
