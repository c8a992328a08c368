"""A new learner through the real Claude Code CLI: a fresh HOME and an empty project, `/learn`,
the setup interview one question per turn, the placement graded by the answer-grader, then
learner.yaml written and valid and the first post planned from the goal and the placement.

Each learner answer is a new `claude -p … --resume <session>` run, as a person answering in
the same conversation. The model is scripted (tests/fake_anthropic.py); the CLI expands the
skill, starts the server as .mcp.json starts it and runs the agents through `Agent`. No
TUTOR_JOURNAL is set: the journal is the per-user folder under the scratch HOME.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import yaml
from claude_driver import PLUGIN, TOOL_PREFIX, ClaudeCLI, claude_or_skip
from conftest import REPO
from fake_anthropic import Block, FakeAnthropic, Request
from test_real_cli import GRADER, WRITER, calls, events_of, json_in, say, use, writer_slots

from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.usecases.context import Deps

LEARN = f"<command-name>/{PLUGIN}:learn</command-name>"
SKILL_TOOLS = ["plan_lesson", "find_concepts", "publish_post", "set_profile"]
DONT_KNOW = "잘 모르겠어요"

# (what the tutor asks, what the learner answers), one per turn
INTERVIEW = [
    ("language", "글은 어떤 언어로 받아 보시겠어요? (한국어 / English)", "한국어로 해 주세요"),
    ("timezone", "시간대는 {timezone} 맞나요?", "네, 맞아요"),
    ("days", "일주일에 며칠 공부하실 계획인가요?", "4일이요"),
    ("goal", "목표를 골라 주세요. 트랙: {tracks} — 또는 개념과 깊이를 말씀해 주세요.", "causal masking을 depth 2까지"),
    ("python", "실습용 Python: {pythons}. 어떤 것을 쓸까요?", "나중에 정할게요"),
    ("known", "이미 알고 있는 것이 있나요?", "어텐션은 조금 공부했어요"),
]
OFFER = "짧은 진단 문제로 이미 아는 것을 확인해 볼까요?"
KEEP = "이 결과를 known에 그대로 둘까요?"


def last_user_text(req: Request) -> str | None:
    """The text of the latest message when it is the learner's (not a tool result)."""
    msgs = req.body.get("messages", [])
    if not msgs or msgs[-1].get("role") != "user":
        return None
    content = msgs[-1].get("content")
    if isinstance(content, str):
        return content
    if any(b.get("type") == "tool_result" for b in content):
        return None
    return "\n".join(b.get("text", "") for b in content if b.get("type") == "text")


class Newcomer:
    """The scripted model for the first /learn: the skill's phases in order."""

    def __init__(self) -> None:
        self.asked = 0  # interview questions asked
        self.setup: dict[str, Any] = {}
        self.placement: list[dict[str, Any]] = []
        self.answers: list[str] = []
        self.graded: list[str] = []  # the grader's prompts
        self.stage = "interview"

    def answer_for(self, q: dict[str, Any]) -> str:
        """The learner knows the first concept asked (at its depth) and nothing else asked."""
        first = self.placement[0]
        if (q["concept"], q["depth"]) == (first["concept"], first["depth"]):
            return "제가 아는 대로 답하면: " + " / ".join(q["criteria"])
        return DONT_KNOW

    def __call__(self, req: Request) -> list[Block]:
        if WRITER in req.system:
            return say(json.dumps(writer_slots(json_in(req.first_user_text)), ensure_ascii=False))
        if GRADER in req.system:
            asked = json_in(req.first_user_text)
            self.graded.append(req.first_user_text)
            sections = asked["answers"].split("## ")[1:]
            assert len(sections) == len(asked["questions"]), asked
            return say(json.dumps([[{"met": DONT_KNOW not in text, "reason": "확인"} for _ in q["criteria"]]
                                   for q, text in zip(asked["questions"], sections, strict=True)], ensure_ascii=False))
        assert LEARN in req.first_user_text, req.first_user_text[:500]
        typed = last_user_text(req)
        if not req.calls:
            return [use("ToolSearch", {"query": "select:" + ",".join(TOOL_PREFIX + t for t in SKILL_TOOLS)})]
        if typed is not None:
            return self.heard(req, typed)
        call = req.last
        assert call is not None, req.body["messages"][-1]
        assert not call.is_error, f"{call.name} failed: {call.result}"
        name = call.name.removeprefix(TOOL_PREFIX)
        result = json.loads(call.result or "{}") if name != "ToolSearch" and name != "Agent" else {}
        if name == "ToolSearch":
            return [use(TOOL_PREFIX + "plan_lesson", {})]
        if name == "plan_lesson" and self.stage == "interview":
            assert result["setup"] is True, "a new learner's brief says setup"
            return [use(TOOL_PREFIX + "set_profile", {})]
        if name == "set_profile" and self.stage == "interview":
            assert result["exists"] is False
            self.setup = result["setup"]
            return self.ask()
        if name == "find_concepts":
            assert result["hits"][0]["id"] == "causal-masking", result
            return self.ask()
        if name == "set_profile" and self.stage == "written":
            assert result["written"], result
            self.placement = result["placement"]
            self.stage = "offer"
            return say(OFFER)
        if name == "Agent" and self.stage == "grading":
            marks = json_in(call.result or "")
            ids = {q["id"]: [m["met"] for m in ms] for q, ms in zip(self.placement, marks, strict=True)}
            self.stage = "placed"
            return [use(TOOL_PREFIX + "set_profile", {"placement": ids})]
        if name == "set_profile" and self.stage == "placed":
            return say("\n".join(result["placed"]) + "\n" + KEEP)
        if name == "plan_lesson" and self.stage == "lesson":
            assert result["setup"] is False
            return [use("Agent", {"description": "Write the post's prose", "subagent_type": f"{PLUGIN}:post-writer",
                                  "prompt": call.result, "run_in_background": False})]
        if name == "Agent" and self.stage == "lesson":
            brief = json.loads(next(c.result for c in reversed(req.calls)
                                    if c.name == TOOL_PREFIX + "plan_lesson" and c.result))
            return [use(TOOL_PREFIX + "publish_post", {"lesson_id": brief["lesson_id"], "slots": json_in(call.result or "")})]
        if name == "publish_post":
            return say("첫 글을 게시했습니다: " + result["post"])
        raise AssertionError(f"unexpected step: {name} at {self.stage}")

    def ask(self) -> list[Block]:
        key, text, _ = INTERVIEW[self.asked]
        self.asked += 1
        pythons = "; ".join(self.setup["pythons"])
        tracks = ", ".join(t.split(":")[0] for t in self.setup["tracks"])
        return say(text.format(timezone=self.setup["timezone"], tracks=tracks, pythons=pythons))

    def heard(self, req: Request, typed: str) -> list[Block]:
        if self.stage == "interview":
            key = INTERVIEW[self.asked - 1][0]
            assert INTERVIEW[self.asked - 1][2] in typed, (key, typed)
            if key == "goal":
                return [use(TOOL_PREFIX + "find_concepts", {"query": "causal masking"})]
            if self.asked < len(INTERVIEW):
                return self.ask()
            self.stage = "written"
            return [use(TOOL_PREFIX + "set_profile", {"changes": {
                "language": "ko", "timezone": self.setup["timezone"], "weekly_goal": 4,
                "goals": [{"concept": "causal-masking", "depth": 2}]}})]
        if self.stage == "offer":
            self.stage = "placing"
            return say(f"1. {self.placement[0]['prompt']}")
        if self.stage == "placing":
            self.answers.append(typed)
            if len(self.answers) < len(self.placement):
                return say(f"{len(self.answers) + 1}. {self.placement[len(self.answers)]['prompt']}")
            self.stage = "grading"
            prompt = {"questions": [{"prompt": q["prompt"], "criteria": q["criteria"]} for q in self.placement],
                      "answers": "\n\n".join(f"## {i}. {a}" for i, a in enumerate(self.answers, 1))}
            return [use("Agent", {"description": "Grade the placement", "subagent_type": f"{PLUGIN}:answer-grader",
                                  "prompt": json.dumps(prompt, ensure_ascii=False), "run_in_background": False})]
        if self.stage == "placed":
            self.stage = "lesson"
            return [use(TOOL_PREFIX + "plan_lesson", {})]
        raise AssertionError(f"the learner spoke at {self.stage}: {typed}")


def test_a_new_learner_is_set_up_placed_and_gets_a_first_post(tmp_path):
    cli = ClaudeCLI(tmp_path / "home", claude_or_skip())
    project = tmp_path / "project"
    project.mkdir()
    env = {"TUTOR_PYTHON": sys.executable, "TZ": "Asia/Seoul"}
    allowed = ",".join([*(TOOL_PREFIX + t for t in SKILL_TOOLS), "Agent"])
    model = Newcomer()
    runs = []
    with FakeAnthropic(model) as api:
        run = cli.prompt("/learn", REPO, api_url=api.url, cwd=project, env=env)
        runs.append(run)
        assert not api.errors, api.errors[0]
        assert run.returncode == 0, run.tail()
        session = run.init["session_id"]

        def reply(text: str) -> None:
            # a later turn of the same conversation is a plain prompt, not the skill, so the
            # skill's tools are granted with --allowedTools, as a learner allows them once
            r = cli.prompt(text, REPO, api_url=api.url, cwd=project, env=env,
                           args=["--resume", session, "--allowedTools", allowed])
            runs.append(r)
            assert not api.errors, api.errors[0]
            assert r.returncode == 0 and r.result.get("subtype") == "success", r.tail()

        for _, _, answer in INTERVIEW:
            reply(answer)
        assert model.stage == "offer", model.stage
        reply("네, 해 볼게요")
        for q in list(model.placement):
            reply(model.answer_for(q))
        assert model.stage == "placed"
        reply("네, 그대로 둘게요")

    # one question per turn: every interview and placement question was its own answer
    assert len(runs) == 1 + len(INTERVIEW) + 1 + len(model.placement) + 1
    assert 5 <= len(model.placement) <= 8
    journal = cli.home / ".local" / "share" / "ai-tutor" / "journal"
    profile_file = journal / "_data" / "tutor" / "learner.yaml"
    data = yaml.safe_load(profile_file.read_text(encoding="utf-8"))
    assert profile_file.read_text(encoding="utf-8").startswith("# Your AI Tutor profile.")
    profile = Journal(journal).profile()  # valid
    assert (profile.language, profile.timezone, profile.weekly_goal) == ("ko", "Asia/Seoul", 4)
    assert [(g.concept, g.depth) for g in profile.goals] == [("causal-masking", 2)]
    first = model.placement[0]
    assert data["known"] == [{"concept": first["concept"], "depth": first["depth"]}]
    # the placement was graded by the answer-grader, never shown code or tests
    [grader] = [c for c in calls(api, "Agent") if c.input["subagent_type"] == f"{PLUGIN}:answer-grader"]
    assert grader.input["run_in_background"] is False and "def test_" not in grader.input["prompt"]
    [published] = [e for e in events_of(journal) if e["type"] == "lesson_published"]
    assert (journal / published["post"]).is_file()
    # the first post is planned from the goal and the placement: the same plan the façade makes
    # for this profile, one lesson shorter than without the placement
    brief = json.loads(calls(api, TOOL_PREFIX + "plan_lesson")[-1].result or "")
    assert brief["goal"]["goal"]["id"] == "causal-masking"
    assert not [m for m in brief["goal"]["missing"] if m["id"] == first["concept"] and m["depth"] <= first["depth"]]
    without = tmp_path / "without-placement"
    (without / "_data" / "tutor").mkdir(parents=True)
    (without / "_data" / "tutor" / "learner.yaml").write_text(
        yaml.safe_dump({k: v for k, v in data.items() if k != "known"}), encoding="utf-8")
    other = Tutor(Journal(without), deps=Deps(pythons=list)).plan_lesson(date=brief["date"])
    assert other.goal is not None and brief["goal"]["lessons_left"] == other.goal.lessons_left - 1
    assert (published["concept"], published["depth"]) == (brief["concept"], brief["depth"])

