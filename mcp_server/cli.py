"""`ai-tutor`: the same core as the MCP server, for people and scripts.

    ai-tutor status                     progress of the journal (JSON with --json)
    ai-tutor find WORDS                 concepts matching an id, alias or title (either language)
    ai-tutor plan [CONCEPT] [--depth N] [--date YYYY-MM-DD]
    ai-tutor validate                   check knowledge/ and the journal; exit 1 on problems
    ai-tutor check-links [--posts]      check curated links (and links in posts); exit 1 if any broke
Exit status 2 means a request the tutor refused; the message says what to do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import TutorError
from .facade import Tutor
from .storage.journal import Journal
from .storage.knowledge import load_knowledge
from .storage.location import adopt, locate, user_journal


def _tutor(args: argparse.Namespace) -> Tutor:
    root = Path(args.journal).resolve() if args.journal else locate()
    kdir = Path(args.knowledge).resolve() if args.knowledge else None
    notes = adopt(root) if root == user_journal() else []
    for n in notes:
        print(f"ai-tutor: {n}", file=sys.stderr)
    return Tutor(Journal(root), knowledge_dir=kdir)


def cmd_status(args: argparse.Namespace) -> int:
    st = _tutor(args).learner_status()
    if args.json:
        print(st.model_dump_json(indent=2))
        return 0
    print(f"journal: {st.journal}")
    print(f"sessions: {st.sessions}   concepts studied: {st.concepts_studied}   completed: {st.concepts_completed}")
    print(f"this week: {st.this_week}   trend: {st.trend}   level: depth {st.level}")
    for c in st.categories:
        print(f"  {c.title}: {c.completed}/{c.total} completed, {c.in_progress} in progress")
    if st.next_up:
        print(f"next: {st.next_up.title} (depth {st.next_up.depth})")
    if st.reviews_due or st.next_review:  # reviews are answered in Claude Code, not here
        later = st.next_review.isoformat() if st.next_review else "—"
        print(f"reviews due today: {st.reviews_due}   next due: {later}   (/ai-tutor:review in Claude Code)")
    for w in st.warnings:
        print(f"warning: {for_cli(w)}", file=sys.stderr)
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    found = _tutor(args).find_concepts(" ".join(args.words), args.limit)
    if args.json:
        print(found.model_dump_json(indent=2))
        return 0
    if not found.hits:
        print(f"no concept matches {found.query!r}; try other words, in English or Korean")
        return 1
    for h in found.hits:
        studied = f"studied to depth {h.studied_depth}" if h.studied_depth else "not studied"
        print(f"{h.id:32} {h.title_en} / {h.title_ko}  [{h.category}]  {studied}, next depth {h.next_depth}")
    print(f"plan one: ai-tutor plan {found.hits[0].id}")
    return 0


# What the tutor's messages call a tool, as a command the reader of the CLI can run.
_COMMANDS = {
    "find_concepts": "`ai-tutor find <words>`",
    "plan_lesson": "`ai-tutor plan`",
    "learner_status": "`ai-tutor status`",
    "check_links": "`ai-tutor check-links`",
    "publish_post": "/learn in Claude Code",
    "set_profile": "/learn --setup in Claude Code",
    "open_resource": "/link in Claude Code",
    "pending_check": "/check in Claude Code",
    "run_exercise": "/check in Claude Code",
    "record_check": "/check in Claude Code",
}
# "review" is also a plain word ("the review of …"): only "call review" names the tool.
_CALLED_ONLY = {"review": "/ai-tutor:review in Claude Code"}
_CALLABLE = {**_COMMANDS, **_CALLED_ONLY}
_CALL = re.compile(r"\b([Cc])all (" + "|".join(_CALLABLE) + r")\b")
_NAME = re.compile(r"\b(" + "|".join(_COMMANDS) + r")\b")


def for_cli(message: str) -> str:
    """A message of the core with each tool it names turned into what to run here."""
    message = _CALL.sub(lambda m: ("R" if m.group(1) == "C" else "r") + "un " + _CALLABLE[m.group(2)], message)
    return _NAME.sub(lambda m: _COMMANDS[m.group(1)], message)


def cmd_plan(args: argparse.Namespace) -> int:
    brief = _tutor(args).plan_lesson(args.concept, args.depth, args.date)
    if args.json:
        print(brief.model_dump_json(indent=2))
        return 0
    print(f"{brief.lesson_id}: {brief.title} (depth {brief.depth}) — {brief.objective}")
    print(f"  why: {brief.reason}")
    for label, steps in (("week", brief.week), ("month", brief.month)):
        print(f"  {label}: " + (", ".join(f"{s.title} (d{s.depth})" + (" after your check" if s.after_check else "")
                                           for s in steps) or "—"))
    if brief.goal:
        d = brief.goal
        when = f", about {d.projected.isoformat()}" if d.projected and not d.reached else ""
        print(f"  goal: {d.goal.title} (d{d.goal.depth}) — {d.lessons_left} lessons to go{when}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    kdir = Path(args.knowledge).resolve() if args.knowledge else None
    g = load_knowledge(kdir) if kdir else load_knowledge()
    print(
        f"knowledge: {len(g.concepts)} concepts in {len(g.categories)} categories, {len(g.papers)} papers, "
        f"{len(g.resources)} resources, {len(g.exercises)} exercises — valid"
    )
    t = _tutor(args)
    st = t.learner_status()  # validates learner.yaml, concepts.yaml and every log line
    events, warnings = t.journal.events()
    print(f"journal: {st.journal} — {len(events)} valid events, learner.yaml valid")
    for w in warnings:
        print(f"warning: {for_cli(w)}")
    return 1 if warnings else 0


def cmd_check_links(args: argparse.Namespace) -> int:
    rep = _tutor(args).check_links(None, args.posts)
    print(f"checked {rep.checked} links: " + ", ".join(f"{k} {v}" for k, v in sorted(rep.counts.items())))
    for v in rep.problems:
        print(f"  {v.verdict:10} {v.url}  ({v.reason})")
    print(f"recorded {rep.recorded} new verdicts in the journal")
    for w in rep.warnings:
        print(f"warning: {for_cli(w)}", file=sys.stderr)
    return 1 if any(v.verdict == "broken" for v in rep.problems) else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ai-tutor", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--journal", help="journal folder (default: TUTOR_JOURNAL, the project folder when it is a "
                    "journal, else the per-user folder the plugin uses too)")
    ap.add_argument("--knowledge", help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("status", help="show progress")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_status)
    p = sub.add_parser("find", help="search concepts by id, alias or title")
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=8)
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_find)
    p = sub.add_parser("plan", help="plan a lesson (writes nothing)")
    p.add_argument("concept", nargs="?")
    p.add_argument("--depth", type=int)
    p.add_argument("--date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_plan)
    p = sub.add_parser("validate", help="validate knowledge/ and the journal")
    p.set_defaults(fn=cmd_validate)
    p = sub.add_parser("check-links", help="check curated links (and, with --posts, links in posts)")
    p.add_argument("--posts", action="store_true")
    p.set_defaults(fn=cmd_check_links)
    args = ap.parse_args(argv)
    try:
        return int(args.fn(args))
    except TutorError as e:
        print(f"ai-tutor: {for_cli(str(e))}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
