"""Benchmarks for the /learn path (not tests): run `uv run python benchmarks/bench_core.py`.

- cold start: spawn -> tools/list answered, this server vs a one-tool MCPServer on the same
  SDK, alternated in one run;
- plan_lesson and publish_post on a synthetic journal of 1, 2.5 and 5 years of daily study
  over a 2,000-concept graph (medians);
- loading and validating the whole knowledge/ folder (median);
- tokens (characters / 4) of tools/list, learner_status and the lesson brief.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from mcp_server.domain.graph import Graph  # noqa: E402
from mcp_server.domain.models import Category, Concept, Text  # noqa: E402
from mcp_server.facade import Tutor  # noqa: E402
from mcp_server.storage.journal import Journal  # noqa: E402
from mcp_server.storage.knowledge import load_knowledge  # noqa: E402

ONE_TOOL = """
from mcp.server.mcpserver import MCPServer
s = MCPServer("one")
@s.tool()
def ping() -> str:
    return "pong"
s.run("stdio")
"""
INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}
LIST = {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}


def spawn_until_listed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert p.stdin and p.stdout
    p.stdin.write((json.dumps(INIT) + "\n").encode())
    p.stdin.flush()
    p.stdout.readline()
    p.stdin.write((json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n").encode())
    p.stdin.write((json.dumps(LIST) + "\n").encode())
    p.stdin.flush()
    line = p.stdout.readline()
    dt_ = time.perf_counter() - t0
    assert b'"tools"' in line, line[:200]
    p.kill()
    p.wait()
    return dt_


def cold_start(rounds: int = 15) -> dict:
    env = dict(os.environ, TUTOR_JOURNAL=tempfile.mkdtemp())
    ours, base = [], []
    for _ in range(rounds):
        ours.append(spawn_until_listed([sys.executable, "-m", "mcp_server.server"], env))
        base.append(spawn_until_listed([sys.executable, "-c", ONE_TOOL], env))
    m_o, m_b = statistics.median(ours), statistics.median(base)
    return {"ours_ms": round(m_o * 1000, 1), "one_tool_ms": round(m_b * 1000, 1), "ratio": round(m_o / m_b, 3)}


def synthetic_graph(n: int = 2000) -> Graph:
    cats = [Category(id=f"cat-{i}", title=Text(en=f"Category {i}", ko=f"분류 {i}")) for i in range(10)]
    concepts = []
    for i in range(n):
        pre = [f"c-{j}" for j in {i // 2, i // 3} if j < i] if i else []
        obj = {d: Text(en=f"objective {d} of {i}", ko=f"{i}의 목표 {d}") for d in (1, 2, 3, 4)}
        concepts.append(Concept(id=f"c-{i}", title=Text(en=f"Concept {i}", ko=f"개념 {i}"),
                                summary=Text(en="s", ko="요약"), category=f"cat-{i % 10}",
                                prerequisites=pre, objectives=obj))
    real = load_knowledge()
    # every concept at depths 1-4 gets a curated exercise (tiny files), as the real graph's
    # exercised concepts have, so publish measures rendering and writing, not the sandbox
    proto = next(iter(real.exercises.values()))
    exercises = [
        proto.model_copy(update={"exercise": proto.exercise.model_copy(update={"id": f"c-{i}-d{d}", "concept": f"c-{i}", "depth": d})})
        for i in range(n) for d in (1, 2, 3, 4)
    ]
    return Graph.build(cats, concepts, exercises=exercises, locales=real.locales, milestones=real.milestones)


def synthetic_journal(root: Path, g: Graph, days: int) -> None:
    """Daily lessons in graph order, each checked; every tenth day a resource opened."""
    log = root / "_data" / "tutor" / "events.jsonl"
    log.parent.mkdir(parents=True)
    order = sorted(g.concepts, key=g.order.get)
    start = dt.date(2021, 1, 1)
    with open(log, "w") as f:
        for i in range(days):
            day = start + dt.timedelta(days=i)
            cid, depth = order[i % len(order)], 1 + (i // len(order))
            lesson = f"{day}-{cid}-d{depth}"
            f.write(json.dumps({"v": 1, "type": "lesson_published", "at": f"{day}T09:00:00+00:00", "lesson": lesson,
                                "date": str(day), "concept": cid, "depth": depth, "post": f"_posts/{day}-{cid}.md",
                                "title": cid, "files": {}, "exercise": None, "exercise_dir": ""}) + "\n")
            f.write(json.dumps({"v": 1, "type": "check_recorded", "at": f"{day}T21:00:00+00:00", "lesson": lesson,
                                "concept": cid, "depth": depth, "score": 0.85, "rating": "good"}) + "\n")
            if i % 10 == 0:
                f.write(json.dumps({"v": 1, "type": "resource_opened", "at": f"{day}T10:00:00+00:00",
                                    "resource": "r", "url": "https://example.org"}) + "\n")


def median_ms(fn, n: int) -> float:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return round(statistics.median(out) * 1000, 2)


def measure(g: Graph, years: float) -> dict:
    from conftest import make_slots

    days = int(365 * years)
    root = Path(tempfile.mkdtemp()) / "journal"
    synthetic_journal(root, g, days)
    today = dt.date(2021, 1, 1) + dt.timedelta(days=days)
    # warm: the server's Tutor, which keeps the parsed log and reads only what was appended;
    # cold: a new Tutor per call, which reads and parses the whole log (as after a restart)
    t = Tutor(Journal(root), curated=g)
    brief = t.plan_lesson(date=today)
    slots = make_slots()
    return {
        "years": years,
        "lessons": days,
        "plan_ms": median_ms(lambda: t.plan_lesson(date=today), 15),
        "publish_ms": median_ms(lambda: t.publish_post(brief.lesson_id, slots), 15),
        "plan_cold_ms": median_ms(lambda: Tutor(Journal(root), curated=g).plan_lesson(date=today), 15),
        "publish_cold_ms": median_ms(lambda: Tutor(Journal(root), curated=g).publish_post(brief.lesson_id, slots), 15),
    }


def plan_and_publish(g: Graph) -> list[dict]:
    return [measure(g, years) for years in (1, 2.5, 5)]


def publish_written_exercise() -> dict:
    """First publish of a lesson whose exercise the writer made: two sandbox runs (the
    reference must pass, the starter must fail) on the seed world's small journal."""
    from conftest import FIXTURES, make_slots

    world = Path(tempfile.mkdtemp()) / "world"
    shutil.copytree(FIXTURES / "seed-world", world)
    shutil.copytree(REPO / "knowledge" / "locales", world / "locales")
    shutil.copy(REPO / "knowledge" / "milestones.yaml", world / "milestones.yaml")
    g = load_knowledge(world)
    os.environ.setdefault("TUTOR_PYTHON", sys.executable)
    times = []
    for _ in range(7):
        t = Tutor(Journal(Path(tempfile.mkdtemp()) / "journal"), curated=g)
        brief = t.plan_lesson("attention", 1, "2025-11-03")
        t0 = time.perf_counter()
        t.publish_post(brief.lesson_id, make_slots())
        times.append(time.perf_counter() - t0)
    return {"first_publish_with_written_exercise_ms": round(statistics.median(times) * 1000, 1)}


def tokens() -> dict:
    from mcp import Client

    from mcp_server import server as srv

    root = Path(tempfile.mkdtemp())
    os.environ["TUTOR_JOURNAL"] = str(root)

    async def go():
        async with Client(srv.server) as c:
            listing = json.dumps([t.model_dump(mode="json", exclude_none=True) for t in (await c.list_tools()).tools],
                                 ensure_ascii=False)
            st = await c.call_tool("learner_status", {})
            brief = await c.call_tool("plan_lesson", {"concept": "multi-head-attention", "depth": 2})
            return len(listing), len(st.content[0].text), len(brief.content[0].text)

    a, b, c = asyncio.run(go())
    return {"tools_list": a // 4, "learner_status": b // 4, "lesson_brief_mha_d2": c // 4}


def main() -> None:
    out = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    out["knowledge_load_ms"] = median_ms(load_knowledge, 20)
    out["tokens"] = tokens()
    out["cold_start"] = cold_start()
    out["plan_publish_2000_concepts"] = plan_and_publish(synthetic_graph())
    out["written_exercise"] = publish_written_exercise()
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
