"""Benchmark (not a test): regenerating the learner's pages after a publish, at five years
of daily study. Run `uv run --frozen python benchmarks/bench_pages.py`.

The journal: the curated graph, one lesson a day for five years in the graph's order (depth
rising each round), each checked the same evening, as `bench_core.synthetic_journal` writes
them. Each round publishes the next day's lesson through the façade (which refreshes the
pages itself), then deletes the pages and pictures and times `refresh_pages` regenerating and
writing all five from the log (which the refresh's own write-ahead event just grew, so the
fold is paid for too). Also timed: a refresh with nothing changed (compute and compare only).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import OutcomeRunner, make_slots  # noqa: E402

from mcp_server.facade import Tutor  # noqa: E402
from mcp_server.storage.journal import Journal  # noqa: E402
from mcp_server.storage.knowledge import load_knowledge  # noqa: E402
from mcp_server.usecases.pages import refresh_pages  # noqa: E402

START = dt.date(2021, 1, 1)
DAYS = 365 * 5
ROUNDS = 15


def journal_of(root: Path, days: int) -> None:
    g = load_knowledge()
    order = sorted(g.concepts, key=g.order.__getitem__)
    log = root / "_data" / "tutor" / "events.jsonl"
    log.parent.mkdir(parents=True)
    with open(log, "w") as f:
        for i in range(days):
            day = START + dt.timedelta(days=i)
            cid = order[i % len(order)]
            depth = min(1 + i // len(order), g.concepts[cid].max_depth)
            lesson = f"{day}-{cid}-d{depth}"
            f.write(
                json.dumps(
                    {
                        "v": 1,
                        "type": "lesson_published",
                        "at": f"{day}T09:00:00+00:00",
                        "lesson": lesson,
                        "date": str(day),
                        "concept": cid,
                        "depth": depth,
                        "post": f"_posts/{day}-{cid}.md",
                        "title": cid,
                        "files": {},
                        "exercise": None,
                        "exercise_dir": f"_exercises/{day}-{cid}",
                    }
                )
                + "\n"
            )
            f.write(
                json.dumps(
                    {
                        "v": 1,
                        "type": "check_recorded",
                        "at": f"{day}T21:00:00+00:00",
                        "lesson": lesson,
                        "concept": cid,
                        "depth": depth,
                        "score": 0.85 if i % 7 else 0.5,
                        "rating": "good" if i % 7 else "hard",
                    }
                )
                + "\n"
            )


def main() -> dict:
    root = Path(tempfile.mkdtemp()) / "journal"
    journal_of(root, DAYS)
    t = Tutor(Journal(root))
    t.ws.deps.runner = OutcomeRunner()
    regen, unchanged, publish = [], [], []
    pages = [
        root / "tutor" / "map.md",
        root / "tutor" / "progress.md",
        *(root / "assets" / "tutor" / f"{n}.svg" for n in ("map", "calendar", "progress")),
    ]
    for i in range(ROUNDS):
        day = START + dt.timedelta(days=DAYS + i)
        t.ws.deps.clock = lambda day=day: dt.datetime.combine(day, dt.time(9), dt.UTC)
        brief = t.plan_lesson(date=day.isoformat())
        t0 = time.perf_counter()
        t.publish_post(brief.lesson_id, make_slots())
        publish.append(time.perf_counter() - t0)
        for p in pages:
            p.unlink()
        t0 = time.perf_counter()
        r = refresh_pages(t.ws, day)
        regen.append(time.perf_counter() - t0)
        assert len(r.written) == 5, r
        t0 = time.perf_counter()
        r = refresh_pages(t.ws, day)
        unchanged.append(time.perf_counter() - t0)
        assert r.written == [], r
    sizes = {p.name: p.stat().st_size for p in pages}
    ms = lambda xs: round(statistics.median(xs) * 1000, 1)  # noqa: E731
    return {
        "lessons": DAYS + ROUNDS,
        "concepts": len(t.ws.graph().concepts),
        "regenerate_ms": ms(regen),
        "unchanged_ms": ms(unchanged),
        "publish_ms": ms(publish),
        "bytes": sizes,
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
