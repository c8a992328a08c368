"""Static SVG pictures of the learner's progress. Pure: data in, SVG text out.

No script, no web font, no external reference: a picture must show the same offline, in an
`<img>` on GitHub Pages and in a feed reader. Every number drawn is one the caller computed
for the text beside it, and is also kept in a `data-*` attribute so a test can compare the
two. Sizes stay small (a post's pictures are a few KB; a 150-concept map under 200 KB) by
drawing plain shapes with short attributes and sharing styles through one `<style>`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "font-family:'Noto Sans CJK KR','Noto Sans KR',sans-serif"
# status -> (fill, stroke, text colour)
STATUS = {
    "mastered": ("#2e7d32", "#1b5e20", "#fff"),
    "studied": ("#1e88e5", "#1565c0", "#fff"),
    "fading": ("#f9a825", "#c17900", "#000"),
    "known": ("#90a4ae", "#607d8b", "#000"),
    "new": ("#fff", "#9e9e9e", "#424242"),
}


def _svg(w: int, h: int, label: str, body: list[str], style: str = "") -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label={quoteattr(label)}>'
    )
    css = f"<style>text{{{FONT};font-size:12px}}{style}</style>"
    return "\n".join([head, f"<title>{escape(label)}</title>", css, *body, "</svg>"]) + "\n"


def _textw(s: str, px: int = 12) -> int:
    """About how wide `s` draws at `px` (a Latin letter ~0.6 em, a Hangul or CJK character ~1 em):
    enough to space a legend without measuring fonts."""
    return int(sum(0.6 if ord(ch) < 0x1100 else 1.0 for ch in s) * px) + 1


def _clip(s: str, n: int) -> str:
    """`s` cut to about n Latin letters' width (a Hangul or CJK character counts as two)."""
    used = 0
    for i, ch in enumerate(s):
        used += 1 if ord(ch) < 0x1100 else 2
        if used > n:
            return s[: max(i - 1, 1)] + "…"
    return s


# ---------------------------------------------------------------- the knowledge map


@dataclass(frozen=True)
class MapNode:
    id: str
    title: str
    column: int  # prerequisite level: every prerequisite is in a column to the left
    status: str  # a key of STATUS
    depth: int  # the depth it has (taught or mastered), 0 when new
    need: int  # the depth the goal needs of it
    today: bool = False
    next: bool = False  # one of the next planned steps


def knowledge_map(
    nodes: Sequence[MapNode],
    edges: Sequence[tuple[str, str]],
    label: str,
    legend: dict[str, str],
    per_row: int = 4,
) -> str:
    """Concepts in bands by prerequisite level, top to bottom (a band wraps after `per_row`, so
    the picture keeps the width of a post), prerequisite -> dependent edges, coloured by status;
    today's concept ringed in red, the next steps dashed. `legend`: status -> words."""
    bw, bh, gx, gy, band, top, left = 168, 26, 12, 10, 26, 40, 8
    bands: dict[int, list[MapNode]] = {}
    for n in nodes:
        bands.setdefault(n.column, []).append(n)
    pos: dict[str, tuple[int, int]] = {}
    y = top
    for level in sorted(bands):
        row = bands[level]
        for i, n in enumerate(row):
            if i and i % per_row == 0:
                y += bh + gy
            pos[n.id] = (left + (i % per_row) * (bw + gx), y)
        y += bh + band
    w = left * 2 + per_row * (bw + gx) - gx
    h = y - band + 12
    body = ['<g class="e">']
    for a, b in edges:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            x1, y1, x2 = x1 + bw // 2, y1 + bh, x2 + bw // 2
            my = (y1 + y2) // 2
            body.append(f'<path d="M{x1} {y1}C{x1} {my} {x2} {my} {x2} {y2}"/>')
    body.append("</g>")
    for n in nodes:
        x, y = pos[n.id]
        cls = n.status + (" today" if n.today else "") + (" next" if n.next else "")
        mark = "★ " if n.today else "→ " if n.next else ""
        depth = f"{n.depth}/{n.need}"
        body.append(
            f'<g class="{cls}" data-concept={quoteattr(n.id)} data-status="{n.status}" data-depth="{n.depth}">'
            f'<rect x="{x}" y="{y}" width="{bw}" height="{bh}" rx="5"/>'
            f'<text x="{x + 6}" y="{y + 17}">{escape(mark + _clip(n.title, 23))}</text>'
            f'<text class="d" x="{x + bw - 6}" y="{y + 17}">{depth}</text></g>'
        )
    lx = left
    for key, words in legend.items():
        body.append(
            f'<g class="{key}"><rect x="{lx}" y="10" width="14" height="14" rx="3"/></g>'
            f'<text x="{lx + 19}" y="22">{escape(words)}</text>'
        )
        lx += 30 + _textw(words)
    style = "".join(
        f".{k} rect{{fill:{f};stroke:{s}}}.{k} text{{fill:{t}}}" for k, (f, s, t) in STATUS.items()
    )
    style += (
        ".e path{fill:none;stroke:#b0bec5;stroke-width:1.2}.d{text-anchor:end;font-size:10px}"
        ".today rect{stroke:#d32f2f;stroke-width:3}.next rect{stroke:#6a1b9a;stroke-width:2;"
        "stroke-dasharray:4 2}"
    )
    return _svg(w, h, label, body, style)


# ---------------------------------------------------------------- today's neighbourhood


@dataclass(frozen=True)
class Near:
    title: str
    note: str  # e.g. "2025-11-03 · depth 1", or "not yet"
    status: str  # a key of STATUS


def neighbourhood(before: Sequence[Near], today: Near, opens: Sequence[Near], label: str) -> str:
    """Prerequisites (left, with when they were learned), today (centre), what it opens (right)."""
    bw, bh, gy = 190, 38, 10
    rows = max(len(before), len(opens), 1)
    h = 20 + rows * (bh + gy)
    w = 3 * bw + 2 * 60 + 16
    cx = 8 + bw + 60
    ty = 10 + (rows * (bh + gy) - gy - bh) // 2
    body: list[str] = []

    def box(x: int, y: int, n: Near, cls: str) -> str:
        return (
            f'<g class="{n.status} {cls}"><rect x="{x}" y="{y}" width="{bw}" height="{bh}" rx="6"/>'
            f'<text x="{x + 8}" y="{y + 16}">{escape(_clip(n.title, 24))}</text>'
            f'<text class="n" x="{x + 8}" y="{y + 31}">{escape(_clip(n.note, 30))}</text></g>'
        )

    def column(items: Sequence[Near], x: int, left_side: bool) -> None:
        y0 = 10 + (rows - len(items)) * (bh + gy) // 2
        for i, n in enumerate(items):
            y = y0 + i * (bh + gy)
            a, b = (x + bw, cx) if left_side else (cx + bw, x)
            body.append(
                f'<path d="M{a} {y + bh // 2}L{b} {ty + bh // 2}"/>'
                if left_side
                else f'<path d="M{a} {ty + bh // 2}L{b} {y + bh // 2}"/>'
            )
            body.append(box(x, y, n, "side"))

    column(before, 8, True)
    column(opens, cx + bw + 60, False)
    body.append(box(cx, ty, today, "today"))
    style = "".join(
        f".{k} rect{{fill:{f};stroke:{s}}}.{k} text{{fill:{t}}}" for k, (f, s, t) in STATUS.items()
    )
    style += (
        "path{stroke:#90a4ae;stroke-width:1.5;fill:none}.n{font-size:10px}"
        ".today rect{stroke:#d32f2f;stroke-width:3}"
    )
    return _svg(w, h, label, body, style)


# ---------------------------------------------------------------- growth by category


@dataclass(frozen=True)
class CategoryBar:
    id: str
    title: str
    total: int
    completed: int  # mastered at depth 2 or deeper
    passed: int  # a check passed at depth 1, not yet completed
    in_progress: int  # taught, no check passed yet


def category_bars(bars: Sequence[CategoryBar], label: str, words: dict[str, str]) -> str:
    """One stacked bar per category: completed, passed, in progress, the rest not started;
    `words` names the first three (the legend)."""
    lw, bw, bh, gy, top = 170, 300, 16, 10, 30
    h = top + len(bars) * (bh + gy) + 4
    body: list[str] = []
    lx = 8
    for key in ("completed", "passed", "in_progress"):
        body.append(
            f'<rect class="{key}" x="{lx}" y="8" width="12" height="12"/>'
            f'<text x="{lx + 16}" y="19">{escape(words[key])}</text>'
        )
        lx += 28 + _textw(words[key])
    for i, b in enumerate(bars):
        y = top + i * (bh + gy)
        body.append(
            f'<g data-category={quoteattr(b.id)} data-total="{b.total}" data-completed="{b.completed}" '
            f'data-passed="{b.passed}" data-in-progress="{b.in_progress}">'
        )
        body.append(f'<text x="8" y="{y + 12}">{escape(_clip(b.title, 22))}</text>')
        body.append(f'<rect class="rest" x="{lw}" y="{y}" width="{bw}" height="{bh}"/>')
        x = float(lw)
        for key, n in (("completed", b.completed), ("passed", b.passed), ("in_progress", b.in_progress)):
            if n and b.total:
                seg = bw * n / b.total
                body.append(f'<rect class="{key}" x="{x:.1f}" y="{y}" width="{seg:.1f}" height="{bh}"/>')
                x += seg
        shown = b.completed + b.passed + b.in_progress
        body.append(f'<text x="{lw + bw + 8}" y="{y + 12}">{shown}/{b.total}</text></g>')
    style = ".completed{fill:#2e7d32}.passed{fill:#81c784}.in_progress{fill:#64b5f6}.rest{fill:#eceff1}"
    return _svg(lw + bw + 70, h, label, body, style)


# ---------------------------------------------------------------- study calendar


def calendar(
    counts: dict[dt.date, int], today: dt.date, label: str, months: Sequence[str], weekdays: Sequence[str]
) -> str:
    """The 53 weeks ending with today's, one cell per day shaded by its lessons (0, 1, 2, 3+).
    `months`: the 12 month names; `weekdays`: Monday-first labels (three are shown)."""
    cell, gap, left, top = 11, 2, 30, 20
    end = today + dt.timedelta(days=6 - today.weekday())
    start = end - dt.timedelta(days=53 * 7 - 1)
    body: list[str] = []
    days = 0
    last_month = None
    for i in range((end - start).days + 1):
        d = start + dt.timedelta(days=i)
        if d > today:
            break
        col, row = i // 7, d.weekday()
        x, y = left + col * (cell + gap), top + row * (cell + gap)
        if row == 0 and d.month != last_month:
            last_month = d.month
            if col < 52:
                body.append(f'<text x="{x}" y="12">{escape(months[d.month - 1])}</text>')
        n = counts.get(d, 0)
        days += n > 0
        lvl = min(n, 3)
        extra = f' data-day="{d.isoformat()}" data-n="{n}"' if n else ""
        body.append(f'<rect class="l{lvl}" x="{x}" y="{y}" width="{cell}" height="{cell}"{extra}/>')
    for row in (0, 2, 4):
        body.append(
            f'<text class="w" x="0" y="{top + row * (cell + gap) + 9}">{escape(weekdays[row])}</text>'
        )
    w = left + 53 * (cell + gap) + 4
    h = top + 7 * (cell + gap) + 4
    style = (
        "rect{rx:2}.l0{fill:#ebedf0}.l1{fill:#9be9a8}.l2{fill:#40c463}.l3{fill:#216e39}"
        "text{font-size:10px}.w{font-size:9px}"
    )
    return _svg(w, h, label, [f'<g data-study-days="{days}">', *body, "</g>"], style)


# ---------------------------------------------------------------- progress over time


@dataclass(frozen=True)
class WeekPoint:
    week: dt.date  # its Monday
    studied: int  # concepts with a lesson, cumulative
    mastered: int  # concepts with a passed check, cumulative


def progress(points: Sequence[WeekPoint], label: str, words: dict[str, str]) -> str:
    """Two cumulative lines by week: concepts studied and concepts mastered; the last values
    are printed at the right end. `words`: the names of the two lines."""
    w, h, left, right, top, bottom = 640, 220, 36, 70, 26, 24
    top_v = max([p.studied for p in points] + [1])
    n = len(points)

    def xy(i: int, v: int) -> str:
        x = left + (w - left - right) * (i / (n - 1) if n > 1 else 1.0)
        y = h - bottom - (h - top - bottom) * v / top_v
        return f"{x:.1f},{y:.1f}"

    body = [
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" class="ax"/>',
        f'<text x="4" y="{top + 4}">{top_v}</text>',
        f'<text x="4" y="{h - bottom}">0</text>',
    ]
    if points:
        body.append(f'<text x="{left}" y="{h - 6}">{points[0].week.isoformat()}</text>')
        body.append(f'<text x="{w - right}" y="{h - 6}" class="r">{points[-1].week.isoformat()}</text>')
    x = left
    for key in ("studied", "mastered"):
        body.append(
            f'<rect class="k{key}" x="{x}" y="6" width="12" height="4"/>'
            f'<text x="{x + 16}" y="13">{escape(words[key])}</text>'
        )
        x += 28 + _textw(words[key], 11)
    for key in ("studied", "mastered"):
        vals = [getattr(p, key) for p in points]
        if vals:
            body.append(
                f'<polyline class="{key}" points="{" ".join(xy(i, v) for i, v in enumerate(vals))}"/>'
            )
            y = xy(n - 1, vals[-1]).split(",")[1]
            body.append(
                f'<text x="{w - right + 6}" y="{float(y) + 4:.1f}" data-{key}="{vals[-1]}">{vals[-1]}</text>'
            )
    style = (
        ".ax{stroke:#9e9e9e}polyline{fill:none;stroke-width:2}.studied{stroke:#1e88e5}"
        ".mastered{stroke:#2e7d32}.kstudied{fill:#1e88e5}.kmastered{fill:#2e7d32}.r{text-anchor:end}"
        "text{font-size:11px}"
    )
    return _svg(w, h, label, body, style)
