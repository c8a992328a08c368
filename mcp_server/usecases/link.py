"""/link and link checking: resolve a reference, open it safely, record it; check links and
keep the verdicts in the log, so a post can cite only what is curated or verified."""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..domain.events import LinksChecked, ResourceOpened, Verdict
from ..domain.learner import GOOD_VERDICTS
from ..domain.postcheck import links
from ..domain.urls import canonical, safe_url
from ..errors import InvalidRequest, NotFound
from .context import Workspace


class Opened(BaseModel):
    resource: str | None  # curated resource id, or None for a plain URL
    title: str
    url: str
    opened: bool
    how: str
    message: str
    times_opened: int  # including this one
    journal: str
    warnings: list[str] = []  # e.g. the opening is logged but its fsync failed


class LinkProblem(BaseModel):
    url: str
    verdict: str  # broken | unknown | timed_out
    status: int | None = None
    reason: str


class LinkReport(BaseModel):
    checked: int
    recorded: int  # verdicts written to the journal; the rest equal what it already holds
    counts: dict[str, int]
    problems: list[LinkProblem]  # everything not ok, with its reason
    journal: str
    warnings: list[str] = []


def resolve(ws: Workspace, ref: str) -> tuple[str | None, str, str]:
    """(resource id, title, url) for a number in the latest post, a resource id, or a URL."""
    ref = ref.strip()
    s = ws.load()  # validates learner.yaml (and everything else) before anything is opened
    g = s.g
    if re.fullmatch(r"\d{1,3}", ref):
        latest = max(s.st.lessons, key=lambda x: x.at, default=None)
        if latest is None:
            raise NotFound("there is no post yet, so /link has no numbers to refer to; run /learn first")
        ids = latest.resources
        n = int(ref)
        if not 1 <= n <= len(ids):
            raise InvalidRequest(f"the latest post ({latest.post}) lists {len(ids)} resources; choose 1–{len(ids)}")
        rid = ids[n - 1]
        if rid not in g.resources:
            raise NotFound(f"resource {rid!r} of the latest post is no longer curated; use its URL instead")
        r = g.resources[rid]
        return rid, r.title, r.url
    if ref in g.resources:
        r = g.resources[ref]
        return ref, r.title, r.url
    if "://" in ref or ref.startswith(("-", "\\", "/")) or ":" in ref.split("/")[0]:
        url = safe_url(ref)  # refuses anything but a clean http(s) URL
        key = canonical(url)
        match = next((r for r in g.resources.values() if canonical(r.url) == key), None)
        return (match.id, match.title, match.url) if match else (None, url, url)
    close = [rid for rid in g.resources if ref.lower() in rid][:5]
    raise NotFound(f"{ref!r} is not a number in the latest post, a resource id, or an http(s) URL.", close)


def open_resource(ws: Workspace, ref: str) -> Opened:
    rid, title, url = resolve(ws, ref)
    profile = ws.journal.profile()
    res = ws.deps.opener(url)
    warnings = ws.journal.append(ResourceOpened(at=ws.now(profile), resource=rid, url=res.url, opened=res.opened))
    st = ws.load().st
    times = sum(1 for e in st.opened if canonical(e.url) == canonical(res.url))
    return Opened(resource=rid, title=title, url=res.url, opened=res.opened, how=res.how, message=res.message,
                  times_opened=times, journal=str(ws.journal.root), warnings=warnings)


def post_links(ws: Workspace) -> list[str]:
    out: list[str] = []
    posts = ws.journal.layout.posts_dir
    if posts.is_dir():
        for p in sorted(posts.glob("*.md")):
            out += [u for u in links(p.read_text(encoding="utf-8")) if u.startswith(("http://", "https://"))]
    return list(dict.fromkeys(out))


def check_links(ws: Workspace, urls: list[str] | None = None, posts: bool = False) -> LinkReport:
    """Check `urls`, or every curated link (and the learner's own), plus links in posts."""
    s = ws.load()
    g = s.g
    if urls is None:
        urls = [p.url for p in g.papers.values()] + [r.url for r in g.resources.values()]
        if posts:
            urls += post_links(ws)
    urls = list(dict.fromkeys(urls))
    verdicts = ws.deps.link_checker(urls)
    results = [Verdict(url=v.url, verdict=v.verdict, checked_at=v.checked_at, status=v.status,
                       final_url=v.final_url, reason=v.reason) for v in verdicts]
    with ws.journal.locked():  # decide against the log as it is now, whatever another window did
        st = ws.load().st
        news = [v for v in results if st.verdict_is_news(v)]
        warnings: list[str] = []
        if news:
            warnings = ws.journal.append(LinksChecked(at=ws.now(s.profile), results=news))
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    problems = [LinkProblem(url=v.url, verdict=v.verdict, status=v.status, reason=v.reason)
                for v in verdicts if v.verdict not in GOOD_VERDICTS]
    return LinkReport(checked=len(verdicts), recorded=len(news), counts=counts, problems=problems,
                      journal=str(ws.journal.root), warnings=warnings)
