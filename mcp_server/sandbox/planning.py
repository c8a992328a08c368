"""What this host allows, and the isolation planned for a run on it.

Isolation is planned per host and reported in `SandboxResult.isolated` (see `isolation`):
- root with namespaces (Linux): private mount, network and pid namespaces; every mount
  read-only except the work dir; forbidden paths covered by empty unreadable mounts; both
  processes switch to the user `nobody`, so files keep their permissions (root's 0600 files
  stay unreadable). An interpreter nobody cannot reach (a venv under a 0700 /root) is
  revealed inside the mount namespace only: the closed folder is covered by an empty tmpfs
  and the interpreter's own folders are bound back into it (`reveal`). A pids cgroup bounds
  processes, or else RLIMIT_NPROC for nobody.
- non-root Linux: the same namespaces inside a user namespace where the kernel allows one;
  RLIMIT_NPROC bounds processes.
- elsewhere (macOS): rlimits, the wall clock and a memory watchdog only; the result says so.
The namespaces and mounts themselves are made by the harness, inside the child.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mcp_server.errors import SandboxError

from .cgroups import Cgroups
from .environment import child_env
from .limits import MAX_TASKS
from .workspace import HARNESS


@dataclass(frozen=True)
class Host:
    """What this machine allows; see host()."""

    linux: bool
    root: bool
    namespaces: str | None  # "root" (plain namespaces), "user" (inside a user namespace) or None
    namespace_problem: str = ""


@dataclass
class Plan:
    """How one run is isolated: sent to the harness in its configuration, then reported."""

    namespaces: str | None
    drop_capabilities: bool
    user: dict | None = None  # {"name", "uid", "gid"} when root switches to an unprivileged user
    nproc: int | None = None
    processes: tuple[bool, str] = (False, "")
    # folders nobody cannot pass through, to cover, and the interpreter's folders to bind back
    reveal: dict = field(default_factory=lambda: {"cover": [], "paths": []})


@functools.lru_cache(maxsize=1)
def host() -> Host:
    """What this machine allows; probed once per process with the harness's own code.

    Callers look it up as `planning.host()`, so one stand-in (in a test) changes every use.
    """
    linux = sys.platform.startswith("linux")
    root = os.geteuid() == 0
    if not linux:
        return Host(False, root, None, f"namespaces are Linux-only (this is {sys.platform})")
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", str(HARNESS), "--probe"],
            capture_output=True,
            text=True,
            timeout=30,
            env=child_env("/"),
            cwd="/",
        )
        answer = json.loads(done.stdout)["namespaces"]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as e:
        answer = f"probe failed: {e}"
    if answer == "ok":
        return Host(True, root, "root" if root else "user")
    return Host(True, root, None, answer)


@functools.lru_cache(maxsize=16)
def unprivileged_user_can_run(python: str) -> bool:
    """Whether `nobody` can start this interpreter (not if it lives under a 0700 /root)."""
    user = nobody()
    if user is None:
        return False
    try:
        done = subprocess.run(
            [python, "-I", "-c", "import site, encodings"],
            user=user["uid"],
            group=user["gid"],
            extra_groups=[],
            capture_output=True,
            timeout=60,
            env=child_env("/"),
            cwd="/",
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def nobody() -> dict | None:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return {"name": "nobody", "uid": entry.pw_uid, "gid": entry.pw_gid}


def interpreter_folders(python: str) -> tuple[str, ...]:
    """The folders an interpreter reads from, a folder inside another one left out."""
    return tuple(outermost(interpreter_paths(python)))


@functools.lru_cache(maxsize=16)
def interpreter_paths(python: str) -> tuple[str, ...]:
    """The folders an interpreter reads from: its prefixes and its import path, resolved."""
    code = (
        "import json, sys; print(json.dumps([sys.prefix, sys.exec_prefix, sys.base_prefix,"
        " sys.base_exec_prefix] + sys.path))"
    )
    try:
        done = subprocess.run(
            [python, "-I", "-c", code], capture_output=True, text=True, timeout=60, env=child_env("/"), cwd="/"
        )
        found = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return ()
    paths = {os.path.realpath(p) for p in found if isinstance(p, str) and os.path.isabs(p) and os.path.exists(p)}
    paths.add(os.path.dirname(os.path.realpath(python)))
    return tuple(sorted(paths))


def closed_to(user: dict, paths: tuple[str, ...]) -> dict:
    """What to cover and bind back so that `user` reaches every path: {"cover", "paths"}.

    For each path, the outermost folder on the way to it that `user` may not pass through is
    covered; the paths under a covered folder are bound back.
    """
    cover: list[str] = []
    for path in paths:
        for parent in [*reversed(Path(path).parents), Path(path)]:
            try:
                st = parent.stat()
            except OSError:
                break
            if not permits(user, st, 1):
                if not any(parent == Path(c) or Path(c) in parent.parents for c in cover):
                    cover.append(str(parent))
                break
    cover = outermost(cover)
    return {"cover": cover, "paths": [p for p in paths if inside_any(p, cover)]}


def permits(user: dict, st: os.stat_result, bits: int) -> bool:
    """Whether the permission bits give `user` all of `bits` (4 read, 2 write, 1 search)."""
    shift = 6 if st.st_uid == user["uid"] else 3 if st.st_gid == user["gid"] else 0
    return st.st_mode >> shift & bits == bits


def outermost(paths) -> list[str]:
    """`paths` in order, each once, without those inside another one of them."""
    unique = list(dict.fromkeys(paths))
    return [p for p in unique if not any(o != p and Path(o) in Path(p).parents for o in unique)]


def inside_any(path: str, folders) -> bool:
    """Whether `path` is one of `folders` or lies inside one."""
    return any(Path(path) == Path(f) or Path(f) in Path(path).parents for f in folders)


def make_plan(host: Host, python: str, cgroups: Cgroups | None, also: tuple[str, ...] = ()) -> Plan:
    """The plan for one run; `also`: folders besides the interpreter's that nobody must reach."""
    plan = Plan(namespaces=host.namespaces, drop_capabilities=host.namespaces is not None or host.root)
    user = nobody() if host.root and host.namespaces == "root" else None
    # the run's own folder is staged from, so it must be open to nobody as it is
    if user is not None and not closed_to(user, also)["cover"]:
        # uid 0 without capabilities still owns root's files: switch to nobody, always
        plan.user, plan.drop_capabilities = user, False  # setuid to a non-root uid clears them
        plan.reveal = closed_to(user, interpreter_folders(python))
    if cgroups is not None and cgroups.pids:
        plan.processes = (True, f"pids cgroup: at most {MAX_TASKS} processes and threads")
    elif plan.user is not None:
        plan.nproc = _count_tasks(plan.user["uid"]) + MAX_TASKS
        plan.processes = (True, f"runs as nobody with RLIMIT_NPROC {plan.nproc} (its current tasks + {MAX_TASKS})")
    elif host.root:
        user = nobody()
        # (not when the run's own folder is closed to nobody: it could not even start there)
        if user is not None and unprivileged_user_can_run(python) and not closed_to(user, also)["cover"]:
            plan.user = user
            plan.drop_capabilities = False  # setuid to a non-root uid clears them
            plan.nproc = _count_tasks(user["uid"]) + MAX_TASKS
            plan.processes = (
                True,
                f"runs as nobody with RLIMIT_NPROC {plan.nproc} (its current tasks + {MAX_TASKS})",
            )
        else:
            why = "nobody cannot run this interpreter or reach the run's folder" if user else "there is no user nobody"
            plan.processes = (
                False,
                f"not enforced: root ignores RLIMIT_NPROC, no pids cgroup could be made and {why}",
            )
    elif host.namespaces == "user" and _kernel_version() >= (5, 14):
        # since Linux 5.14 RLIMIT_NPROC counts tasks per user namespace: only the sandbox's
        plan.nproc = MAX_TASKS
        plan.processes = (True, f"RLIMIT_NPROC {MAX_TASKS}, counted inside the sandbox's user namespace")
    else:
        plan.nproc = _count_tasks(os.getuid()) + MAX_TASKS
        plan.processes = (True, f"RLIMIT_NPROC {plan.nproc} (your current tasks + {MAX_TASKS})")
    return plan


def _kernel_version() -> tuple[int, int]:
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return (int(found[1]), int(found[2])) if found else (0, 0)


def masks_for(forbidden: list[Path] | tuple[Path, ...], root: Path) -> list[tuple[str, str]]:
    """(path, "dir" or "file") for each forbidden path that exists: what the harness covers."""
    masks = []
    for raw in forbidden:
        path = Path(os.path.realpath(raw))
        if path == root or path in root.parents:
            raise SandboxError(
                f"The forbidden path {raw} contains the sandbox's temporary folder {root}; "
                "point TMPDIR somewhere else."
            )
        if path.is_dir():
            masks.append((str(path), "dir"))
        elif path.exists():
            masks.append((str(path), "file"))
    return masks


def _count_tasks(uid: int) -> int:
    """Processes and threads of a user, as RLIMIT_NPROC counts them."""
    if not os.path.isdir("/proc/self"):
        try:
            out = subprocess.run(
                ["ps", "-U", str(uid), "-o", "pid="], capture_output=True, text=True, timeout=5
            )
            return len(out.stdout.split())
        except (OSError, subprocess.SubprocessError):
            return 0
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            if int(status["Uid"].split()[0]) == uid:
                count += int(status["Threads"])
        except (OSError, KeyError, ValueError, IndexError):
            continue
    return count
