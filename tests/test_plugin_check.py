"""The plugin passes the real Claude Code CLI's checks: validate --strict, server connected,
skills, agents and tools listed in the init event."""

from __future__ import annotations

import shutil
import subprocess

from conftest import REPO

CHECK = REPO.parent / "shared" / "tools" / "claude-plugin-check"


def test_claude_plugin_check_passes_with_the_real_cli():
    assert shutil.which("claude"), "the Claude Code CLI is required (npm install -g @anthropic-ai/claude-code)"
    assert CHECK.is_file(), f"{CHECK} is missing"
    out = subprocess.run(
        ["bash", str(CHECK), str(REPO), "ai-tutor", "learner_status", "find_concepts", "plan_lesson", "publish_post"],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0 and "RESULT: PASS" in out.stdout, out.stdout[-3000:] + out.stderr[-2000:]
    assert "'ai-tutor:learn'" in out.stdout and "'ai-tutor:post-writer'" in out.stdout
