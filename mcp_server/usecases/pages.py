"""The learner's pages in their own site: the knowledge map (`tutor/map.md`), the study
calendar and progress over time (`tutor/progress.md`), and their pictures under
`assets/tutor/`. Regenerated after a publish, a check and a review (`refresh_pages`), written
like every other file of the tutor: hashes logged first, then an atomic write, and never over
a page the learner edited.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from ..domain import pages as pg
from ..domain.events import FilesIntended
from ..domain.learner import LearnerState, Lesson
from ..domain.planner import Plan, Target, needs, targets
from ..domain.site import post_url, slugify
from ..errors import EditedByLearner, JournalError, NotFound
from ..storage.journal import WriteFailed, describe, inside, sha256, write_new_or_owned
from ..storage.layout import Layout
from .brief import end_of, memory
from .context import Snapshot, Workspace
from .plan import plan_for

PAGES_ID = "pages"  # the `lesson` of the files_intended event that precedes a page write


class PagesResult(BaseModel):
    written: list[str]  # journal-relative paths that changed
    kept: list[str]  # pages the learner edited, left as they are
    warnings: list[str]


class Site:
    """URLs in the learner's site: posts by its permalink, pages and pictures under its baseurl."""

    def __init__(self, ws: Workspace):
        self.permalink, baseurl = ws.site()
        self.base = (baseurl or "").rstrip("/")

    def asset(self, rel: str) -> str:
        return f"{self.base}/{rel}"

    def page(self, name: str) -> str:
        return f"{self.base}/tutor/{name}/"

    def post(self, x: Lesson) -> str:
        slug = x.post.rsplit("/", 1)[-1][11:].removesuffix(".md") if x.post else slugify(x.title)
        return post_url(x.date, slug, ["learning"], self.permalink, self.base)


def fading(ws: Workspace, st: LearnerState, day: dt.date, tz: str) -> set[str]:
    """Concepts with a passed check whose memory is now below the retention target, or whose
    last check or review was forgotten ("again": the card restarts at retrievability 1.0, yet
    the learner just showed they had lost it)."""
    cards = memory(st, day, ws.cards, tz)  # checks and reviews move the cards
    if not cards:
        return set()
    from ..domain.memory import RETENTION_TARGET  # fsrs only when there are cards

    end = end_of(day, tz)
    return {
        cid
        for (cid, depth), card in cards.items()
        if depth in st.of(cid).mastered
        and (card.last_rating == "again" or card.retrievability(end) < RETENTION_TARGET)
    }


def _map_input(s: Snapshot, st: LearnerState, day: dt.date, p: Plan | None, fade: set[str]) -> pg.MapInput:
    goals = [Target(x.concept, x.depth, x.by) for x in s.profile.goals]
    need: dict[str, int] = {}
    for t in targets(s.g, goals, s.profile.track):
        if t.concept in s.g.concepts:
            for cid, d in needs(s.g, t).items():
                need[cid] = max(need.get(cid, 0), d)
    today = next((x.concept for x in reversed(st.lessons) if x.date == day), None)
    steps: list[tuple[str, int]] = []
    if p is not None:
        for step in [p.today, *([p.next] if p.next else []), *p.week]:
            if step.concept != today and step.concept not in {c for c, _ in steps}:
                steps.append((step.concept, step.depth))
    for c, _ in steps:  # a next step off the track is still shown on the map
        need.setdefault(c, 1)
    if today:
        need.setdefault(today, 1)
    goal = p.goal.concept if p is not None and p.goal is not None else None
    return pg.MapInput(need=need, goal=goal, today=today, next=steps[:4], fading=fade)


def page_files(ws: Workspace, s: Snapshot, day: dt.date) -> dict[str, str]:
    """Every page and picture, as text, for the state in `s` on `day`."""
    g, lang, st = s.g, s.profile.language, s.st
    try:
        p: Plan | None = plan_for(s, day)
    except NotFound:
        p = None
    site = Site(ws)
    m = _map_input(s, st, day, p, fading(ws, st, day, s.profile.timezone))
    counts = pg.day_counts(st, day)
    points = pg.weekly(st, day)
    svg = {name: Layout.asset(f"{name}.svg") for name in ("map", "calendar", "progress")}
    return {
        svg["map"]: pg.map_svg(g, st, m, lang),
        svg["calendar"]: pg.calendar_svg(g, counts, day, lang),
        svg["progress"]: pg.progress_svg(g, points, lang),
        Layout.page("map"): pg.map_page(
            g, st, m, lang, site.asset(svg["map"]), site.post, site.page("progress")
        ),
        Layout.page("progress"): pg.progress_page(
            g,
            lang,
            day,
            counts,
            points,
            site.asset(svg["calendar"]),
            site.asset(svg["progress"]),
            site.page("map"),
        ),
    }


def refresh_pages(ws: Workspace, today: dt.date | None = None) -> PagesResult:
    """Regenerate the learner's pages from the log as it is now (after a publish, a check or a
    review). Only pages whose text changed are written. A page the learner edited is kept; a
    page that cannot be written is a warning, never an error: what was recorded stays recorded."""
    journal = ws.journal
    with journal.locked():
        s = ws.load()
        day = today or ws.now(s.profile).date()
        files = page_files(ws, s, day)
        root = journal.root
        plan: list[tuple[str, bytes, set[str]]] = []
        kept: list[str] = []
        for rel, text in files.items():
            data = text.encode("utf-8")
            path = inside(root, rel)
            try:
                current = sha256(path.read_bytes())
            except FileNotFoundError:
                current = None
            except OSError as e:
                return PagesResult(
                    written=[],
                    kept=[],
                    warnings=[f"could not read {rel} ({describe(e)}); the pages were not updated"],
                )
            if current == sha256(data):
                continue
            owned = s.st.written.get(rel, set())
            if current is not None and current not in owned:
                kept.append(rel)
                continue
            plan.append((rel, data, owned))
        warnings = [
            f"{rel} was edited, so it was kept as it is; move it aside to get it regenerated" for rel in kept
        ]
        if not plan:
            return PagesResult(written=[], kept=kept, warnings=warnings)
        intended = {rel: sha256(data) for rel, data, _ in plan}
        try:
            warnings += journal.append(FilesIntended(at=ws.now(s.profile), lesson=PAGES_ID, files=intended))
        except JournalError as e:
            return PagesResult(
                written=[], kept=kept, warnings=[*warnings, f"the pages were not updated: {e}"]
            )
        written: list[str] = []
        journal.sweep_temp({(root / rel).parent for rel, _, _ in plan})
        for rel, data, owned in plan:
            try:
                _, w = write_new_or_owned(inside(root, rel), data, owned | {intended[rel]})
            except (WriteFailed, JournalError, EditedByLearner) as e:
                warnings.append(f"could not update {rel}: {e}")
                continue
            warnings += w
            written.append(rel)
        return PagesResult(written=written, kept=kept, warnings=warnings)
