"""Run the real Claude Code CLI on this plugin, offline, under a scratch HOME.

`ClaudeCLI(home)` runs `claude` with an environment of its own: the scratch HOME (so no real
user's settings, plugins or credentials are read), the uv cache of the machine (so the
plugin's server environment is built from the local cache, as for a learner), no browser
session, and none of the calling process's Claude or Anthropic variables. `prompt()` types a
line into `claude -p` with the model played by a `FakeAnthropic` script and returns the
stream-json events: the init event first, the final result last.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

INSTALL = "npm install -g @anthropic-ai/claude-code"
PLUGIN = "ai-tutor"
SERVER = f"plugin:{PLUGIN}:tutor"
TOOL_PREFIX = "mcp__plugin_ai-tutor_tutor__"

# generous: CI is a loaded 2-core machine and the first start builds the server's environment
TIMEOUT_S = 900

DROPPED = ("CLAUDE", "ANTHROPIC", "VIRTUAL_ENV", "SSH_", "XDG_", "TUTOR_", "MCP_")
DROPPED_EXACT = {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "CLAUDECODE"}


def claude_or_skip() -> str:
    """The `claude` executable; the test is skipped (only) when the CLI is not installed."""
    exe = shutil.which("claude")
    if not exe:
        pytest.skip(f"claude CLI not found: {INSTALL}")
    return exe


@cache
def uv_cache_dir() -> str | None:
    """The machine's uv cache, found before HOME is replaced; None when uv is absent."""
    uv = shutil.which("uv")
    if not uv:
        return None
    out = subprocess.run([uv, "cache", "dir"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip() or None


@dataclass
class Run:
    returncode: int
    events: list[dict[str, Any]]
    stdout: str
    stderr: str

    @property
    def init(self) -> dict[str, Any]:
        return next(e for e in self.events if e.get("type") == "system" and e.get("subtype") == "init")

    @property
    def result(self) -> dict[str, Any]:
        return next((e for e in reversed(self.events) if e.get("type") == "result"), {})

    def tail(self) -> str:
        return f"exit {self.returncode}\nstdout: {self.stdout[-3000:]}\nstderr: {self.stderr[-2000:]}"


class ClaudeCLI:
    def __init__(self, home: Path, exe: str | None = None):
        self.exe = exe or claude_or_skip()
        self.home = home
        home.mkdir(parents=True, exist_ok=True)

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED) and k not in DROPPED_EXACT}
        env.update({
            "HOME": str(self.home),
            "DISABLE_AUTOUPDATER": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "MCP_TIMEOUT": "600000",  # ms to wait for the server's first start
            "MCP_TOOL_TIMEOUT": "900000",
        })
        if cache_dir := uv_cache_dir():
            env["UV_CACHE_DIR"] = cache_dir
        env.update(extra or {})
        return env

    def run(self, args: list[str], *, cwd: Path, env: dict[str, str] | None = None,
            timeout: int = TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        cwd.mkdir(parents=True, exist_ok=True)
        return subprocess.run([self.exe, *args], cwd=cwd, env=self.env(env), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def prompt(self, line: str, plugin: Path, *, api_url: str, cwd: Path, env: dict[str, str] | None = None,
               args: list[str] | None = None, timeout: int = TIMEOUT_S) -> Run:
        """`claude -p LINE --plugin-dir PLUGIN` against the fake API at `api_url`."""
        extra = {"ANTHROPIC_BASE_URL": api_url, "ANTHROPIC_API_KEY": "sk-ant-test-offline"} | (env or {})
        out = self.run(["-p", line, "--plugin-dir", str(plugin), "--output-format", "stream-json", "--verbose",
                        *(args or [])], cwd=cwd, env=extra, timeout=timeout)
        events = []
        for ln in out.stdout.splitlines():
            try:
                events.append(json.loads(ln))
            except ValueError:
                continue
        return Run(out.returncode, events, out.stdout, out.stderr)
