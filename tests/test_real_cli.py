"""The plugin in the real Claude Code CLI, offline: validate --strict, the server connected in
`mcp list`, the init event, and /learn, /check, /link typed into the CLI with a scripted model.

The CLI expands each skill, starts the server as .mcp.json starts it, asks the fake model API
(tests/fake_anthropic.py) what to do, enforces the skill's allowed-tools (no --allowedTools is
passed), and runs the plugin's agents through the `Agent` tool. Skipped only when `claude` is
not installed; .ci/run installs the pinned version.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from claude_driver import PLUGIN, SERVER, TOOL_PREFIX, ClaudeCLI, claude_or_skip
from conftest import REPO
from fake_anthropic import Block, Call, FakeAnthropic, Request

from mcp_server.storage.knowledge import curated

TOOLS = ["learner_status", "find_concepts", "plan_lesson", "publish_post", "open_resource", "check_links",
         "pending_check", "run_exercise", "record_check", "review", "set_profile"]
SKILLS = ["learn", "check", "link", "review"]
AGENTS = ["post-writer", "answer-grader"]
WRITER = "You write the prose of one study post"  # the first words of agents/post-writer.md
GRADER = "You grade written answers for AI Tutor"  # the first words of agents/answer-grader.md
FORGOT = "기억나지 않습니다"  # what the learner answers to a /review question they forgot


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> ClaudeCLI:
    """One scratch HOME for the module, so the server's environment is built once."""
    return ClaudeCLI(tmp_path_factory.mktemp("claude-home"), claude_or_skip())


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


# ---------------------------------------------------------------- the plugin as the CLI sees it


def test_validate_strict_passes(cli, tmp_path):
    out = cli.run(["plugin", "validate", str(REPO), "--strict"], cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    for part in [*(f"skills: {PLUGIN}:{s}" for s in SKILLS), *(f"agents: {PLUGIN}:{a}" for a in AGENTS)]:
        assert part in out.stdout, out.stdout[-3000:]


def test_mcp_list_shows_the_server_connected(cli, tmp_path):
    out = cli.run(["--plugin-dir", str(REPO), "mcp", "list"], cwd=tmp_path,
                  env={"TUTOR_JOURNAL": str(tmp_path / "journal")})
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith(f"{SERVER}:")), "")
    assert "Connected" in line, out.stdout[-3000:] + out.stderr[-2000:]


def test_init_event_lists_the_skills_agents_and_every_tool(cli, tmp_path):
    with FakeAnthropic(lambda req: [{"type": "text", "text": "ok"}]) as api:
        run = cli.prompt("hello", REPO, api_url=api.url, cwd=tmp_path / "project",
                         env={"TUTOR_JOURNAL": str(tmp_path / "journal")})
    assert run.returncode == 0, run.tail()
    init = run.init
    servers = [s for s in init["mcp_servers"] if s["name"] == SERVER]
    assert servers and servers[0]["status"] == "connected", init["mcp_servers"]
    assert {f"{PLUGIN}:{s}" for s in SKILLS} <= set(init["slash_commands"]), init["slash_commands"]
    assert {f"{PLUGIN}:{a}" for a in AGENTS} <= set(init["agents"]), init["agents"]
    assert {TOOL_PREFIX + t for t in TOOLS} <= set(init["tools"]), init["tools"]
    # the init event still reports the subagent tool by its old name; the model is offered `Agent`
    offered = next(r for r in api.requests if not r.is_side_request).tool_names
    assert "Agent" in offered and "Task" not in offered, offered


def test_skills_allow_exactly_the_tools_they_name():
    """allowed-tools names each MCP tool as the CLI does, and only tools the skill's text uses."""
    for skill in SKILLS:
        path = REPO / "skills" / skill / "SKILL.md"
        allowed = [t.strip() for t in front_matter(path)["allowed-tools"].split(",")]
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        for tool in allowed:
            if tool.startswith(TOOL_PREFIX):
                assert tool[len(TOOL_PREFIX):] in TOOLS, f"{skill}: {tool} is no tool of the server"
                assert f"`{tool[len(TOOL_PREFIX):]}`" in body, f"{skill}: allows {tool} but never uses it"
            else:
                assert tool == "Agent", f"{skill}: unexpected tool {tool}"
                assert "`Agent` tool" in body and "run_in_background: false" in body, skill
        for name in re.findall(r"`([a-z_]+)`", body):
            if name in TOOLS:
                assert TOOL_PREFIX + name in allowed, f"{skill} tells the model to call {name} but does not allow it"
    for agent in AGENTS:
        assert front_matter(REPO / "agents" / f"{agent}.md")["tools"] == [], f"{agent} needs no tools"


# ---------------------------------------------------------------- /learn, /check, /link end to end


def use(name: str, args: dict[str, Any]) -> Block:
    return {"type": "tool_use", "name": name, "input": args}


def say(text: str) -> list[Block]:
    return [{"type": "text", "text": text}]


def json_in(text: str) -> Any:
    """The first JSON object or list in `text` (an agent's answer may carry a note after it)."""
    for m in re.finditer(r"[\[{]", text):
        try:
            return json.JSONDecoder().raw_decode(text[m.start():])[0]
        except ValueError:
            continue
    raise AssertionError(f"no JSON in {text[:1500]!r}")


WRITTEN = "kv-cache"  # a concept whose depth 1 has no curated exercise
STARTER = '''def matmul_shape(a, b):
    """The shape of A @ B for 2-D shapes a = (n, k) and b = (k, m); ValueError if the inner sizes differ."""
    # TODO: compare the inner sizes, then return the result's shape
    raise NotImplementedError
'''
SOLUTION = '''def matmul_shape(a, b):
    """The shape of A @ B for 2-D shapes a = (n, k) and b = (k, m); ValueError if the inner sizes differ."""
    if a[1] != b[0]:
        raise ValueError(f"inner sizes differ: {a[1]} != {b[0]}")
    return (a[0], b[1])
'''
TESTS = '''from exercise import matmul_shape


def test_shape_of_a_product():
    assert matmul_shape((2, 3), (3, 4)) == (2, 4)


def test_inner_sizes_must_match():
    try:
        matmul_shape((2, 3), (4, 5))
    except ValueError:
        return
    raise AssertionError("expected ValueError")
'''
HIDDEN_TESTS = '''from exercise import matmul_shape


def test_a_column_times_a_row_is_square():
    assert matmul_shape((5, 1), (1, 5)) == (5, 5)


def test_a_row_times_a_column_is_one_by_one():
    assert matmul_shape((1, 7), (7, 1)) == (1, 1)


def test_rows_come_from_the_left_and_columns_from_the_right():
    assert matmul_shape((3, 2), (2, 5)) == (3, 5)
'''
WRONG_SOLUTIONS = [
    "def matmul_shape(a, b):\n    return (a[0], a[1])\n",  # the left shape, unchanged
    "def matmul_shape(a, b):\n    if a[1] != b[0]:\n        raise ValueError('inner sizes differ')\n"
    "    return (b[1], a[0])\n",  # the result's sizes swapped
]


def writer_slots(brief: dict[str, Any]) -> dict[str, Any]:
    """What a post-writer returns for the brief: every slot, one brief link, a written exercise."""
    assert brief["slots"] and brief["links"], brief
    slots: dict[str, Any] = {
        "intro": "오늘은 신경망의 언어인 벡터와 행렬에서 시작합니다.",
        "why_now": "모든 레이어는 행렬 곱이므로, shape을 읽는 힘이 이후 모든 개념의 바탕이 됩니다.",
        "core_why": "입력 배치와 가중치를 행렬로 두면 한 번의 곱으로 모든 뉴런을 계산할 수 있습니다.",
        "core_how": (
            "```text\n(n, k) @ (k, m) -> (n, m)\n```\n\n"
            "```python\nimport torch\n\nx = torch.randn(2, 3)\nw = torch.randn(3, 4)\nprint((x @ w).shape)\n```"
        ),
        "core_when": "레이어를 설계하거나 shape 오류를 디버깅할 때 가장 먼저 확인합니다.",
        "core_who": "역전파 논문 이후 신경망은 행렬 연산의 연쇄로 표현되어 왔습니다.",
        "core_where": f"더 읽을거리: [이 논문]({brief['links'][0]})",
    }
    if brief["exercise"] is None:
        slots["questions"] = [
            {"prompt": "(2, 3) @ (3, 4)의 결과 shape은?", "criteria": ["(2, 4)라고 답한다", "안쪽 차원이 사라짐을 말한다"]},
            {"prompt": "행렬 곱이 불가능한 경우는?", "criteria": ["안쪽 차원이 다를 때라고 말한다"]},
        ]
        slots["exercise"] = {"instructions": "`matmul_shape`를 완성하세요.", "starter": STARTER, "tests": TESTS,
                             "solution": SOLUTION, "hidden_tests": HIDDEN_TESTS, "wrong_solutions": WRONG_SOLUTIONS}
    return slots


class Learner:
    """The scripted model: the main thread follows each skill; the agents answer from their prompt."""

    def __init__(self) -> None:
        self.agent_requests: dict[str, list[Request]] = {"post-writer": [], "answer-grader": []}

    def __call__(self, req: Request) -> list[Block]:
        if WRITER in req.system:
            self.agent_requests["post-writer"].append(req)
            return say(json.dumps(writer_slots(json_in(req.first_user_text)), ensure_ascii=False))
        if GRADER in req.system:
            self.agent_requests["answer-grader"].append(req)
            asked = json_in(req.first_user_text)
            met = FORGOT not in asked["answers"]  # a learner who says they do not remember meets nothing
            return say(json.dumps([[{"met": met, "reason": "정확합니다" if met else "답이 없습니다"} for _ in q["criteria"]]
                                   for q in asked["questions"]], ensure_ascii=False))
        skill = req.first_user_text
        last = req.last
        if last is not None:
            assert not last.is_error, f"{last.name} failed: {last.result}"
        for name, step in (("learn", self.learn), ("check", self.check), ("link", self.link), ("review", self.review)):
            if f"<command-name>/{PLUGIN}:{name}</command-name>" in skill:
                return step(req)
        raise AssertionError(f"no skill was expanded: {skill[:800]!r}")

    @staticmethod
    def result(req: Request, tool: str) -> dict[str, Any]:
        return json.loads(next(c.result for c in req.calls if c.name == TOOL_PREFIX + tool and c.result))

    @staticmethod
    def load(*tools: str) -> Block:
        """MCP tools are deferred by the CLI: their schemas are fetched before the first call."""
        return use("ToolSearch", {"query": "select:" + ",".join(TOOL_PREFIX + t for t in tools)})

    def learn(self, req: Request) -> list[Block]:
        last = req.last.name if req.last else None
        if last is None:
            return [self.load("plan_lesson", "publish_post")]
        if last == "ToolSearch":
            return [use(TOOL_PREFIX + "plan_lesson", {})]
        if last == TOOL_PREFIX + "plan_lesson":
            return [use("Agent", {"description": "Write the post's prose", "subagent_type": f"{PLUGIN}:post-writer",
                                  "prompt": req.last.result, "run_in_background": False})]
        if last == "Agent":
            brief = self.result(req, "plan_lesson")
            return [use(TOOL_PREFIX + "publish_post", {"lesson_id": brief["lesson_id"], "slots": json_in(req.last.result)})]
        if last == TOOL_PREFIX + "publish_post":
            return say("오늘의 글을 게시했습니다: " + self.result(req, "publish_post")["post"])
        raise AssertionError(f"/learn: unexpected step after {last}")

    def check(self, req: Request) -> list[Block]:
        last = req.last.name if req.last else None
        if last is None:
            return [self.load("pending_check", "run_exercise", "record_check")]
        if last == "ToolSearch":
            return [use(TOOL_PREFIX + "pending_check", {})]
        pending = self.result(req, "pending_check")
        if last == TOOL_PREFIX + "pending_check":
            return [use(TOOL_PREFIX + "run_exercise", {"lesson_id": pending["lesson_id"]})]
        if last == TOOL_PREFIX + "run_exercise":
            asked = {"questions": pending["questions"], "answers": pending["answers"]}
            return [use("Agent", {"description": "Grade the written answers", "subagent_type": f"{PLUGIN}:answer-grader",
                                  "prompt": json.dumps(asked, ensure_ascii=False), "run_in_background": False})]
        if last == "Agent":
            return [use(TOOL_PREFIX + "record_check", {"lesson_id": pending["lesson_id"], "marks": json_in(req.last.result)})]
        if last == TOOL_PREFIX + "record_check":
            done = self.result(req, "record_check")
            return say(f"점수 {round(100 * done['score'])}% ({done['rating']}), 피드백: {done['feedback_file']}")
        raise AssertionError(f"/check: unexpected step after {last}")

    def link(self, req: Request) -> list[Block]:
        last = req.last.name if req.last else None
        if last is None:
            return [self.load("open_resource")]
        if last == "ToolSearch":
            assert "typed `/link 1`" in req.first_user_text, req.first_user_text[:800]
            return [use(TOOL_PREFIX + "open_resource", {"ref": "1"})]
        if last == TOOL_PREFIX + "open_resource":
            return say("열었습니다: " + self.result(req, "open_resource")["title"])
        raise AssertionError(f"/link: unexpected step after {last}")


    def review(self, req: Request) -> list[Block]:
        """/review 2: the queue, then per item: ask, wait for the learner (the next `--continue`
        run), grade with the answer-grader, record; then the summary."""
        last = req.last.name if req.last else None
        if last is None:
            assert "typed `/ai-tutor:review 2`" in req.first_user_text, req.first_user_text[:800]
            return [self.load("review")]
        if last == "ToolSearch":
            return [use(TOOL_PREFIX + "review", {"n": 2})]
        queue = json.loads(req.last.result or "{}") if last == TOOL_PREFIX + "review" else {}
        answered = [c for c in req.calls if c.name == TOOL_PREFIX + "review" and c.input.get("item")]
        if last == TOOL_PREFIX + "review" and not user_said(req):
            if len(answered) < 2 and queue["items"]:
                item = queue["items"][0]
                return say(f"### {item['title']} (depth {item['depth']})\n\n{item['question']}")
            done = [json.loads(c.result or "{}")["reviewed"] for c in answered]
            return say(f"복습 {len(done)}개, 기억 {sum(d['remembered'] for d in done)}개, "
                       f"남은 복습 {queue['due']}개, 다음 복습일 {queue['next_due']}")
        if user_said(req):  # the learner answered the question asked last
            listed = [c for c in req.calls if c.name == TOOL_PREFIX + "review"][-1]
            item = json.loads(listed.result or "{}")["items"][0]
            asked = {"questions": [{"prompt": item["question"], "criteria": item["criteria"]}],
                     "answers": f"## 1. {item['question']}\n{user_said(req)}"}
            return [use("Agent", {"description": "Grade the review answer", "subagent_type": f"{PLUGIN}:answer-grader",
                                  "prompt": json.dumps(asked, ensure_ascii=False), "run_in_background": False})]
        if last == "Agent":
            listed = [c for c in req.calls if c.name == TOOL_PREFIX + "review"][-1]
            item = json.loads(listed.result or "{}")["items"][0]
            return [use(TOOL_PREFIX + "review", {"n": 2, "item": item["item"], "marks": json_in(req.last.result)[0]})]
        raise AssertionError(f"/review: unexpected step after {last}")


def user_said(req: Request) -> str:
    """The learner's reply when the conversation ends with it (not with a tool result)."""
    msgs = req.body.get("messages", [])
    if len(msgs) < 2 or msgs[-1].get("role") != "user":
        return ""
    content = msgs[-1].get("content")
    if isinstance(content, str):
        return content
    if any(b.get("type") == "tool_result" for b in content if isinstance(b, dict)):
        return ""
    return "\n".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")


def events_of(journal: Path) -> list[dict[str, Any]]:
    return [json.loads(ln) for ln in (journal / "_data" / "tutor" / "events.jsonl").read_text().splitlines() if ln.strip()]


def calls(api: FakeAnthropic, name: str) -> list[Call]:
    """Every finished call of tool `name` in the run, as the CLI sent it back in the conversation."""
    seen: dict[str, Call] = {}
    for req in api.requests:
        for c in req.calls:
            if c.name == name and c.result is not None:
                seen[c.id] = c
    return list(seen.values())


def skill_text(api: FakeAnthropic, skill: str) -> str:
    """The skill as the CLI expanded it into the conversation."""
    tag = f"<command-name>/{PLUGIN}:{skill}</command-name>"
    return next(r.first_user_text for r in api.requests if tag in r.first_user_text)


def test_learn_check_link_through_the_real_cli(cli, tmp_path):
    journal = tmp_path / "journal"
    project = tmp_path / "project"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opened_log = tmp_path / "xdg-open.log"
    # /link must not start a real browser: a graphical session whose xdg-open only writes down its URL
    fake_open = bin_dir / "xdg-open"
    fake_open.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{opened_log}"\n')
    fake_open.chmod(0o755)
    env = {
        "TUTOR_JOURNAL": str(journal),
        "TUTOR_PYTHON": sys.executable,  # exercises run with the test environment's Python
        "DISPLAY": ":99",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    learner = Learner()
    # A learner who knows everything below the KV cache and aims at it at depth 1, which the bank
    # has no curated exercise for: the writer's exercise is proved in the sandbox at publish.
    graph = curated()
    profile = journal / "_data" / "tutor" / "learner.yaml"
    profile.parent.mkdir(parents=True)
    known = "".join(f"  - {{concept: {c}, depth: 2}}\n" for c in sorted(graph.closure(WRITTEN)) if c != WRITTEN)
    profile.write_text(f"language: ko\ngoals:\n  - {{concept: {WRITTEN}, depth: 1}}\nknown:\n{known}", encoding="utf-8")
    assert (WRITTEN, 1) not in {(e.exercise.concept, e.exercise.depth) for e in graph.exercises.values()}

    # /learn: plan, the post-writer agent, publish
    with FakeAnthropic(learner) as api:
        run = cli.prompt("/learn", REPO, api_url=api.url, cwd=project, env=env)
    assert not api.errors, api.errors[0]
    assert run.returncode == 0 and run.result.get("subtype") == "success", run.tail()
    text = skill_text(api, "learn")
    assert "`Agent` tool" in text and "run_in_background: false" in text
    [writer] = calls(api, "Agent")
    assert writer.input["subagent_type"] == f"{PLUGIN}:post-writer" and writer.input["run_in_background"] is False
    assert learner.agent_requests["post-writer"], "the post-writer agent never ran"
    assert all(not r.tool_names for r in learner.agent_requests["post-writer"]), "the post-writer was given tools"
    assert "오늘의 글을 게시했습니다" in run.result.get("result", ""), run.tail()
    [published] = [e for e in events_of(journal) if e["type"] == "lesson_published"]
    # the planner's first lesson is the goal, which has no curated exercise: the writer's one was
    # verified in the sandbox when it was published
    assert (published["concept"], published["depth"], published["exercise"]) == (WRITTEN, 1, None), published
    posts = sorted((journal / "_posts").glob("*.md"))
    assert [p.relative_to(journal).as_posix() for p in posts] == [published["post"]]
    post = posts[0].read_text(encoding="utf-8")
    assert "오늘은 신경망의 언어인 벡터와 행렬에서 시작합니다." in post and "matmul_shape" in post
    exercise_dir = journal / published["exercise_dir"]
    assert (exercise_dir / "exercise.py").read_text() == STARTER
    assert list(cli.home.glob(".claude/plugins/data/*/venv")), "the server did not run in the plugin's data folder"

    # the learner does the exercise and writes the answers
    (exercise_dir / "exercise.py").write_text(SOLUTION)
    answers = exercise_dir / "answers.md"
    text = answers.read_text(encoding="utf-8")
    for answer in ("(2, 4)입니다. 안쪽 차원 3이 곱에서 사라집니다.", "앞 행렬의 열 수와 뒤 행렬의 행 수가 다를 때입니다."):
        text = text.replace("<!-- ✍️ -->", answer, 1)
    answers.write_text(text, encoding="utf-8")

    # /check: pending, the sandbox, the answer-grader agent, record
    with FakeAnthropic(learner) as api:
        run = cli.prompt("/check", REPO, api_url=api.url, cwd=project, env=env)
    assert not api.errors, api.errors[0]
    assert run.returncode == 0 and run.result.get("subtype") == "success", run.tail()
    text = skill_text(api, "check")
    assert "`Agent` tool" in text and "run_in_background: false" in text
    [grader] = calls(api, "Agent")
    assert grader.input["subagent_type"] == f"{PLUGIN}:answer-grader" and grader.input["run_in_background"] is False
    assert learner.agent_requests["answer-grader"], "the answer-grader agent never ran"
    assert all(not r.tool_names for r in learner.agent_requests["answer-grader"]), "the answer-grader was given tools"
    assert "def test_" not in grader.input["prompt"] and "matmul_shape" not in grader.input["prompt"]
    [checked] = [e for e in events_of(journal) if e["type"] == "check_recorded"]
    assert checked["lesson"] == published["lesson"] and checked["score"] == 1.0 and checked["rating"] == "easy"
    feedback = (journal / checked["feedback"]).read_text(encoding="utf-8")
    assert feedback.startswith("# Feedback") and "5/5 tests passed" in feedback  # 2 visible + 3 hidden
    assert checked["feedback"] == f"{published['exercise_dir']}/feedback.md"

    # /link 1: the first resource of the post, opened through the stand-in xdg-open
    with FakeAnthropic(learner) as api:
        run = cli.prompt("/link 1", REPO, api_url=api.url, cwd=project, env=env)
    assert not api.errors, api.errors[0]
    assert run.returncode == 0 and run.result.get("subtype") == "success", run.tail()
    [call] = calls(api, TOOL_PREFIX + "open_resource")
    reported = json.loads(call.result or "")
    first = published["resources"][0]
    assert reported["resource"] == first and reported["opened"] is True and reported["how"] == "xdg-open", reported
    assert opened_log.read_text().split() == [reported["url"]]
    [opened] = [e for e in events_of(journal) if e["type"] == "resource_opened"]
    assert opened["resource"] == first and opened["opened"] is True and opened["url"] == reported["url"]


def test_review_through_the_real_cli_moves_the_cards_as_fsrs_computes(cli, tmp_path):
    """Two due cards, one remembered and one forgotten, over three runs of the CLI: `/review 2`
    asks the first question, each answer comes in a `--continue` run as the learner types it."""
    from conftest import OutcomeRunner, make_slots
    from fsrs import Card, Rating, Scheduler

    from mcp_server.facade import Tutor
    from mcp_server.storage.journal import Journal
    from mcp_server.usecases.check import CriterionMark
    from mcp_server.usecases.context import Deps

    journal = tmp_path / "journal"
    project = tmp_path / "project"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    clock = [now]
    seeder = Tutor(Journal(journal), deps=Deps(clock=lambda: clock[0], runner=OutcomeRunner()))
    for concept, depth, ago in (("scaled-dot-product-attention", 1, 30), ("causal-masking", 2, 25)):
        clock[0] = now - dt.timedelta(days=ago)
        brief = seeder.plan_lesson(concept, depth, clock[0].date())
        seeder.publish_post(brief.lesson_id, make_slots(questions=[], exercise=None))
        seeder.run_exercise(brief.lesson_id)
        pending = seeder.pending_check(brief.lesson_id)
        seeder.record_check(brief.lesson_id, [[CriterionMark(met=True) for _ in q.criteria] for q in pending.questions])
    clock[0] = now
    assert seeder.learner_status().reviews_due == 2
    env = {"TUTOR_JOURNAL": str(journal)}
    learner = Learner()
    runs = []
    # the answers come in later turns, where the CLI no longer applies the skill's allowed-tools:
    # the learner allows `review` at the CLI's prompt (the `Agent` tool needs no permission), which
    # `--allowedTools` stands for here; without it the CLI refuses the call
    answer = ["--continue", "--allowedTools", f"{TOOL_PREFIX}review"]
    for line, args in (("/ai-tutor:review 2", []), ("소프트맥스 전에 점수를 sqrt(d_k)로 나눕니다.", answer),
                       (FORGOT, answer)):
        with FakeAnthropic(learner) as api:
            run = cli.prompt(line, REPO, api_url=api.url, cwd=project, env=env, args=args)
        assert not api.errors, api.errors[0]
        assert run.returncode == 0 and run.result.get("subtype") == "success", run.tail()
        runs.append((run, api))
    text = skill_text(runs[0][1], "review")
    assert "`Agent` tool" in text and "run_in_background: false" in text
    # each run's requests carry the earlier runs' calls too: one call per id
    graders = list({c.id: c for _, api in runs for c in calls(api, "Agent")}.values())
    assert {c.input["subagent_type"] for c in graders} == {f"{PLUGIN}:answer-grader"}
    assert all(c.input["run_in_background"] is False for c in graders)
    assert all(not r.tool_names for r in learner.agent_requests["answer-grader"]), "the answer-grader was given tools"
    summary = runs[-1][0].result.get("result", "")
    assert len(graders) == 2 and FORGOT in graders[1].input["prompt"], [c.input["prompt"] for c in graders]
    assert summary.startswith("복습 2개, 기억 1개"), runs[-1][0].tail()

    events = events_of(journal)
    reviews = [e for e in events if e["type"] == "review_recorded"]
    assert [e["rating"] for e in reviews] == ["easy", "again"], reviews
    assert all(e["source"] == "lesson" for e in reviews)
    # by hand: each card's check, then its review, replayed with the fsrs package from the log's times
    sched = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    mine: dict[tuple[str, int], Card] = {}
    for e in events:
        if e["type"] in ("check_recorded", "review_recorded"):
            key = (e["concept"], e["depth"])
            at = dt.datetime.fromisoformat(e["at"]).astimezone(dt.UTC)
            mine[key], _ = sched.review_card(mine.get(key, Card()), getattr(Rating, e["rating"].capitalize()),
                                             review_datetime=at)
    assert len(mine) == 2
    got = Tutor(Journal(journal)).ws.load().st.cards()
    for key, card in mine.items():
        assert got[key].due == card.due and got[key].stability == pytest.approx(card.stability), key
    recorded = [json.loads(c.result or "{}") for c in {c.id: c for _, api in runs
                                                        for c in calls(api, TOOL_PREFIX + "review")}.values()
                if c.input.get("item")]
    assert [r["reviewed"]["remembered"] for r in recorded] == [True, False]
    for r in recorded:
        key = (r["reviewed"]["concept"], r["reviewed"]["depth"])
        assert dt.datetime.fromisoformat(r["reviewed"]["card_due"]) == mine[key].due
    # the forgotten card is due again tomorrow, the remembered one much later: none is due today
    soonest = min(c.due for c in mine.values())
    assert recorded[-1]["due"] == 0 and recorded[-1]["next_due"] == soonest.date().isoformat()
    st = Tutor(Journal(journal)).learner_status()
    assert (st.reviews_due, st.next_review) == (0, soonest.date())
