"""The package's shape: no import cycle, a pure core, one event schema read everywhere."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from mcp_server.domain.events import parse_line
from mcp_server.domain.models import SLOT_NAMES, Slots
from mcp_server.usecases.learn import SLOT_GUIDE

PKG = Path(__file__).resolve().parent.parent / "mcp_server"
PURE_FORBIDDEN = {"mcp", "yaml", "httpx"}


def _module(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """module -> every module (of the package or outside it) it imports, at any depth of its code.
    `from pkg import mod` depends on pkg.mod, not on pkg's __init__."""
    modules = {_module(p) for p in PKG.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        mod = _module(path)
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                subs = {f"{base}.{a.name}" for a in node.names} & modules
                found |= subs if subs and len(subs) == len(node.names) else {base} | subs
        out[mod] = found
    return out


def test_the_package_has_no_import_cycle():
    graph = _imports()
    internal = {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(internal[m]):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(internal):
        if m not in state:
            visit(m)


def test_the_pure_core_imports_neither_mcp_yaml_nor_httpx():
    for mod, deps in _imports().items():
        if mod.startswith("mcp_server.domain"):
            bad = {d for d in deps if d.split(".")[0] in PURE_FORBIDDEN}
            assert not bad, f"{mod} imports {sorted(bad)}"


def test_the_walk_finds_what_it_should():
    """The checks above would pass on an empty walk; make sure they see the real imports."""
    graph = _imports()
    assert "mcp_server.domain.planner" in graph["mcp_server.usecases.plan"]
    assert "mcp" in {d.split(".")[0] for d in graph["mcp_server.server"]}


def test_slot_names_come_from_the_slots_model():
    assert set(SLOT_NAMES) == set(SLOT_GUIDE) == {n for n in Slots.model_fields if n not in ("questions", "exercise")}


LESSON = {"type": "lesson_published", "at": "2025-11-03T09:00:00+09:00", "lesson": "2025-11-03-attention-mechanism-d1",
          "date": "2025-11-03", "concept": "attention-mechanism", "depth": 1, "post": "_posts/x.md", "title": "Attention"}
CHECK = {"type": "check_recorded", "at": "2025-11-03T21:00:00+09:00", "lesson": LESSON["lesson"],
         "concept": "attention-mechanism", "depth": 1, "score": 0.9, "rating": "easy"}


@pytest.mark.parametrize(("event", "field"), [
    (CHECK | {"score": "high"}, "score"),
    (CHECK | {"score": 1.5}, "score"),
    (CHECK | {"rating": "great"}, "rating"),
    (LESSON | {"date": "2025-11-31"}, "date"),
    (LESSON | {"depth": "two"}, "depth"),
    (LESSON | {"depth": 7}, "depth"),
    ({k: v for k, v in LESSON.items() if k != "concept"}, "concept"),
    (LESSON | {"at": "yesterday"}, "at"),
])
def test_an_invalid_event_is_reported_with_its_line_and_field(event, field):
    ev, problem = parse_line(json.dumps(event).encode(), "events.jsonl:7")
    assert ev is None
    assert problem is not None and problem.startswith(f"events.jsonl:7: {field}: ")
    assert "left in place" in problem


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'{"no": "type"}', b'{"type": "from_the_future", "v": 9}',
                                 b"\xff\xfe"])
def test_a_line_that_is_not_an_event_is_reported(raw):
    ev, problem = parse_line(raw, "events.jsonl:3")
    assert ev is None and problem is not None and problem.startswith("events.jsonl:3: ")


def test_a_valid_event_round_trips_through_its_line():
    ev, problem = parse_line(json.dumps(CHECK).encode(), "x:1")
    assert problem is None and ev is not None
    again, _ = parse_line(ev.line(), "x:1")
    assert again == ev
