"""/link and link checking over one journal: resolve a reference, open it safely, record it;
check links and keep the verdicts in the log, so a post can cite only what is curated or
verified.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .errors import InvalidRequest, NotFound
from .links.browser import open_url
from .links.urls import safe_url
from .postcheck import canon_set, links

if TYPE_CHECKING:
    from .tutor import Tutor

VERIFIED_FOR = dt.timedelta(days=90)  # an ok verdict older than this no longer counts
GOOD = {"ok", "redirected"}


class Opened(BaseModel):
    resource: str | None  # curated resource id, or None for a plain URL
    title: str
    url: str
    opened: bool
    how: str
    message: str
    times_opened: int  # including this one
    journal: str


class LinkProblem(BaseModel):
    url: str
    verdict: str  # broken | unknown | timed_out
    status: int | None = None
    reason: str


class LinkReport(BaseModel):
    checked: int
    counts: dict[str, int]
    problems: list[LinkProblem]  # everything not ok, with its reason
    journal: str


def resolve(t: Tutor, ref: str) -> tuple[str | None, str, str]:
    """(resource id, title, url) for a number in the latest post, a resource id, or a URL."""
    ref = ref.strip()
    g = t.graph()
    if re.fullmatch(r"\d{1,3}", ref):
        events, _ = t.journal.events()
        latest = next((e for e in reversed(events) if e.get("type") == "lesson_published"), None)
        if latest is None:
            raise NotFound("there is no post yet, so /link has no numbers to refer to; run /learn first")
        ids = latest.get("resources") or []
        n = int(ref)
        if not 1 <= n <= len(ids):
            raise InvalidRequest(f"the latest post ({latest.get('post')}) lists {len(ids)} resources; choose 1–{len(ids)}")
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
        match = next((r for r in g.resources.values() if canon_set([r.url]) == canon_set([url])), None)
        return (match.id, match.title, match.url) if match else (None, url, url)
    close = [rid for rid in g.resources if ref.lower() in rid][:5]
    raise NotFound(f"{ref!r} is not a number in the latest post, a resource id, or an http(s) URL.", close)


def open_resource(t: Tutor, ref: str) -> Opened:
    rid, title, url = resolve(t, ref)
    res = open_url(url, **t.open_options)
    profile = t.journal.profile()
    t.journal.append({
        "v": 1, "type": "resource_opened", "at": t.now(profile).isoformat(), "resource": rid, "url": res.url,
        "opened": res.opened,
    })
    events, _ = t.journal.events()
    times = sum(1 for e in events if e.get("type") == "resource_opened" and e.get("url") == res.url)
    return Opened(resource=rid, title=title, url=res.url, opened=res.opened, how=res.how, message=res.message,
                  times_opened=times, journal=str(t.journal.root))


def post_links(t: Tutor) -> list[str]:
    out: list[str] = []
    if t.journal.posts_dir.is_dir():
        for p in sorted(t.journal.posts_dir.glob("*.md")):
            out += [u for u in links(p.read_text(encoding="utf-8")) if u.startswith(("http://", "https://"))]
    return list(dict.fromkeys(out))


def check(t: Tutor, urls: list[str] | None = None, posts: bool = False, **options: Any) -> LinkReport:
    """Check `urls`, or every curated link (and the learner's own), plus links in posts."""
    g = t.graph()
    if urls is None:
        urls = [p.url for p in g.papers.values()] + [r.url for r in g.resources.values()]
        if posts:
            urls += post_links(t)
    urls = list(dict.fromkeys(urls))
    from .links.checker import check_links_sync  # httpx is imported only when links are checked

    verdicts = check_links_sync(urls, **(t.link_options | options))
    profile = t.journal.profile()
    t.journal.append({
        "v": 1, "type": "links_checked", "at": t.now(profile).isoformat(),
        "results": [v.model_dump(mode="json", exclude_none=True) for v in verdicts],
    })
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    problems = [LinkProblem(url=v.url, verdict=v.verdict, status=v.status, reason=v.reason)
                for v in verdicts if v.verdict not in GOOD]
    return LinkReport(checked=len(verdicts), counts=counts, problems=problems,
                      journal=str(t.journal.root))


def verified(events: list[dict[str, Any]], now: dt.datetime) -> set[str]:
    """URLs whose latest check was ok or redirected, within VERIFIED_FOR of `now`."""
    latest: dict[str, dict[str, Any]] = {}
    for e in events:
        if e.get("type") == "links_checked":
            for r in e.get("results") or ():
                latest[str(r.get("url"))] = r
    out = set()
    for url, r in latest.items():
        try:
            when = dt.datetime.fromisoformat(str(r.get("checked_at")))
        except ValueError:
            continue
        if r.get("verdict") in GOOD and now - when <= VERIFIED_FOR:
            out.add(url)
    return canon_set(out)
