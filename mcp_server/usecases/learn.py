"""/learn: plan today's lesson (the brief) and publish the post the writer filled in."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from pydantic import BaseModel

from .. import __version__
from ..domain.events import AskedQuestion, FilesIntended, LessonPublished
from ..domain.graph import Graph
from ..domain.learner import LearnerState, Lesson
from ..domain.models import WRONG_MIN, Concept, Resource, Slots, WrittenExercise
from ..domain.pages import growth_svg, neighbourhood_svg, touched
from ..domain.planner import Plan
from ..domain.postcheck import check_slots
from ..domain.progress import Growth, growth
from ..domain.render import ExerciseView, LessonContext, render_post
from ..domain.site import post_url, slugify
from ..domain.urls import canonical_set
from ..errors import EditedByLearner, InvalidRequest, JournalError, NotFound, PublishRefused, SandboxError
from ..storage.journal import WriteFailed, advice, describe, inside, sha256, write_new_or_owned
from ..storage.layout import Layout
from . import brief as b
from . import pages
from .context import MEMORY_MB, Snapshot, Workspace
from .plan import plan_for, state_before
from .views import HistoryItem, Ref, history_item

LESSON_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)-d([1-4])$")


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
    kind: str  # goal | remedial | deepen | requested | explore
    objective: str
    earlier_objectives: dict[int, str]
    reason: str  # printed in the post as is
    goal: b.BriefDestination | None  # this quarter: the destination
    agenda: list[str]  # a remedial lesson: what the last check missed, to teach first
    thin_prerequisites: list[str]  # prerequisites below the depth today builds on, or not yet passed
    prerequisites: list[HistoryItem | Ref]
    recent: list[HistoryItem]
    next_lesson: b.PlanRef | None  # what the next lesson will be if the learner follows the plan
    week: list[b.PlanRef]
    month: list[b.PlanRef]
    papers: list[BriefPaper]
    voices: list[BriefResource]
    reading: list[BriefResource]
    quotes: list[BriefQuote]
    links: list[str]
    exercise: BriefExercise | None
    last_check: str | None  # what the last /check found, for the intro
    reviews: list[str]  # due cards and fading prerequisites, most urgent first
    slots: dict[str, str]
    rules: list[str]
    warnings: list[str]
    setup: bool = False  # no learner.yaml yet: /learn asks the setup questions first (set_profile)


class PublishResult(BaseModel):
    lesson_id: str
    journal: str
    post: str
    url: str
    written: list[str]
    kept: list[str]
    updated: bool
    sessions: int
    reason: str
    warnings: list[str]


SLOT_GUIDE = {
    "intro": "2-3 sentences: what today builds on (from `recent`) and what today adds.",
    "why_now": "Why this matters in AI today. Facts only from the brief or well known; no figures you cannot source.",
    "core_why": "Why the idea exists: the problem it solves; an analogy.",
    "core_how": "How it works at today's depth: the formula (```text block) and a runnable ```python example.",
    "core_when": "When to use it, real uses, trade-offs.",
    "core_who": "Who introduced it and why (from `papers`); quotation marks only for `quotes`, word for word.",
    "core_where": "Where it is heading: variants and open problems (concepts in `week`/`month`/`goal`).",
}
RULES = [
    "Write in the brief's `language`; Markdown; headings only ### or deeper.",
    "Every ```python block must parse. Mark pseudo-code as ```text.",
    "Links: only URLs from `links`. Quotes: only `quotes`, verbatim, with their person; otherwise paraphrase without quotation marks.",
    "Do not write dates, depths, progress figures, resource lists or timelines: the server renders them.",
]
REMEDIAL_RULE = ("This is a remedial lesson: the learner's last check missed the `agenda` items. Start the core "
                 "explanation with them and use a different approach than a first lesson would (another analogy, a "
                 "worked numeric example, a picture in words, a common mistake and its fix).")
THIN_RULE = "`thin_prerequisites` are not yet solid: add a two-sentence refresher of each where the text relies on it."
REVIEW_RULE = "`reviews` lists concepts to refresh: in `intro`, ask one quick retrieval question about the first one."



# ---------------------------------------------------------------- deciding the lesson


def decide(s: Snapshot, day: dt.date, concept: str | None, depth: int | None) -> tuple[LearnerState, Plan]:
    """The state before the lesson and its plan. A named concept that is what the tutor would
    choose anyway keeps the tutor's reason, so plan_lesson and publish_post always agree."""
    if concept is None:
        if depth is not None:
            raise InvalidRequest("a depth needs a concept: pass both, or neither to let the tutor choose.")
        return s.st, plan_for(s, day)
    cid = s.g.concept(concept).id
    st = state_before(s, day, cid)
    asked = plan_for(s, day, cid, depth, st=st)
    try:
        chosen = plan_for(s, day, st=st)
    except NotFound:
        return st, asked
    same = (chosen.today.concept, chosen.today.depth) == (asked.today.concept, asked.today.depth)
    return st, chosen if same else asked


def _materials_brief(lang: str, voices: list[Resource], reading: list[Resource]) -> list[BriefResource]:
    return [BriefResource(n=i, id=r.id, person=r.person, affiliation=r.affiliation, title=r.title, show=r.show,
                          date=r.date, url=r.url, summary=r.summary.get(lang))
            for i, r in enumerate([*voices, *reading], 1)]


def _exercise_brief(g: Graph, lang: str, con: Concept, depth: int) -> BriefExercise | None:
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


def _agenda(st: LearnerState, p: Plan) -> list[str]:
    if p.remedial_of is None:
        return []
    chk = st.latest_checks.get(p.remedial_of)
    return list(chk.missed) if chk else []


def _check_line(g: Graph, lang: str, st: LearnerState, day: dt.date) -> str | None:
    lc = st.last_check(day)
    if lc is None:
        return None
    con = g.concepts.get(lc.concept)
    title = con.title.get(lang) if con else lc.concept
    missed = "; ".join(lc.missed[:3]) or "-"
    return f"{title} depth {lc.depth}: {round(100 * lc.score)}% ({lc.rating}); missed: {missed}"


def review_lines(g: Graph, lang: str, reviews: list[b.Review]) -> list[str]:
    lines = [f"{g.concepts[v.concept].title.get(lang)} (depth {v.depth}): {round(100 * v.retrievability)}%"
             + (" due" if v.due else " fading") for v in reviews[: b.MAX_REVIEWS]]
    if len(reviews) > b.MAX_REVIEWS:
        lines.append(g.t(lang, "reviews_more", n=len(reviews) - b.MAX_REVIEWS))
    return lines


def _thin(g: Graph, lang: str, p: Plan) -> list[str]:
    out = [f"{g.concepts[c].title.get(lang)}: needs depth {d}" for c, d in p.thin]
    out += [f"{g.concepts[c].title.get(lang)}: its depth {d} check did not pass yet" for c, d in p.held]
    return out


def plan_lesson(ws: Workspace, concept: str | None = None, depth: int | None = None,
                date: str | dt.date | None = None) -> LessonBrief:
    s = ws.load()
    g, profile = s.g, s.profile
    today = ws.today(profile, date)
    st, p = decide(s, today, concept, depth)
    con = g.concepts[p.today.concept]
    d = p.today.depth
    lang = profile.language
    voices, reading, papers = b.materials(g, con)
    ex = _exercise_brief(g, lang, con, d)
    quotes = [BriefQuote(text=q.text, by=r.person, source=q.source) for r in voices + reading for q in r.quotes]
    quotes += [BriefQuote(text=q.text, by=pp.first_author, source=q.source) for pp in papers for q in pp.quotes]
    agenda = _agenda(st, p)
    thin = _thin(g, lang, p)
    reviews = b.reviews(g, st, con, today, profile.timezone, ws.cards)
    numbered = _materials_brief(lang, voices, reading)
    rules = list(RULES) + ([REMEDIAL_RULE] if agenda or p.today.reason == "remedial" else []) \
        + ([THIN_RULE] if thin else []) + ([REVIEW_RULE] if reviews else [])
    return LessonBrief(
        lesson_id=f"{today.isoformat()}-{con.id}-d{d}",
        date=today,
        language=lang,
        concept=con.id,
        title=con.title.get(lang),
        summary=con.summary.get(lang),
        category=con.category,
        depth=d,
        kind=p.today.reason,
        objective=con.objectives[d].get(lang),
        earlier_objectives={k: o.get(lang) for k, o in con.objectives.items() if k < d},
        reason=b.reason_text(g, lang, p, st),
        goal=b.destination_view(g, lang, p.quarter),
        agenda=agenda,
        thin_prerequisites=thin,
        prerequisites=b.prerequisites(g, lang, st, con),
        recent=[history_item(g, lang, x) for x in b.recent(st, today)],
        next_lesson=b.plan_ref(g, lang, p.next) if p.next else None,
        week=[b.plan_ref(g, lang, x) for x in p.week],
        month=[b.plan_ref(g, lang, x) for x in p.month],
        papers=[BriefPaper(title=x.title, year=x.year, month=x.month, url=x.url, contribution=x.contribution.get(lang))
                for x in papers],
        voices=numbered[: len(voices)],
        reading=numbered[len(voices):],
        quotes=quotes,
        links=sorted({x.url for x in papers} | {r.url for r in voices + reading}),
        exercise=ex,
        last_check=_check_line(g, lang, st, today),
        reviews=review_lines(g, lang, reviews),
        slots=dict(SLOT_GUIDE) | ({} if ex and ex.curated else {
            "questions": "2-4 questions, each with 2-4 rubric criteria (met / not met).",
            "exercise": ("instructions, starter (TODOs), tests (visible test_* functions, `from exercise import ...`), "
                         "hidden_tests (same format; private, catch the usual mistakes), solution, "
                         "wrong_solutions (>= 2 plausible mistakes, each failing a hidden test)."),
        }),
        rules=rules,
        warnings=s.warnings,
        setup=not ws.journal.profile_path.exists(),
    )


# ---------------------------------------------------------------- publishing


def publish_post(ws: Workspace, lesson_id: str, slots: Slots) -> PublishResult:
    m = LESSON_ID.match(lesson_id.strip())
    if not m:
        raise InvalidRequest(f"lesson_id {lesson_id!r} is not one plan_lesson returned (YYYY-MM-DD-<concept>-d<depth>); "
                             "call plan_lesson first")
    day, cid, depth = dt.date.fromisoformat(m[1]), m[2], int(m[3])
    # refusals and the sandbox run of a written exercise come first, without the lock ...
    s = ws.load()
    _gate(ws, s, lesson_id, cid, depth, slots)
    before = s.st.lesson_on(day, cid)
    # ... then the read-decide-write runs under it, on the log as it is now: a second window
    # publishing the same lesson waits here and then sees the first one's result
    with ws.journal.locked():
        result = _compose(ws, ws.load(), lesson_id, day, cid, depth, slots, before)
        # the map, calendar and progress pages follow the log; the lesson is recorded either way
        result.warnings += pages.refresh_pages(ws, day).warnings
        return result


def _gate(ws: Workspace, s: Snapshot, lesson_id: str, cid: str, depth: int, slots: Slots) -> str | None:
    """Refuse a post that breaks a rule (PublishRefused); returns the curated exercise id."""
    g = s.g
    if cid not in g.concepts:
        raise NotFound(f"lesson {lesson_id}: unknown concept {cid!r}; call plan_lesson again")
    voices, reading, papers = b.materials(g, g.concepts[cid])
    eid = g.exercise_of.get((cid, depth))
    allowed = canonical_set([x.url for x in papers] + [r.url for r in voices + reading]
                            + s.st.verified_links(ws.deps.clock()))
    problems = check_slots(slots, allowed_links=allowed, curated_quotes=g.quotes, people=g.people,
                           needs_exercise=eid is None)
    if problems:
        raise PublishRefused(problems)
    if eid is None:
        _verify_writer_exercise(ws, slots)  # cached: the second call under the lock is free
    return eid


def _post_slug(ws: Workspace, g: Graph, con: Concept) -> str:
    """The post's file name after its date: the English title, which curated concepts keep.

    A learner's own concept whose title slugifies like another concept's gets its id appended,
    so the two never share a post file (or an exercise folder)."""
    slug = slugify(con.title.en, fallback=con.id)
    if con.id in ws.curated().concepts:
        return slug
    taken = any(o.id != con.id and slugify(o.title.en, fallback=o.id) == slug for o in g.concepts.values())
    return f"{slug}-{con.id}" if taken else slug


def _compose(ws: Workspace, s: Snapshot, lesson_id: str, day: dt.date, cid: str, depth: int, slots: Slots,
             before: Lesson | None) -> PublishResult:
    eid = _gate(ws, s, lesson_id, cid, depth, slots)
    g, profile = s.g, s.profile
    con = g.concepts[cid]
    lang = profile.language
    previous = s.st.lesson_on(day, cid)
    st, p = decide(s, day, cid, depth)
    voices, reading, papers = b.materials(g, con)
    slug = _post_slug(ws, g, con)
    post_rel = Layout.post(day, slug)
    ex_rel = Layout.exercise_dir(day, slug)
    if eid is None:
        assert slots.exercise is not None
        questions = [(q.prompt, list(q.criteria)) for q in slots.questions]
        starter, tests, instructions = slots.exercise.starter, slots.exercise.tests, slots.exercise.instructions
    else:
        ef = g.exercises[eid]
        e = ef.exercise
        questions = [(q.prompt.get(lang), [c.get(lang) for c in q.criteria]) for q in e.questions]
        starter, tests, instructions = ef.starter, ef.visible_tests, e.instructions.get(lang)
    view = ExerciseView(
        starter=starter, tests=tests, questions=questions, instructions=instructions, folder=ex_rel,
        starter_file=Layout.exercise_file(ex_rel, "exercise.py"), tests_file=Layout.exercise_file(ex_rel, "test_exercise.py"),
        answers_file=Layout.exercise_file(ex_rel, "answers.md"),
    )
    now = ws.now(profile)
    reason = b.reason_text(g, lang, p, st)
    event = LessonPublished(
        at=now, lesson=lesson_id, date=day, concept=cid, depth=depth, post=post_rel, title=con.title.get(lang),
        exercise=eid, exercise_dir=ex_rel, questions=[AskedQuestion(prompt=q, criteria=c) for q, c in questions],
        resources=[r.id for r in voices + reading], reason=p.today.reason,
        remedial=p.remedial_of == (cid, depth), window=ws.window,
    )
    after = st.with_lesson(Lesson.of(event, previous.first_at if previous else None))
    gr: Growth = growth(g, after, day, lang, profile.weekly_goal, profile.journey_start)
    permalink, baseurl = ws.site()
    site = pages.Site(ws)

    def url_of(x: Lesson) -> str:
        return post_url(x.date, Path(x.post).stem[11:] if x.post else slugify(x.title), ["learning"], permalink, baseurl)

    # the post's two pictures, from the same state and figures as its text
    near_rel = Layout.asset(f"posts/{day.isoformat()}-{slug}-near.svg")
    growth_rel = Layout.asset(f"posts/{day.isoformat()}-{slug}-growth.svg")
    fade = pages.fading(ws, after, day, profile.timezone)
    pictures = {near_rel: neighbourhood_svg(g, after, cid, depth, day, lang, fade),
                growth_rel: growth_svg(g, touched(after, gr), lang)}

    ctx = LessonContext(
        g=g, lang=lang, date=day, concept=con, depth=depth, plan=p, reason=reason, state=after, growth=gr,
        voices=voices, reading=reading, papers=papers, exercise=view, post_url=url_of, version=__version__,
        recent=b.recent(st, day), connections=b.connections(g, st, con, day),
        last_check=st.last_check(day),
        reviews=tuple(b.reviews(g, st, con, day, profile.timezone, ws.cards)), agenda=tuple(_agenda(st, p)),
        review_next=b.due_next(g, st, day, profile.timezone, ws.cards) if st.memory_log else None,
        notes=tuple(_thin(g, lang, p)),
        neighbourhood_img=site.asset(near_rel), growth_img=site.asset(growth_rel),
        map_url=site.page("map"), progress_url=site.page("progress"),
    )
    tags = [con.id, *con.tags[:4], con.category, "ai-learning"]
    post = render_post(ctx, slots, list(dict.fromkeys(tags)))
    files = {
        post_rel: post,
        view.starter_file: starter,
        view.tests_file: tests,
        view.answers_file: _answers(g, lang, con, depth, questions),
        **pictures,
    }
    warnings = list(s.warnings)
    if previous is not None and (before is None or (before.at, before.files) != (previous.at, previous.files)):
        warnings.append(f"lesson {lesson_id} was already published a moment ago by another window; "
                        "updated it with this text (the other version was replaced)")
    elif previous is not None and previous.window and previous.window != ws.window:
        at = previous.at.strftime("%Y-%m-%d %H:%M")
        warnings.append(f"lesson {lesson_id} was last published at {at} by another window or session; "
                        "updated it with this text (that version was replaced)")
    return _write(ws, s, event, files, previous, gr, warnings, url_of(Lesson.of(event)), slots, reason)


def written_exercise_key(ex: WrittenExercise) -> str:
    """What a sandbox proof of a written exercise depends on: a republish of the same code need
    not run it again."""
    parts = (ex.starter, ex.tests, ex.hidden_tests, ex.solution, *ex.wrong_solutions)
    return sha256("\0".join(parts).encode())


def _verify_writer_exercise(ws: Workspace, slots: Slots) -> None:
    """Prove a writer-made exercise the way /check will grade it: in the same sandbox, with the
    journal hidden. The reference passes the visible and the hidden tests, the starter fails a
    test, and each named wrong solution fails a hidden test (so the hidden tests catch mistakes)."""
    ex = slots.exercise
    assert ex is not None
    missing = [f"exercise.{name} is missing: {why}" for name, value, why in (
        ("solution", ex.solution, "a written exercise needs a reference solution that passes its tests"),
        ("tests", ex.tests, "give the visible tests the learner runs (test_* functions)"),
        ("hidden_tests", ex.hidden_tests, "give hidden tests (same format as tests) that catch the usual mistakes"),
    ) if not value.strip()]
    given = [w for w in ex.wrong_solutions if w.strip()]
    if len(given) < WRONG_MIN:
        blank = len(ex.wrong_solutions) - len(given)
        missing.append(f"exercise.wrong_solutions lists {len(given)}" + (f" (and {blank} blank)" if blank else "")
                       + f"; give at least {WRONG_MIN} plausible wrong solutions, each failing a hidden test")
    if missing:
        raise PublishRefused(missing)
    key = written_exercise_key(ex)
    if key in ws.verified_exercises:  # a republish after a refusal need not run it again
        return
    import tempfile

    runner = ws.deps.runner
    python = ws.interpreter()
    masked = [ws.journal.root]  # as at /check: tests that read the journal fail here, not there
    problems: list[str] = []
    try:
        runner.check_interpreter(python, [])
        with tempfile.TemporaryDirectory(prefix="ai-tutor-verify-") as tmp:
            d = Path(tmp)
            tests = {"visible": ex.tests.encode(), "hidden": ex.hidden_tests.encode()}  # as source: no copy on disk

            def run(name: str, code: str):
                (d / name).write_text(code, encoding="utf-8")
                return runner.run_tests(d / name, tests, python=python, timeout_s=120, memory_mb=MEMORY_MB,
                                        forbidden_paths=masked)

            ref = run("solution.py", ex.solution)
            labels = {c.label for c in ref.tests}
            if not ref.all_passed or labels != {"visible", "hidden"}:
                bad = [f"{c.label} {c.test}: {c.verdict} {c.message[:120]}" for c in ref.tests if c.verdict != "passed"]
                bad += [f"no {label} tests ran" for label in ("visible", "hidden") if label not in labels]
                raise SandboxError("exercise.solution must pass exercise.tests and exercise.hidden_tests in the "
                                   "sandbox, where the journal and everything outside the exercise are hidden; it "
                                   "did not: " + "; ".join(bad))
            if run("starter.py", ex.starter).all_passed:
                problems.append("exercise.starter already passes every test; leave the work as TODOs so a test fails")
            for i, wrong in enumerate(ex.wrong_solutions):
                if not wrong.strip():
                    continue
                res = run(f"wrong_{i}.py", wrong)
                hidden = [c for c in res.tests if c.label == "hidden"]
                if all(c.verdict == "passed" for c in hidden):
                    problems.append(f"exercise.wrong_solutions[{i}] passes every hidden test; add a hidden test "
                                    "that catches that mistake")
                elif not any(c.verdict == "failed" for c in hidden):
                    # a file that does not import or crashes proves nothing about the hidden tests
                    first = next(c for c in hidden if c.verdict != "passed")
                    problems.append(f"exercise.wrong_solutions[{i}] fails no hidden test by an assertion "
                                    f"({first.test}: {first.verdict} {first.message[:120]}); give a wrong solution "
                                    "that runs and returns a wrong answer a hidden test's assert catches")
    except SandboxError as e:
        raise PublishRefused([str(e)]) from e
    if problems:
        raise PublishRefused(problems)
    ws.verified_exercises.add(key)


def _answers(g: Graph, lang: str, con: Concept, depth: int, questions: list[tuple[str, list[str]]]) -> str:
    head = f"# {con.title.get(lang)} (depth {depth}) — {g.t(lang, 'h_selfcheck')}\n"
    body = "".join(f"\n## {i}. {q}\n\n<!-- ✍️ -->\n\n" for i, (q, _) in enumerate(questions, 1))
    return head + body


def _write(ws: Workspace, s: Snapshot, event: LessonPublished, files: dict[str, str], previous: Lesson | None,
           gr: Growth, warnings: list[str], url: str, slots: Slots, reason: str) -> PublishResult:
    """Write-ahead, under the lock: decide every file, log the hashes about to be written
    (files_intended), write them, then log lesson_published. A kill or fault anywhere leaves
    files that are either as they were or the tutor's own, which the next publish replaces."""
    journal = ws.journal
    root = journal.root
    assert journal.holds_lock
    ours = s.st.written
    # a killed write's temp files: beside the posts, in every exercise folder, in the private copy
    exercises = (root / event.exercise_dir).parent
    pictures = {(root / rel).parent for rel in files if rel.endswith(".svg")}
    journal.sweep_temp([(root / event.post).parent, *(exercises / d for d in _listdir(exercises)),
                        (root / Layout.private_lesson(event.lesson, "solution.py")).parent, *pictures])
    plan: list[tuple[str, Path, bytes, set[str]]] = []
    written, kept, hashes = [], [], {}
    # the post first: if the learner edited it, nothing at all is written
    for rel in sorted(files, key=lambda r: not r.startswith("_posts/")):
        path = inside(root, rel)
        data = files[rel].encode("utf-8")
        owned = ours.get(rel, set())
        current = _hash_of(path)
        if current is not None and current != sha256(data) and current not in owned:
            if rel == event.post:
                raise EditedByLearner(
                    f"{rel} was edited since the tutor wrote it, so it was not overwritten and nothing was "
                    "written. To regenerate it, move your edited copy out of _posts/ (or rename it), then "
                    "call publish_post again; to keep it, do nothing.")
            kept.append(rel)  # the learner's own work on the exercise stays as it is
            continue
        plan.append((rel, path, data, set(owned)))
        written.append(rel)
        hashes[rel] = sha256(data)
    if event.exercise is None and slots.exercise:
        # the authoritative tests and the reference stay out of the learner's exercise folder
        wx = slots.exercise
        for name, code in (("solution.py", wx.solution), ("tests.py", wx.tests), ("hidden_tests.py", wx.hidden_tests)):
            rel = Layout.private_lesson(event.lesson, name)
            path = inside(root, rel)
            current = _hash_of(path)
            plan.append((rel, path, code.encode(), {current} if current else set()))
    intended = {rel: sha256(data) for rel, _, data, _ in plan}
    try:
        warnings += journal.append(FilesIntended(at=event.at, lesson=event.lesson, files=intended))
    except JournalError as e:
        raise JournalError(f"{e} Nothing was written for lesson {event.lesson}; call publish_post again.") from e
    done: list[str] = []
    for rel, path, data, owned in plan:
        try:
            _, w = write_new_or_owned(path, data, owned | {intended[rel]})
        except WriteFailed as e:
            parts = [f"could not write {rel} ({describe(e.error)}): it was left as it was"]
            if done:
                parts.append("already written in full: " + ", ".join(done))
            rest = [r for r, *_ in plan if r != rel and r not in done]
            if rest:
                parts.append("not touched: " + ", ".join(rest))
            raise JournalError("; ".join(parts) + f". Lesson {event.lesson} is not recorded yet. "
                               + advice(e.error) + " Then call publish_post again: it finishes the same files.") from e
        warnings += w
        done.append(rel)
    event = event.model_copy(update={"files": hashes})
    try:
        warnings += journal.append(event)
    except JournalError as e:
        raise JournalError(f"the files of lesson {event.lesson} were written ({', '.join(done)}) but the lesson "
                           f"could not be recorded: {e} Call publish_post again: it recognises its own files "
                           "and records the lesson.") from e
    return PublishResult(
        lesson_id=event.lesson, journal=str(root), post=str(root / event.post), url=url, written=written, kept=kept,
        updated=previous is not None, sessions=gr.sessions, reason=reason, warnings=warnings,
    )


def _hash_of(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as e:
        raise WriteFailed(path, e) from e


def _listdir(d: Path) -> list[str]:
    try:
        return os.listdir(d)
    except OSError:
        return []
