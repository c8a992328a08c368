"""One journal per person, through the real Claude Code CLI: the plugin run with `--plugin-dir`,
the plugin installed from the local marketplace, and the `ai-tutor` command installed with
`uv tool install` all read the same journal; a journal left at an old location (the
`--plugin-dir` data folder of an older version) is adopted once, with a message, nothing lost.

The model is scripted (tests/fake_anthropic.py): it calls learner_status and reports it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from claude_driver import TOOL_PREFIX, ClaudeCLI, Run, claude_or_skip
from conftest import REPO
from fake_anthropic import Block, FakeAnthropic, Request
from test_real_cli import calls, say, use

LESSON = {"type": "lesson_published", "v": 1, "at": "2026-01-05T09:00:00+09:00", "lesson": "2026-01-05-linear-algebra-for-ml-d1",
          "date": "2026-01-05", "concept": "linear-algebra-for-ml", "depth": 1,
          "post": "_posts/2026-01-05-linear-algebra-for-ml.md", "title": "Linear algebra for ML"}
STATUS = TOOL_PREFIX + "learner_status"


def status_model(req: Request) -> list[Block]:
    last = req.last
    if last is None:
        return [use("ToolSearch", {"query": f"select:{STATUS}"})]
    if last.name == "ToolSearch":
        return [use(STATUS, {})]
    assert last.name == STATUS and not last.is_error, last.result
    return say("status read")


def old_journal(home: Path) -> Path:
    j = home / ".claude" / "plugins" / "data" / "ai-tutor-inline" / "journal"
    (j / "_data" / "tutor").mkdir(parents=True)
    (j / "_data" / "tutor" / "events.jsonl").write_text(json.dumps(LESSON) + "\n")
    (j / "_data" / "tutor" / "learner.yaml").write_text("# written by hand\nlanguage: en\ntimezone: Asia/Seoul\n")
    (j / "_posts").mkdir()
    (j / LESSON["post"]).write_text("---\ntitle: my first post\n---\nmine\n")
    return j


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def status_of(api: FakeAnthropic, run: Run) -> dict[str, Any]:
    assert not api.errors, api.errors[0]
    assert run.returncode == 0 and run.result.get("subtype") == "success", run.tail()
    [call] = calls(api, STATUS)
    return json.loads(call.result or "")


def test_two_installs_and_the_command_share_one_journal_and_an_old_one_is_adopted_once(tmp_path):
    cli = ClaudeCLI(tmp_path / "home", claude_or_skip())
    home = cli.home
    project = tmp_path / "project"
    project.mkdir()
    old = old_journal(home)
    before = files(old)
    journal = home / ".local" / "share" / "ai-tutor" / "journal"
    allow = ["--allowedTools", STATUS]

    # 1. --plugin-dir: the old journal is moved to the per-user folder, and the answer says so
    with FakeAnthropic(status_model) as api:
        first = status_of(api, cli.prompt("how am I doing?", REPO, api_url=api.url, cwd=project, args=allow))
    assert first["journal"] == str(journal) and first["sessions"] == 1
    [moved] = [w for w in first["warnings"] if "moved your journal" in w]
    assert f"from {old} to {journal}" in moved and "nothing was lost" in moved
    assert files(journal) == before  # every file, byte for byte
    assert old.is_symlink() and old.resolve() == journal.resolve()

    # 2. the local marketplace install: another data folder, the same journal, no second move
    for args in (["plugin", "marketplace", "add", str(REPO)], ["plugin", "install", "ai-tutor@ai-tutor"]):
        out = cli.run(args, cwd=project)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    with FakeAnthropic(status_model) as api:
        out = cli.run(["-p", "how am I doing?", "--output-format", "stream-json", "--verbose", *allow], cwd=project,
                      env={"ANTHROPIC_BASE_URL": api.url, "ANTHROPIC_API_KEY": "sk-ant-test-offline"})
        events = [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith("{")]
        second = status_of(api, Run(out.returncode, events, out.stdout, out.stderr))
    assert (home / ".claude" / "plugins" / "data" / "ai-tutor-ai-tutor").is_dir(), "not the marketplace install"
    assert second["journal"] == str(journal) and second["sessions"] == 1
    assert not [w for w in second["warnings"] if "journal" in w], second["warnings"]

    # 3. the command, installed as the README says (editable: it reads knowledge/ in the plugin folder)
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv not found: pip install uv")
    tools = tmp_path / "uv-tools"
    env = cli.env({"UV_TOOL_DIR": str(tools / "lib"), "UV_TOOL_BIN_DIR": str(tools / "bin")})
    done = subprocess.run([uv, "tool", "install", "--editable", str(REPO)], env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.skip(f"uv tool install --editable {REPO} failed here (no package index?): {done.stderr.strip()[-300:]}")
    shown = subprocess.run([str(tools / "bin" / "ai-tutor"), "status", "--json"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    third = json.loads(shown.stdout)
    assert third["journal"] == str(journal) and third["sessions"] == 1
    assert "moved your journal" not in shown.stderr
    assert files(journal) == before  # nothing of the learner's was rewritten by reading it three ways
