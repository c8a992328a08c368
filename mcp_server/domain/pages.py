"""The learner's pages (the knowledge map, the study calendar, progress over time) and the
pictures in a post, as Markdown and SVG text. Pure: the use case gathers the state and
writes the files.

Statuses on the map (first that applies): fading — a check passed but the memory of it is
below the retention target now; mastered — a check passed; studied — taught, no check passed;
known — declared in learner.yaml; new — none of these.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import charts
from .graph import Graph
from .learner import MASTERY_THRESHOLD, LearnerState, Lesson
from .progress import COMPLETED_DEPTH, Growth, week_start


def md_text(s: str) -> str:
    """Text from data (a title, a name) made safe inside Markdown: a `|` never starts a table
    cell, brackets never open a link, `*`/`_` never start emphasis, `<` never opens HTML."""
    out = []
    for ch in s:
        if ch in "\\`*_[]|<>":
            out.append("\\" + ch if ch not in "<>" else ("&lt;" if ch == "<" else "&gt;"))
        else:
            out.append(ch)
    return "".join(out)


def status_of(st: LearnerState, cid: str, fading: set[str]) -> str:
    cs = st.of(cid)
    if cs.checked_depth and cid in fading:
        return "fading"
    if cs.checked_depth:
        return "mastered"
    if cs.studied:
        return "studied"
    return "known" if cs.known else "new"


def front(title: str, permalink: str, lang: str) -> str:
    fm = {
        "title": title,
        "layout": "single",
        "permalink": permalink,
        "lang": lang,
        "render_with_liquid": False,
        "author_profile": False,
        "sitemap": False,
    }
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fm.items()) + "\n---\n"


# ---------------------------------------------------------------- the knowledge map page


@dataclass(frozen=True)
class MapInput:
    need: dict[str, int]  # concept -> the depth the goals and track need of it
    goal: str | None  # the current goal's concept
    today: str | None  # the concept of today's lesson, if there is one
    next: list[tuple[str, int]]  # the next planned steps
    fading: set[str]


def map_svg(g: Graph, st: LearnerState, m: MapInput, lang: str) -> str:
    ids = sorted(m.need, key=lambda c: (g.level[c], g.order[c]))
    base = min((g.level[c] for c in ids), default=0)
    nxt = {c for c, _ in m.next}
    nodes = [
        charts.MapNode(
            id=c,
            title=g.concepts[c].title.get(lang),
            column=g.level[c] - base,
            status=status_of(st, c, m.fading),
            depth=max(st.of(c).studied_depth, st.of(c).mastered_depth),
            need=m.need[c],
            today=c == m.today,
            next=c in nxt and c != m.today,
        )
        for c in ids
    ]
    edges = [(p, c) for c in ids for p in g.concepts[c].prerequisites if p in m.need]
    legend = {k: g.t(lang, f"st_{k}") for k in ("mastered", "studied", "fading", "known", "new")}
    return charts.knowledge_map(nodes, edges, g.t(lang, "map_title"), legend)


def map_counts(st: LearnerState, m: MapInput) -> Counter[str]:
    return Counter(status_of(st, c, m.fading) for c in m.need)


def map_page(
    g: Graph,
    st: LearnerState,
    m: MapInput,
    lang: str,
    svg_url: str,
    post_url: Callable[[Lesson], str],
    progress_url: str,
) -> str:
    t = g.t
    counts = map_counts(st, m)
    latest: dict[str, Lesson] = {x.concept: x for x in st.lessons}
    lines = [front(t(lang, "map_title"), "/tutor/map/", lang)]
    if m.goal:
        lines.append(t(lang, "map_goal", goal=md_text(g.concepts[m.goal].title.get(lang))) + "\n")
    lines.append(
        t(
            lang,
            "map_counts",
            total=len(m.need),
            **{k: counts.get(k, 0) for k in ("mastered", "studied", "fading", "known", "new")},
        )
        + "\n"
    )
    lines.append(f"![{md_text(t(lang, 'map_title'))}]({svg_url})\n")
    if m.today:
        lines.append(t(lang, "map_today", title=_linked(g, lang, m.today, latest, post_url)) + "\n")
    if m.next:
        lines.append(t(lang, "map_next"))
        lines += [f"- {md_text(g.concepts[c].title.get(lang))} (depth {d})" for c, d in m.next]
        lines.append("")
    studied = [c for c in sorted(m.need, key=lambda c: (g.level[c], g.order[c])) if c in latest]
    if studied:
        lines.append(t(lang, "map_posts"))
        lines += [
            f"- {_linked(g, lang, c, latest, post_url)} — {latest[c].date.isoformat()}, depth "
            f"{latest[c].depth}"
            for c in studied
        ]
        lines.append("")
    lines.append(f"[{md_text(t(lang, 'progress_title'))}]({progress_url})\n")
    return "\n".join(lines)


def _linked(
    g: Graph, lang: str, cid: str, latest: dict[str, Lesson], post_url: Callable[[Lesson], str]
) -> str:
    title = md_text(g.concepts[cid].title.get(lang)) if cid in g.concepts else md_text(cid)
    return f"[{title}]({post_url(latest[cid])})" if cid in latest else title


# ---------------------------------------------------------------- calendar and progress


def day_counts(st: LearnerState, today: dt.date) -> dict[dt.date, int]:
    return dict(Counter(x.date for x in st.lessons if x.date <= today))


def year_study_days(counts: dict[dt.date, int], today: dt.date) -> int:
    """Study days in the calendar's window: the 53 weeks ending with today's week, up to today."""
    end = today + dt.timedelta(days=6 - today.weekday())
    start = end - dt.timedelta(days=53 * 7 - 1)
    return sum(1 for d, n in counts.items() if start <= d <= today and n)


def weekly(st: LearnerState, today: dt.date) -> list[charts.WeekPoint]:
    """Concepts studied and mastered (a check passed, the latest per depth deciding), at the
    end of each week from the first lesson's to today's."""
    lessons = [x for x in st.lessons if x.date <= today]
    if not lessons:
        return []
    checks = sorted((c for c in st.check_log if c.at.date() <= today), key=lambda c: c.at)
    first = week_start(lessons[0].date)
    out: list[charts.WeekPoint] = []
    studied: set[str] = set()
    latest: dict[tuple[str, int], float] = {}
    li = ci = 0
    wk = first
    while wk <= today:
        end = wk + dt.timedelta(days=6)
        while li < len(lessons) and lessons[li].date <= end:
            studied.add(lessons[li].concept)
            li += 1
        while ci < len(checks) and checks[ci].at.date() <= end:
            latest[(checks[ci].concept, checks[ci].depth)] = checks[ci].score
            ci += 1
        mastered = {c for (c, _), s in latest.items() if s >= MASTERY_THRESHOLD}
        out.append(charts.WeekPoint(week=wk, studied=len(studied), mastered=len(mastered)))
        wk += dt.timedelta(days=7)
    return out


def calendar_svg(g: Graph, counts: dict[dt.date, int], today: dt.date, lang: str) -> str:
    months = [g.t(lang, f"month_{i}") for i in range(1, 13)]
    weekdays = [g.t(lang, f"wd_{i}") for i in range(7)]
    return charts.calendar(counts, today, g.t(lang, "calendar_title"), months, weekdays)


def progress_svg(g: Graph, points: Sequence[charts.WeekPoint], lang: str) -> str:
    words = {"studied": g.t(lang, "line_studied"), "mastered": g.t(lang, "line_mastered")}
    return charts.progress(points, g.t(lang, "progress_title"), words)


def progress_page(
    g: Graph,
    lang: str,
    today: dt.date,
    counts: dict[dt.date, int],
    points: Sequence[charts.WeekPoint],
    calendar_url: str,
    progress_svg_url: str,
    map_url: str,
) -> str:
    t = g.t
    last = points[-1] if points else charts.WeekPoint(today, 0, 0)
    lines = [
        front(t(lang, "progress_title"), "/tutor/progress/", lang),
        f"## {t(lang, 'calendar_title')}\n",
        t(lang, "calendar_line", days=year_study_days(counts, today), today=today.isoformat()) + "\n",
        f"![{md_text(t(lang, 'calendar_title'))}]({calendar_url})\n",
        f"## {t(lang, 'progress_title')}\n",
        t(lang, "progress_line", studied=last.studied, mastered=last.mastered, weeks=len(points)) + "\n",
        f"![{md_text(t(lang, 'progress_title'))}]({progress_svg_url})\n",
        f"[{md_text(t(lang, 'map_title'))}]({map_url})\n",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- a post's pictures


def touched(st: LearnerState, gr: Growth) -> list[charts.CategoryBar]:
    """The categories the learner has studied in, with completed / passed / in progress:
    the same lists the post's text counts."""
    out = []
    for cat in gr.categories:
        if not (cat.completed or cat.in_progress):
            continue
        passed = [c for c in cat.in_progress if 0 < st.of(c).checked_depth < COMPLETED_DEPTH]
        out.append(
            charts.CategoryBar(
                id=cat.id,
                title=cat.title,
                total=cat.total,
                completed=len(cat.completed),
                passed=len(passed),
                in_progress=len(cat.in_progress) - len(passed),
            )
        )
    return out


def growth_svg(g: Graph, bars: Sequence[charts.CategoryBar], lang: str) -> str:
    words = {k: g.t(lang, f"bar_{k}") for k in ("completed", "passed", "in_progress")}
    return charts.category_bars(bars, g.t(lang, "h_by_category"), words)


def neighbourhood_svg(
    g: Graph,
    st: LearnerState,
    cid: str,
    depth: int,
    day: dt.date,
    lang: str,
    fading: set[str],
    max_side: int = 6,
) -> str:
    """Today's concept, its prerequisites with the date each was last learned, and what it opens."""
    con = g.concepts[cid]

    def near(c: str) -> charts.Near:
        last = next((x for x in reversed(st.lessons) if x.concept == c and x.date < day), None)
        cs = st.of(c)
        if last:
            note = f"{last.date.isoformat()} · depth {last.depth}"
        elif cs.known:
            note = g.t(lang, "st_known") + f" · depth {cs.known}"
        else:
            note = g.t(lang, "near_not_yet")
        return charts.Near(
            g.concepts[c].title.get(lang), note, status_of(st, c, fading) if last or cs.known else "new"
        )

    before = [near(p) for p in con.prerequisites[:max_side]]
    opens = [near(d) for d in sorted(g.dependents.get(cid, ()), key=lambda d: g.order[d])[:max_side]]
    today = charts.Near(con.title.get(lang), f"{g.t(lang, 'chain_today')} · depth {depth}", "studied")
    return charts.neighbourhood(before, today, opens, g.t(lang, "h_connections"))
