"""The learner's interpreter: where it is, and whether it can run an exercise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

from mcp_server.errors import SandboxError

from .environment import child_env

MIN_PYTHON = (3, 9)  # the oldest Python the harness is written for
HOW_TO_SET = (
    "Set `python:` in _data/tutor/learner.yaml to the full path of a Python "
    f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}+ interpreter that has PyTorch installed, "
    "for example `python: /home/you/venvs/torch/bin/python`."
)


def check_interpreter(python: str, requires: list[str]) -> None:
    """Raise SandboxError unless `python` runs and can import every module in `requires`."""
    exe = resolve_python(python)
    probe = (
        "import importlib.util, json, sys\n"
        "missing = []\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        found = importlib.util.find_spec(name) is not None\n"
        "    except (ImportError, ValueError):\n"
        "        found = False\n"
        "    if not found:\n"
        "        missing.append(name)\n"
        "pip = importlib.util.find_spec('pip') is not None\n"
        "print(json.dumps({'version': list(sys.version_info[:3]), 'missing': missing, 'pip': pip}))\n"
    )
    try:
        done = subprocess.run(
            [exe, "-I", "-c", probe, *requires],
            capture_output=True,
            text=True,
            timeout=60,
            env=child_env(tempfile.gettempdir()),
            cwd=tempfile.gettempdir(),
        )
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        version, missing = tuple(answer["version"]), list(answer["missing"])
        has_pip = bool(answer.get("pip", True))
    except (OSError, subprocess.SubprocessError, ValueError, IndexError, KeyError, TypeError) as e:
        raise SandboxError(f"The Python at {exe} did not answer a simple check ({e}). {HOW_TO_SET}") from e
    shown = ".".join(map(str, version))
    if version < MIN_PYTHON:
        raise SandboxError(
            f"The Python at {exe} is version {shown}; exercises need 3.9 or later. {HOW_TO_SET}"
        )
    if missing:
        raise SandboxError(
            f"The Python at {exe} (version {shown}) cannot import {', '.join(missing)}, which this "
            f"exercise needs. Install it there ({install_command(exe, missing, has_pip)}), or: {HOW_TO_SET}"
        )


def install_command(exe: str, modules: list[str], has_pip: bool) -> str:
    """How to install `modules` into `exe`'s environment: uv's pip for a uv environment (which
    has no pip of its own), else the interpreter's pip."""
    names = " ".join(modules)
    if not has_pip or _made_by_uv(exe):
        return f"`uv pip install --python {exe} {names}`"
    return f"`{exe} -m pip install {names}`"


def _made_by_uv(exe: str) -> bool:
    cfg = os.path.join(os.path.dirname(os.path.dirname(exe)), "pyvenv.cfg")
    try:
        with open(cfg, encoding="utf-8") as f:
            return any(line.split("=")[0].strip() == "uv" for line in f)
    except OSError:
        return False


def resolve_python(python: str) -> str:
    """The absolute path of `python` (a path, or a name looked up on PATH), or SandboxError."""
    if not python or not str(python).strip():
        raise SandboxError(f"No Python interpreter is configured for exercises. {HOW_TO_SET}")
    python = os.path.expanduser(str(python).strip())
    if os.sep not in python:
        found = shutil.which(python)
        if found is None:
            raise SandboxError(f"The Python interpreter {python!r} is not on PATH. {HOW_TO_SET}")
        python = found
    path = os.path.abspath(python)  # not realpath: a venv's python is found through its symlink
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise SandboxError(f"The Python interpreter {path} does not exist or is not executable. {HOW_TO_SET}")
    return path
