"""A run's temporary folder: made, filled, handed over, read and removed.

    <tmp>/ai-tutor-sandbox-<server pid>-<random>/
        work/         exercise.py: the learner's process's cwd, the only place it may write
        checks/       test_<label>.py: the checker's cwd; hidden from the learner's process
        harness.py    copies of the harness and the two sides of the protocol, started by
        wire.py       the learner's interpreter
        remote.py
        dev/          where each process builds its minimal /dev
        masked        an empty mode-000 file bound over forbidden files
        output.log    the learner's process's stdout and stderr, capped by RLIMIT_FSIZE
        checker.log   the checker's (never shown: a hidden test may print its data)

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
COPIED = [HARNESS, HARNESS.with_name("wire.py"), HARNESS.with_name("remote.py")]
TEMP_PREFIX = "ai-tutor-sandbox-"
TAIL_CHARS = 4000


def make_root() -> Path:
    return Path(os.path.realpath(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")))


def fill(root: Path, solution: Path, tests: list[tuple[str, Path]]) -> tuple[Path, Path]:
    """Copy in the solution, the test modules (name, file) and the harness; (work, checks).

    Nothing else from the solution's folder comes along (no conftest.py, no sitecustomize.py).
    """
    os.chmod(root, 0o755)  # the importer lists it to find wire and remote; the secrets are 0600/0700
    work, checks = root / "work", root / "checks"
    work.mkdir()
    checks.mkdir(mode=0o700)
    (root / "dev").mkdir()
    shutil.copyfile(solution, work / "exercise.py")
    for module, path in tests:
        shutil.copyfile(path, checks / f"{module}.py")
        os.chmod(checks / f"{module}.py", 0o600)
    for path in COPIED:
        shutil.copyfile(path, root / path.name)
    (root / "masked").touch(mode=0o000)
    (root / "checker.log").touch(mode=0o600)  # here before the learner's process hides it
    return work, checks


def hand_over(root: Path, work: Path, checks: Path, user: dict) -> None:
    """Let the unprivileged user reach the harness and own the work dirs.

    The test files stay root's and mode 0600: the checker reads them before it drops
    privileges, so the learner's process, under the same unprivileged uid, cannot (and it does
    not see checks/ at all where a mount namespace hides it).
    """
    for path in COPIED:
        os.chmod(root / path.name, 0o644)
    for path in [work, *work.iterdir(), checks]:  # checks/: the checker's cwd and TMPDIR
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
