"""Render a post: the server's sections from data, the writer's slots in their places. Pure.

The section order and the Korean headings follow the reference post; every fact (dates,
depths, links, names, figures) comes from the LessonContext, never from the slots.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .events import CheckRecorded
from .graph import Graph
from .learner import LearnerState, Lesson
from .models import Concept, Paper, Resource, Slots
from .pages import md_text, touched
from .planner import Destination, Plan, Step
from .progress import Growth

RULE = "\n\n---\n\n"


@dataclass(frozen=True)
class ExerciseView:
    starter: str
    tests: str
    questions: list[tuple[str, list[str]]]  # prompt, rubric criteria
    instructions: str
    folder: str  # journal-relative exercise folder
    starter_file: str
    tests_file: str
    answers_file: str


@dataclass(frozen=True)
class LessonContext:
    g: Graph
    lang: str
    date: dt.date
    concept: Concept
    depth: int
    plan: Plan
    reason: str  # the brief's reason, printed as is
    state: LearnerState  # includes today's lesson
    growth: Growth
    voices: list[Resource]
    reading: list[Resource]
    papers: list[Paper]
    exercise: ExerciseView
    post_url: Callable[[Lesson], str]
    version: str
    recent: list[Lesson]  # lessons of the 7 days before today
    connections: list[tuple[Lesson, str]]  # earlier lessons on ancestors / related concepts, with the relation
    last_check: CheckRecorded | None = None  # the latest check before today
    reviews: tuple[Any, ...] = ()  # brief.Review: concept, depth, retrievability, due — most urgent first
    agenda: tuple[str, ...] = ()  # a remedial lesson: what the last check missed
    notes: tuple[str, ...] = ()  # thin or not-yet-passed prerequisites of a requested lesson
    max_reviews: int = 5
    review_next: tuple[int, dt.date | None] | None = None  # cards due today and the next due day, when any card exists
    neighbourhood_img: str = ""  # URL of today's neighbourhood picture (connections), "" for none
    growth_img: str = ""  # URL of the growth-by-category picture, "" for none
    map_url: str = ""  # the learner's knowledge-map page
    progress_url: str = ""  # the calendar and progress page


def _t(c: LessonContext, key: str, **kw: object) -> str:
    return c.g.t(c.lang, key, **kw)


def _title(c: LessonContext, cid: str) -> str:
    """A concept's title, safe in Markdown (a learner's own concept may hold `|` or `*`)."""
    con = c.g.concepts.get(cid)
    return md_text(con.title.get(c.lang) if con else cid)


def _rating(c: LessonContext, rating: str) -> str:
    return _t(c, f"rating_{rating}")


def _plain(c: LessonContext, cid: str) -> str:
    """A title where Markdown does not apply (a code block)."""
    con = c.g.concepts.get(cid)
    return con.title.get(c.lang) if con else cid


def _objective(c: LessonContext, cid: str, depth: int) -> str:
    con = c.g.concepts[cid]
    obj = con.objectives.get(depth)
    return obj.get(c.lang) if obj else ""


def duration(minutes: int | None) -> str:
    if not minutes:
        return "—"
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m"


def _code(lang: str, code: str) -> str:
    fence = "```"
    while fence in code:  # a longer fence keeps code that itself contains ``` intact
        fence += "`"
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"


def front_matter(c: LessonContext, tags: list[str]) -> str:
    fm = {
        "title": c.concept.title.get(c.lang),
        "date": c.date.isoformat(),
        # the home page and "related posts" show this rather than the post's first line
        "excerpt": c.concept.summary.get(c.lang),
        "categories": "learning",
        "tags": " ".join(tags),
        "layout": "single",
        # Liquid off: code with {{ }} or {% %} must come out verbatim.
        "render_with_liquid": False,
        "tutor": {"concept": c.concept.id, "depth": c.depth},
    }
    lines = ["---"]
    for k, v in fm.items():
        if isinstance(v, dict):
            lines.append(f"{k}:")
            lines += [f"  {kk}: {json.dumps(vv, ensure_ascii=False)}" for kk, vv in v.items()]
        else:
            lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def _step_line(c: LessonContext, s: Step) -> str:
    gate = f" ({_t(c, 'after_check')})" if s.after_check else ""
    return f"- **{_title(c, s.concept)}** (depth {s.depth}){gate} - {_objective(c, s.concept, s.depth)}"


def _destination(c: LessonContext, d: Destination) -> str:
    t = d.target
    goal = f"{_title(c, t.concept)} (depth {t.depth})"
    if d.reached:
        return _t(c, "dest_reached", goal=goal)
    source = _t(c, "src_goal") if t.source == "goal" else _t(c, "src_track", track=t.source)
    line = _t(c, "dest_line", goal=goal, source=source, n=d.lessons_left, pace=d.pace_per_week,
              date=d.projected.isoformat() if d.projected else "—")
    if t.by:
        line += " " + _t(c, "dest_by", by=t.by.isoformat())
    names = ", ".join(f"{_title(c, cid)} (depth {n})" for cid, n in d.missing[:8])
    if len(d.missing) > 8:
        names += f", … +{len(d.missing) - 8}"
    return line + ("\n- " + _t(c, "dest_missing", names=names) if names else "")


def focus(c: LessonContext, slots: Slots) -> str:
    parts = [f"## {_t(c, 'h_focus')}", _t(c, "focus_line", title=_title(c, c.concept.id), depth=c.depth)]
    lc = c.last_check
    if lc:
        missed = list(lc.missed)
        parts.append(
            _t(c, "last_check", title=_title(c, lc.concept), depth=lc.depth, score=round(100 * lc.score),
               rating=_rating(c, lc.rating), feedback=lc.feedback)
            + "".join(f"\n- {m}" for m in missed[:3])
            + (f"\n- … +{len(missed) - 3}" if len(missed) > 3 else "")
        )
    if c.agenda:
        parts.append(_t(c, "remedial_note") + "".join(f"\n- {m}" for m in c.agenda[:6]))
    parts += [f"> {n}" for n in c.notes]
    if c.reviews:
        shown = c.reviews[: c.max_reviews]
        more = len(c.reviews) - len(shown)
        parts.append(_t(c, "reviews_label") + "".join(
            f"\n- **{_title(c, v.concept)}** (depth {v.depth}) - "
            + _t(c, "review_due" if v.due else "review_faded", r=round(100 * v.retrievability))
            for v in shown) + (f"\n- {_t(c, 'reviews_more', n=more)}" if more else ""))
    if c.review_next:
        due, nxt = c.review_next
        parts.append(_t(c, "review_cmd", n=due, next=nxt.isoformat() if nxt else "—"))
    parts.append(slots.intro.strip())
    return "\n\n".join(parts)


def why_now(c: LessonContext, slots: Slots) -> str:
    out = [f"## {_t(c, 'h_why')}", f"### {_t(c, 'h_past')}"]
    if c.recent:
        items = [f"- **{_title(c, x.concept)}** (depth {x.depth}, {x.date.isoformat()})" for x in c.recent]
        out.append(_t(c, "past_recent") + "\n" + "\n".join(items))
    elif any(x.date < c.date for x in c.state.lessons):
        out.append(_t(c, "past_none"))
    else:
        out.append(_t(c, "past_first"))
    out.append(
        _t(c, "today_label") + "\n" + _step_line(c, Step(c.concept.id, c.depth, c.plan.today.reason))
    )
    studied = c.state.of(c.concept.id).studied
    earlier = max((d for d in studied if d < c.depth), default=0)
    if earlier:
        out.append(_t(c, "why_deeper", prev=earlier) + "\n" + _objective(c, c.concept.id, earlier) + " → " + _objective(c, c.concept.id, c.depth))
    out.append(_t(c, "why_this") + "\n" + c.reason)
    out += [f"### {_t(c, 'h_industry')}", slots.why_now.strip(), f"### {_t(c, 'h_path')}"]
    if c.plan.next:
        out.append(_t(c, "next_lesson", item=_step_line(c, c.plan.next)[2:]))
    for key, steps in (("path_week", c.plan.week), ("path_month", c.plan.month)):
        if steps:
            depths = sorted({s.depth for s in steps})
            rng = f"{depths[0]}" if len(depths) == 1 else f"{depths[0]}-{depths[-1]}"
            out.append(_t(c, key, depths=rng) + "\n" + "\n".join(_step_line(c, s) for s in steps))
    if c.plan.quarter:
        out.append(_t(c, "path_quarter") + "\n" + _destination(c, c.plan.quarter))
    if not (c.plan.next or c.plan.week or c.plan.month or c.plan.quarter):
        out.append(_t(c, "path_empty"))
    return "\n\n".join(out)


def core(c: LessonContext, slots: Slots) -> str:
    title = c.concept.title.get(c.lang)
    parts = [f"## {_t(c, 'h_core')}"]
    for key, slot in (
        ("h_core_why", slots.core_why),
        ("h_core_how", slots.core_how),
        ("h_core_when", slots.core_when),
        ("h_core_who", slots.core_who),
        ("h_core_where", slots.core_where),
    ):
        parts += [f"### {_t(c, key, title=title)}", slot.strip()]
    return "\n\n".join(parts)


def connections(c: LessonContext) -> str:
    out = [f"## {_t(c, 'h_connections')}", f"### {_t(c, 'h_conn_past')}"]
    if c.connections:
        for x, rel in c.connections:
            out.append(
                f"**{x.date.isoformat()}** - [{_title(c, x.concept)}]({c.post_url(x)}) (depth {x.depth})\n"
                f"- {_objective(c, x.concept, x.depth)}\n"
                f"- {_t(c, 'conn_today', title=_title(c, c.concept.id), relation=_t(c, 'rel_' + rel))}"
            )
    else:
        out.append(_t(c, "conn_none"))
    studied = {x.concept for x in c.state.lessons if x.date < c.date}
    chain = c.g.chain_to(c.concept.id, studied)
    nxt = next((s for s in [*c.plan.week, *c.plan.month] if c.concept.id in c.g.concepts[s.concept].prerequisites
                or s.concept == c.concept.id), None)
    rows: list[str] = []
    for cid in chain:
        if cid == c.concept.id:
            rows.append(f"{_plain(c, cid)} (depth {c.depth}) ← {_t(c, 'chain_today')}")
        else:
            rows.append(f"{_plain(c, cid)} (depth {c.state.of(cid).studied_depth})")
    if nxt:
        rows.append(f"{_plain(c, nxt.concept)} (depth {nxt.depth}) ← {_t(c, 'chain_next')}")
    out.append(_t(c, "chain_label") + "\n" + _code("", "\n    ↓\n".join(rows)))
    if c.neighbourhood_img:
        out.append(f"![{_t(c, 'near_alt', title=_title(c, c.concept.id))}]({c.neighbourhood_img})")
    return "\n\n".join(out)


def voices(c: LessonContext) -> str:
    out = [f"## {_t(c, 'h_voices')}", f"### {_t(c, 'h_voices_people')}"]
    n = 0
    blocks = []
    for r in c.voices:
        n += 1
        lines = [
            f"**{n}. {md_text(r.person)}** ({md_text(r.affiliation)})",
            f"- {_t(c, 'kind_' + r.kind)}: {md_text(r.show)} ({r.date.isoformat()})",
            f"- {_t(c, 'label_title')}: [{md_text(r.title)}]({r.url})",
            *([f"- {_t(c, 'label_duration')}: {duration(r.duration_min)}"] if r.duration_min else []),
            f"- {_t(c, 'label_summary')}: {md_text(r.summary.get(c.lang))}",
        ]
        lines += [f"- {_t(c, 'label_quote')}: “{q.text}” ([{_t(c, 'label_source')}]({q.source}))" for q in r.quotes[:1]]
        blocks.append("\n".join(lines) + "\n\n" + _t(c, "watch") + "\n" + _code("bash", f"/link {n}"))
    out.append(RULE.join(blocks) if blocks else _t(c, "voices_none"))
    out.append(f"### {_t(c, 'h_reading')}")
    items = []
    for r in c.reading:
        n += 1
        # only what is known: an item without a duration must not end in ", —"
        facts = [md_text(r.show), r.date.isoformat()] + ([duration(r.duration_min)] if r.duration_min else [])
        items.append(f"{n}. **{md_text(r.person)}**: [{md_text(r.title)}]({r.url}) — {', '.join(facts)} · `/link {n}`")
    out.append("\n".join(items) if items else _t(c, "reading_none"))
    return "\n\n".join(out)


def timeline(c: LessonContext) -> str:
    out = [f"## {_t(c, 'h_history')}", f"### {_t(c, 'h_timeline')}"]
    for p in c.papers:
        authors = p.authors[0] + (" et al." if len(p.authors) > 1 else "")
        ident = f"arXiv:{p.arxiv}" if p.arxiv else f"doi:{p.doi}"
        out.append(
            f"**{p.year}.{p.month:02d}** - {md_text(p.title)}\n- {md_text(authors)} ({md_text(p.venue)})\n"
            f"- {md_text(p.contribution.get(c.lang))}\n"
            f"- {_t(c, 'label_paper')}: [{ident}]({p.url})"
        )
    if not c.papers:
        out.append(_t(c, "timeline_none"))
    return "\n\n".join(out)


def understanding(c: LessonContext) -> str:
    e = c.exercise
    # a curated question may hold a `|` (P(spam | word)): escaped, so the line never becomes a table
    qs = "\n".join(f"{i}. {q.replace('|', chr(92) + '|')}" for i, (q, _) in enumerate(e.questions, 1))
    return "\n\n".join(
        [
            f"## {_t(c, 'h_check')}",
            f"### {_t(c, 'h_selfcheck')}",
            _t(c, "questions_intro"),
            qs,
            f"### {_t(c, 'h_code')}",
            e.instructions.strip(),
            _t(c, "code_intro", path=e.starter_file),
            _code("python", e.starter),
            _t(c, "tests_intro", path=e.tests_file),
            _code("python", e.tests),
            _t(c, "check_note", answers=e.answers_file, starter=e.starter_file),
        ]
    )


def next_steps(c: LessonContext) -> str:
    out = [f"## {_t(c, 'h_next')}"]
    week = [_t(c, "next_exercise", path=c.exercise.starter_file)]
    n_voices = len(c.voices)
    if c.voices:
        week.append(_t(c, "next_watch", person=md_text(c.voices[0].person), n=1))
    elif c.reading:
        week.append(_t(c, "next_watch", person=md_text(c.reading[0].person), n=n_voices + 1))
    week += [_t(c, "next_learn", title=_title(c, s.concept), depth=s.depth) for s in c.plan.week]
    month = [_t(c, "next_learn", title=_title(c, s.concept), depth=s.depth) for s in c.plan.month]
    own = [p for p in c.papers if c.concept.id in p.concepts]
    month += [_t(c, "next_paper", title=md_text(p.title), url=p.url) for p in own[:2]]
    quarter = [_destination(c, c.plan.quarter)] if c.plan.quarter else []
    for key, items in (("h_next_week", week), ("h_next_month", month), ("h_next_quarter", quarter)):
        out += [f"### {_t(c, key)}", "\n".join(f"- {i}" for i in items) if items else _t(c, "next_none")]
    return "\n\n".join(out)


def growth(c: LessonContext) -> str:
    """Compact: only the categories studied in, one picture of them, the same counts in text."""
    gr = c.growth
    out = [f"## {_t(c, 'h_growth')}", f"### {_t(c, 'h_by_category')}"]
    bars = {b.id: b for b in touched(c.state, gr)}
    lines = []
    for cat in gr.categories:
        b = bars.get(cat.id)
        if b is None:
            continue
        names = ", ".join(_title(c, x) for x in [*cat.completed, *cat.in_progress][:6])
        more = len(cat.completed) + len(cat.in_progress) - 6
        names += f", … +{more}" if more > 0 else ""
        lines.append("- " + _t(c, "cat_line", title=md_text(cat.title), completed=b.completed, passed=b.passed,
                                going=b.in_progress, total=b.total, names=names))
    untouched = len(gr.categories) - len(bars)
    if untouched:
        lines.append("- " + _t(c, "cat_untouched", n=untouched))
    out.append("\n".join(lines))
    if c.growth_img:
        out.append(f"![{_t(c, 'h_by_category')}]({c.growth_img})")
    if c.map_url:
        out.append(_t(c, "map_link", map=c.map_url, progress=c.progress_url))
    week_names = ", ".join(_title(c, x) for x in gr.week_concepts)
    out += [
        f"### {_t(c, 'h_velocity')}",
        "\n".join(
            "- " + line for line in [
                _t(c, "vel_week", n=len(gr.week_concepts), names=f" ({week_names})" if week_names else ""),
                _t(c, "vel_month", n=len(gr.month_concepts)),
                _t(c, f"trend_{gr.trend}", last=gr.last7, prev=gr.prev7),
                _t(c, "cadence", days=gr.week_study_days, goal=gr.weekly_goal),
                _t(c, "opened", month=gr.resources_opened_month, total=gr.resources_opened),
            ]
        ),
        f"### {_t(c, 'h_reached')}",
        "\n".join(f"- {md_text(m.title)}" for m in gr.milestones_reached) or _t(c, "reached_none"),
        f"### {_t(c, 'h_upcoming')}",
        "\n".join(
            f"- **{md_text(m.title)}** " + _t(c, "ms_missing", current=m.current, missing=m.missing)
            for m in gr.milestones_next
        )
        or _t(c, "upcoming_none"),
    ]
    return "\n\n".join(out)


def footer(c: LessonContext) -> str:
    gr = c.growth
    nxt = gr.milestones_next[0] if gr.milestones_next else None
    nxt_s = f"{md_text(nxt.title)} " + _t(c, "ms_missing", current=nxt.current, missing=nxt.missing) if nxt else "—"
    lines = [
        f"**Learning Journey Started**: {gr.journey_start.isoformat() if gr.journey_start else '—'}  ",
        f"**Current Depth Level**: {_t(c, f'level_{gr.level}')}  ",
        f"**Sessions Completed**: {_t(c, 'sessions_n', n=gr.sessions)}  ",
        f"**Next Milestone**: {nxt_s}",
    ]
    # "\|": a bare pipe would make this line a one-row table
    return "\n".join(lines) + RULE + f"_Generated by AI Tutor v{c.version} \\| Powered by Claude Code_\n"


def render_post(c: LessonContext, slots: Slots, tags: list[str]) -> str:
    # one h1 per post: the theme prints the title; the journey line is the lead, not a heading
    head = f"{front_matter(c, tags)}\n_{_t(c, 'page_title', date=c.date.isoformat())}_\n\n"
    sections = [
        focus(c, slots),
        why_now(c, slots),
        core(c, slots),
        connections(c),
        voices(c),
        timeline(c),
        understanding(c),
        next_steps(c),
        growth(c),
        footer(c),
    ]
    return head + RULE.join(s.strip("\n") for s in sections)
