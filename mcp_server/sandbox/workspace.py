"""A run's temporary folder: made, filled, handed over, read and removed.

    <tmp>/ai-tutor-sandbox-<server pid>-<random>/
        work/         exercise.py and test_<label>.py: the child's cwd, the only writable place
        harness.py    a copy of the harness, started by the learner's interpreter
        masked        an empty mode-000 file bound over forbidden files
        output.log    the child's stdout and stderr, capped by RLIMIT_FSIZE

The run's cgroups take the folder's name. The server's pid in it lets a later run remove what
a killed server left behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .cgroups import cgroup_places, remove_cgroup

HARNESS = Path(__file__).with_name("harness.py")
TEMP_PREFIX = "ai-tutor-sandbox-"
TAIL_CHARS = 4000


def make_root() -> Path:
    return Path(os.path.realpath(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")))


def fill(root: Path, solution: Path, tests: list[tuple[str, Path]]) -> Path:
    """Copy in the solution, the test modules (name, file) and the harness; returns the work dir.

    Nothing else from the solution's folder comes along (no conftest.py, no sitecustomize.py).
    """
    work = root / "work"
    work.mkdir()
    shutil.copyfile(solution, work / "exercise.py")
    for module, path in tests:
        shutil.copyfile(path, work / f"{module}.py")
    shutil.copyfile(HARNESS, root / "harness.py")
    (root / "masked").touch(mode=0o000)
    return work


def hand_over(root: Path, work: Path, user: dict) -> None:
    """Let the unprivileged user reach the harness and own the work dir."""
    os.chmod(root, 0o711)
    os.chmod(root / "harness.py", 0o644)
    for path in [work, *work.iterdir()]:
        os.chown(path, user["uid"], user["gid"])


def read_tail(path: Path) -> str:
    """The end of the child's output, shown for information and never parsed."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - TAIL_CHARS))
            return f.read().decode("utf-8", "replace")[-TAIL_CHARS:]
    except OSError:
        return ""


def remove_tree(path: Path) -> None:
    """Delete a run's folder even if the tests made parts of it unreadable."""
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        return
    except OSError:
        for dirpath, dirnames, _files in os.walk(path):
            for name in dirnames:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(dirpath, name), 0o700)
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale() -> None:
    """Remove folders and cgroups left by a sandbox whose server was killed outright."""
    for base in [Path(tempfile.gettempdir()), *cgroup_places().values()]:
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            owner = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
            if not owner.isdigit() or _alive(int(owner)):
                continue
            if base == Path(tempfile.gettempdir()):
                remove_tree(Path(entry.path))
            else:
                remove_cgroup(Path(entry.path))
