"""What the tests need from outside the project, found in one place.

- System tools (Jekyll, the Claude Code CLI, a browser) are looked up on PATH. A test that
  needs one that is absent is skipped with a one-line reason (`tool`).
- PyTorch is not a dependency of the project: the server stays light. Tests that run
  exercises use "the learner's interpreter", a venv with PyTorch (CPU) and numpy that
  `learner_python` makes with uv on first use and keeps in the user cache folder
  (`~/.cache/ai-tutor-tests/` on Linux), one per PyTorch and Python version, reused by
  every later run. It installs from pip's configured find-links when there are any, else
  from PyTorch's CPU index; never a CUDA build. When it cannot be made, those tests skip.
- With AI_TUTOR_REQUIRE_ALL=1 (`.ci/run` sets it) every skip is a failure instead: a machine
  that is meant to have everything must run everything (see conftest.py).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import platformdirs
import pytest

REQUIRE_ALL = "AI_TUTOR_REQUIRE_ALL"
TORCH = "2.13.0"
INSTALL_TIMEOUT_S = 1800  # one download of PyTorch on a slow line
READY = ".ai-tutor-ready"  # written into the venv once torch and numpy imported there


def require_all() -> bool:
    return os.environ.get(REQUIRE_ALL, "").strip() not in ("", "0")


def tool(name: str, why: str) -> str:
    """The path of the system tool `name`, or skip: `why` says what needs it and how to get it."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not on PATH: {why}")
    return path


# ---------------------------------------------------------------- the learner's interpreter


class LearnerPython(NamedTuple):
    python: str | None  # the interpreter, or None when it could not be made
    problem: str  # why not, in one line


def learner_venv() -> Path:
    root = os.environ.get("AI_TUTOR_TEST_CACHE") or platformdirs.user_cache_dir("ai-tutor-tests")
    return Path(root) / f"learner-py-torch{TORCH}-py{sys.version_info[0]}.{sys.version_info[1]}"


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def find_links() -> list[str]:
    """pip's configured find-links: PIP_FIND_LINKS, else `pip config get global.find-links`."""
    if os.environ.get("PIP_FIND_LINKS", "").strip():
        return os.environ["PIP_FIND_LINKS"].split()
    pip = shutil.which("pip3") or shutil.which("pip")
    base = getattr(sys, "_base_executable", sys.executable)  # this venv has no pip; its base may
    for cmd in ([pip] if pip else [], [base, "-m", "pip"]):
        if not cmd:
            continue
        try:
            out = subprocess.run([*cmd, "config", "get", "global.find-links"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0:
            return out.stdout.split()
    return []


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[-2:])[-300:] or "no output"


def _make(venv: Path) -> str | None:
    """Make the venv; None when it works, else what went wrong."""
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` sets UV to itself
    if not uv:
        return "uv is not on PATH to make it"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    base = getattr(sys, "_base_executable", sys.executable)
    shutil.rmtree(venv, ignore_errors=True)
    out = subprocess.run([uv, "venv", "--quiet", "--python", base, str(venv)], cwd=venv.parent,
                         capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        return f"uv venv failed: {_one_line(out.stderr)}"
    python = str(_venv_python(venv))
    # The CPU build is pinned by its local version on Linux and Windows, where PyPI's plain
    # torch is the CUDA build; macOS wheels are CPU builds without a local version.
    cpu = f"torch=={TORCH}" if sys.platform == "darwin" else f"torch=={TORCH}+cpu"
    links = find_links()
    attempts = []
    if links:
        attempts.append([*(a for link in links for a in ("--find-links", link)), cpu, "numpy"])
    attempts.append(["--torch-backend", "cpu", f"torch=={TORCH}", "numpy"])
    problems = []
    for args in attempts:
        try:
            out = subprocess.run([uv, "pip", "install", "--quiet", "--python", python, *args], cwd=venv.parent,
                                 capture_output=True, text=True, env=env, timeout=INSTALL_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            problems.append(f"uv pip install {' '.join(args)}: no result in {INSTALL_TIMEOUT_S} s")
            continue
        if out.returncode == 0:
            break
        problems.append(f"uv pip install {' '.join(args)}: {_one_line(out.stderr)}")
    else:
        return "; ".join(problems)
    probe = "import numpy, torch; assert torch.version.cuda is None, 'a CUDA build'; print(torch.__version__)"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        return f"torch does not import there: {_one_line(out.stderr)}"
    (venv / READY).write_text(f"torch {out.stdout.strip()}\n")
    return None


@functools.cache
def learner_python() -> LearnerPython:
    """The learner's interpreter with PyTorch, made on the first call on this machine."""
    venv = learner_venv()
    python = _venv_python(venv)
    if python.exists() and (venv / READY).is_file():
        return LearnerPython(str(python), "")
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        try:  # one maker at a time (two test runs on one machine)
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:
            pass
        if not (python.exists() and (venv / READY).is_file()):
            problem = _make(venv)
            if problem:
                shutil.rmtree(venv, ignore_errors=True)
                return LearnerPython(None, f"needs PyTorch {TORCH} in the learner's interpreter, which "
                                           f"could not be made at {venv}: {problem}")
    return LearnerPython(str(python), "")
