"""Finding the Python interpreters on this machine that have PyTorch, to propose one for the
exercises. The server's own environment does not need PyTorch and is never proposed for it.

Each candidate is asked, in isolated mode, for its version and the installed torch
distribution's version (from its metadata, without importing torch, which takes seconds).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .environment import child_env

HOW_TO_GET = (
    "with uv: `uv venv ~/.ai-tutor-py && uv pip install --python ~/.ai-tutor-py torch`, then use "
    "~/.ai-tutor-py/bin/python; with pip: `python -m pip install torch`"
)
PROBE = (
    "import json, sys\n"
    "try:\n"
    "    from importlib.metadata import version\n"
    "    torch = version('torch')\n"
    "except Exception:\n"
    "    torch = None\n"
    "print(json.dumps({'python': '.'.join(map(str, sys.version_info[:3])), 'torch': torch}))\n"
)


@dataclass(frozen=True)
class FoundPython:
    path: str
    version: str
    torch: str | None

    def line(self) -> str:
        return f"{self.path} (Python {self.version}, " + (
            f"torch {self.torch})" if self.torch else "no torch)"
        )


def candidates(home: Path | None = None, project: Path | None = None) -> list[str]:
    """Where a learner's Python with PyTorch usually is, existing paths only, each once."""
    home = home or Path.home()
    names = [
        os.environ.get("TUTOR_PYTHON", ""),
        *(shutil.which(n) or "" for n in ("python3", "python", "python3.13", "python3.12", "python3.11")),
    ]
    patterns = [
        ".ai-tutor-py/bin/python",
        ".venv/bin/python",
        "venv/bin/python",
        ".virtualenvs/*/bin/python",
        "miniconda3/bin/python",
        "miniconda3/envs/*/bin/python",
        "anaconda3/bin/python",
        "anaconda3/envs/*/bin/python",
        "miniforge3/bin/python",
        "miniforge3/envs/*/bin/python",
        ".pyenv/versions/*/bin/python",
    ]
    found = [*names, *(p for pat in patterns for p in sorted(glob.glob(str(home / pat))))]
    if project:
        found.append(str(project / ".venv" / "bin" / "python"))
    own = Path(sys.prefix).resolve()
    out, seen = [], set()
    for p in found:
        if not p or not os.path.isfile(p) or not os.access(p, os.X_OK):
            continue
        real = os.path.realpath(p)
        if real in seen or Path(p).resolve().parent.parent == own or Path(p).parent.parent.resolve() == own:
            continue
        seen.add(real)
        out.append(os.path.abspath(p))
    return out


def probe(python: str, timeout_s: float = 20) -> FoundPython | None:
    try:
        done = subprocess.run(
            [python, "-I", "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env=child_env(tempfile.gettempdir()),
            cwd=tempfile.gettempdir(),
        )
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return FoundPython(python, str(answer["python"]), answer["torch"])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError, KeyError, TypeError):
        return None


def find_pythons(home: Path | None = None, project: Path | None = None) -> list[FoundPython]:
    """Every candidate that answers, those with PyTorch first."""
    paths = candidates(home, project)
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = [f for f in pool.map(probe, paths) if f is not None]
    return sorted(found, key=lambda f: f.torch is None)
