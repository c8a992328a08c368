"""A run's temporary folder: made, filled, handed over, read and removed.

    <tmp>/ai-tutor-sandbox-<server pid>-<random>/
        work/         exercise.py: the learner's process's cwd, the only place it may write
        checks/       test_<label>.py: root's (the server's) and 0700, read by the checker before
                      it drops privileges; never handed over, hidden from the learner's process
        scratch/      the checker's cwd, HOME and TMPDIR; hidden from the learner's process
        lib/          harness.py, wire.py, remote.py: the code both processes start from, and
                      the only folder the checker adds to its import path (nobody may write it)
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
LIB = "lib"
COPIED = [HARNESS, HARNESS.with_name("wire.py"), HARNESS.with_name("remote.py")]
TEMP_PREFIX = "ai-tutor-sandbox-"
TAIL_CHARS = 4000


def make_root() -> Path:
    return Path(os.path.realpath(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")))


def fill(root: Path, solution: Path, tests: list[tuple[str, Path | bytes]]) -> tuple[Path, Path, Path]:
    """Copy in the solution, the test modules (name, file or source) and the harness.

    Returns (work, checks, scratch). Nothing else from the solution's folder comes along (no
    conftest.py, no sitecustomize.py).
    """
    os.chmod(root, 0o755)  # the processes pass through it; the secrets are 0600/0700
    work, checks, scratch, lib = root / "work", root / "checks", root / "scratch", root / LIB
    work.mkdir()
    checks.mkdir(mode=0o700)
    scratch.mkdir(mode=0o700)
    lib.mkdir(mode=0o755)
    (root / "dev").mkdir()
    shutil.copyfile(solution, work / "exercise.py")
    for module, source in tests:
        target = checks / f"{module}.py"
        with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(source if isinstance(source, bytes) else Path(source).read_bytes())
    for path in COPIED:
        shutil.copyfile(path, lib / path.name)
        os.chmod(lib / path.name, 0o644)
    (root / "masked").touch(mode=0o000)
    (root / "checker.log").touch(mode=0o600)  # here before the learner's process hides it
    return work, checks, scratch


def hand_over(work: Path, scratch: Path, user: dict) -> None:
    """Give the unprivileged user the two folders it writes: work/ and the checker's scratch/.

    checks/ stays root's and 0700, its files 0600: the checker reads them before it drops
    privileges, so no process of the run, under the unprivileged uid, can read the tests or
    put a file beside them (and the learner's does not see checks/ or scratch/ at all where a
    mount namespace hides them).
    """
    for path in [work, *work.iterdir(), scratch]:
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
