"""The MCP surface: in-process for behaviour, once over real stdio started as .mcp.json starts it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import anyio
import pytest
from _tools import tool
from conftest import REPO, make_slots
from mcp import Client, StdioServerParameters

from mcp_server import server as srv
from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.knowledge import load_knowledge

TOOLS = {"learner_status", "find_concepts", "plan_lesson", "publish_post", "open_resource", "check_links",
         "pending_check", "run_exercise", "record_check", "review", "set_profile"}


@pytest.fixture
def seeded_server(seed_world, journal, monkeypatch):
    """The real server object, its tutor pointed at the seed world and a temp journal."""
    monkeypatch.setattr(srv, "_tutors", {str(journal.root): Tutor(journal, curated=load_knowledge(seed_world))})
    return srv.server


def call(server, name, args):
    async def go():
        async with Client(server) as c:
            return await c.call_tool(name, args)

    return anyio.run(go)


def test_tools_are_listed_with_read_only_annotations_and_output_schemas(seeded_server):
    async def go():
        async with Client(seeded_server) as c:
            return (await c.list_tools()).tools

    tools = {t.name: t for t in anyio.run(go)}
    assert TOOLS <= set(tools)
    for name in ("learner_status", "find_concepts", "plan_lesson", "pending_check"):
        assert tools[name].annotations.read_only_hint is True
    assert tools["publish_post"].annotations.read_only_hint is False
    for t in tools.values():
        assert t.output_schema and t.output_schema["type"] == "object"
        siblings = set(tools) - {t.name}
        assert any(name in t.description for name in siblings), f"{t.name} names no sibling tool"


def test_a_whole_lesson_through_the_tools(seeded_server, journal):
    brief = call(seeded_server, "plan_lesson", {"concept": "멀티헤드 어텐션", "depth": 2, "date": "2025-11-10"})
    assert not brief.is_error, brief.content
    b = brief.structured_content
    assert b["lesson_id"] == "2025-11-10-multi-head-attention-d2" and b["language"] == "ko"
    res = call(seeded_server, "publish_post", {"lesson_id": b["lesson_id"], "slots": make_slots().model_dump()})
    assert not res.is_error, res.content
    assert Path(res.structured_content["post"]).is_file()
    st = call(seeded_server, "learner_status", {}).structured_content
    assert st["sessions"] == 1 and st["journal"] == str(journal.root)


def test_domain_errors_reach_the_model_as_instructions(seeded_server):
    r = call(seeded_server, "plan_lesson", {"concept": "multi hed atention"})
    assert r.is_error and "Did you mean: multi-head-attention" in r.content[0].text
    r = call(seeded_server, "plan_lesson", {"concept": "multi-head-attention", "depth": 4})
    assert r.is_error and "choose one of 1, 2, 3" in r.content[0].text
    r = call(seeded_server, "plan_lesson", {"concept": "x", "depth": 9})
    assert r.is_error  # schema bound: 1..4


def test_token_budgets_hold(seeded_server):
    """characters / 4: tools/list <= 4k, learner_status <= 1k, the lesson brief <= 6k."""
    async def go():
        async with Client(seeded_server) as c:
            return (await c.list_tools()).tools

    listing = json.dumps([t.model_dump(mode="json", exclude_none=True) for t in anyio.run(go)], ensure_ascii=False)
    assert len(listing) / 4 <= 4000
    st = call(seeded_server, "learner_status", {})
    assert len(st.content[0].text) / 4 <= 1000
    brief = call(seeded_server, "plan_lesson", {"concept": "multi-head-attention", "depth": 2})
    assert len(brief.content[0].text) / 4 <= 6000


def test_the_server_answers_over_real_stdio_started_as_mcp_json_starts_it(tmp_path):
    tool("uv", "the server starts with uv as .mcp.json says (pip install uv)")
    spec = json.loads((REPO / ".mcp.json").read_text())["mcpServers"]["tutor"]
    plugin_data = tmp_path / "plugin-data"

    def expand(s: str) -> str:
        return s.replace("${CLAUDE_PLUGIN_ROOT}", str(REPO)).replace("${CLAUDE_PLUGIN_DATA}", str(plugin_data))

    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    env.update({k: expand(v) for k, v in spec.get("env", {}).items()})
    env["TUTOR_JOURNAL"] = str(tmp_path / "journal")
    params = StdioServerParameters(command=spec["command"], args=[expand(a) for a in spec["args"]], env=env)

    async def go():
        async with Client(params, read_timeout_seconds=120) as c:
            names = {t.name for t in (await c.list_tools()).tools}
            found = await c.call_tool("find_concepts", {"query": "multi head attention"})
            status = await c.call_tool("learner_status", {})
            return names, found, status

    names, found, status = anyio.run(go)
    assert TOOLS <= names
    assert found.structured_content["hits"][0]["id"] == "multi-head-attention"
    assert status.structured_content["sessions"] == 0
    assert (plugin_data / "venv").is_dir()  # the environment lives in the plugin's data folder
    assert not (REPO / ".venv-plugin").exists()
    assert not Journal(tmp_path / "journal").log_path.exists()  # reading wrote nothing


def test_tools_list_is_compacted_through_the_sdks_public_list_tools(seeded_server):
    """CompactServer overrides MCPServer.list_tools; if the SDK renames or stops calling it for
    tools/list, this fails instead of the listing silently growing back."""
    from mcp.server.mcpserver import MCPServer

    assert isinstance(seeded_server, MCPServer) and "list_tools" in vars(srv.CompactServer)

    async def go():
        async with Client(seeded_server) as c:
            return (await c.list_tools()).tools

    def titles(node):  # pydantic's string titles, not properties that happen to be called "title"
        if isinstance(node, dict):
            return sum((k == "title" and isinstance(v, str)) + titles(v) for k, v in node.items())
        return sum(titles(x) for x in node) if isinstance(node, list) else 0

    tools = anyio.run(go)
    assert all(titles(t.input_schema) == 0 and titles(t.output_schema) == 0 for t in tools)
    assert not any("$defs" in t.output_schema for t in tools)
    raw = anyio.run(MCPServer.list_tools, seeded_server)  # what the SDK alone would list
    assert any(titles(t.input_schema) for t in raw) and any("$defs" in (t.output_schema or {}) for t in raw)


def test_a_second_journal_does_not_see_the_first_journals_own_concepts(tmp_path, monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    (one / "_data" / "tutor").mkdir(parents=True)
    (one / "_data" / "tutor" / "concepts.yaml").write_text(
        "concepts:\n- id: my-private-idea\n  title: {en: My private idea, ko: 나의 생각}\n"
        "  summary: {en: Mine., ko: 내 것.}\n  category: foundations\n"
        "  objectives:\n    1: {en: a, ko: a}\n    2: {en: b, ko: b}\n    3: {en: c, ko: c}\n", encoding="utf-8")
    monkeypatch.setattr(srv, "_tutors", {})
    monkeypatch.setenv("TUTOR_JOURNAL", str(one))
    assert "my-private-idea" in srv.tutor().graph().concepts
    monkeypatch.setenv("TUTOR_JOURNAL", str(two))
    assert "my-private-idea" not in srv.tutor().graph().concepts


def test_an_unexpected_error_reaches_the_model_in_one_line_and_is_logged(seeded_server, monkeypatch, tmp_path):
    home = str(Path.home())

    def boom(*a, **k):
        raise RuntimeError(f"could not parse {home}/journal/x.yaml\nsecond line")

    tutor = next(iter(srv._tutors.values()))
    monkeypatch.setattr(tutor, "learner_status", boom)
    r = call(seeded_server, "learner_status", {})
    text = r.content[0].text
    assert r.is_error and "internal error in learner_status: RuntimeError: could not parse ~/journal/x.yaml second line" in text
    assert home not in text and "\n" not in text.strip()
    log = tmp_path / "logs" / "server.log"
    assert f"details were logged to {log}" in text or "details were logged to ~" in text
    assert "Traceback" in log.read_text() and "boom" in log.read_text()


def test_an_os_error_names_its_file(seeded_server, monkeypatch):
    def denied(*a, **k):
        raise PermissionError(13, "Permission denied", "/srv/journal/_data/tutor/events.jsonl")

    tutor = next(iter(srv._tutors.values()))
    monkeypatch.setattr(tutor, "learner_status", denied)
    r = call(seeded_server, "learner_status", {})
    assert r.is_error
    assert "internal error in learner_status: PermissionError: Permission denied (/srv/journal/_data/tutor/events.jsonl)" in r.content[0].text


def test_check_links_bounds_its_url_list(seeded_server):
    r = call(seeded_server, "check_links", {"urls": ["https://example.org/"] * 501})
    assert r.is_error and "500" in r.content[0].text
    r = call(seeded_server, "check_links", {"urls": ["https://example.org/" + "a" * 2100]})
    assert r.is_error and "2048" in r.content[0].text


def test_an_unknown_tool_is_a_json_rpc_invalid_params_error(seeded_server):
    from mcp.shared.exceptions import MCPError

    async def go():
        async with Client(seeded_server) as c:
            try:
                await c.call_tool("publish_everything", {})
            except MCPError as e:
                return e.error
        return None

    err = anyio.run(go)
    assert err is not None and err.code == -32602 and "Unknown tool: publish_everything" in err.message


def test_the_error_log_keeps_one_previous_file(seeded_server, monkeypatch, tmp_path):
    log = tmp_path / "logs" / "server.log"
    log.parent.mkdir(parents=True)
    log.write_text("x" * (srv.LOG_MAX + 1))

    def boom(*a, **k):
        raise ValueError("boom")

    monkeypatch.setattr(next(iter(srv._tutors.values())), "learner_status", boom)
    call(seeded_server, "learner_status", {})
    assert (tmp_path / "logs" / "server.log.1").stat().st_size == srv.LOG_MAX + 1
    assert "ValueError: boom" in log.read_text()


def test_string_and_list_arguments_are_bounded(seeded_server):
    assert call(seeded_server, "plan_lesson", {"concept": "a" * 201}).is_error
    assert call(seeded_server, "run_exercise", {"solution": "a/" * 600}).is_error
    r = call(seeded_server, "record_check", {"lesson_id": "x", "marks": [[{"met": True}]] * 13})
    assert r.is_error and "12" in r.content[0].text
