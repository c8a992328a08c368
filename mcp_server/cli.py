"""`ai-tutor`: the same core as the MCP server, for people and scripts.

    ai-tutor status                     progress of the journal (JSON with --json)
    ai-tutor plan [CONCEPT] [--depth N] [--date YYYY-MM-DD]
    ai-tutor validate                   check knowledge/ and the journal; exit 1 on problems
    ai-tutor check-links [--posts]      check curated links (and links in posts); exit 1 if any broke
Exit status 2 means a request the tutor refused; the message says what to do.
"""

from __future__ import annotations

import argparse
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
    for w in st.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


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
        print(f"warning: {w}")
    return 1 if warnings else 0


def cmd_check_links(args: argparse.Namespace) -> int:
    rep = _tutor(args).check_links(None, args.posts)
    print(f"checked {rep.checked} links: " + ", ".join(f"{k} {v}" for k, v in sorted(rep.counts.items())))
    for v in rep.problems:
        print(f"  {v.verdict:10} {v.url}  ({v.reason})")
    return 1 if any(v.verdict == "broken" for v in rep.problems) else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ai-tutor", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--journal", help="journal folder (default: TUTOR_JOURNAL, the project, or the plugin data folder)")
    ap.add_argument("--knowledge", help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("status", help="show progress")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_status)
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
        print(f"ai-tutor: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
