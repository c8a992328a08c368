"""What this host allows, and the isolation planned for a run on it.

Isolation is planned per host and reported in `SandboxResult.isolated` (see `isolation`):
- root with namespaces (Linux): private mount, network and pid namespaces; every mount
  read-only except the work dir; forbidden paths covered by empty unreadable mounts; the
  runner keeps uid 0 but has no capabilities; a pids cgroup bounds processes (root ignores
  RLIMIT_NPROC). The user `nobody` is used only when no pids cgroup can be made and the
  interpreter is usable by it (an interpreter under /root is not).
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
from dataclasses import dataclass
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


def make_plan(host: Host, python: str, cgroups: Cgroups | None) -> Plan:
    plan = Plan(namespaces=host.namespaces, drop_capabilities=host.namespaces is not None or host.root)
    if cgroups is not None and cgroups.pids:
        plan.processes = (True, f"pids cgroup: at most {MAX_TASKS} processes and threads")
    elif host.root:
        user = nobody()
        if user is not None and unprivileged_user_can_run(python):
            plan.user = user
            plan.drop_capabilities = False  # setuid to a non-root uid clears them
            plan.nproc = _count_tasks(user["uid"]) + MAX_TASKS
            plan.processes = (
                True,
                f"runs as nobody with RLIMIT_NPROC {plan.nproc} (its current tasks + {MAX_TASKS})",
            )
        else:
            why = "nobody cannot run this interpreter" if user else "there is no user nobody"
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
