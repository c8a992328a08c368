"""A pids and a memory cgroup per run, where this process may make them (cgroup v1 or v2).

The pids cgroup bounds processes where RLIMIT_NPROC cannot (root ignores it); the memory
cgroup is a hard limit behind the resident-memory watchdog in `limits`. Without them a run
still happens, and its isolation report says what was enforced instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from pathlib import Path


class Cgroups:
    """A pids and a memory cgroup for one run, where this process may make them (v1 or v2)."""

    def __init__(self) -> None:
        self.places: dict[str, Path] = {}  # controller -> this run's cgroup for it
        self.oom_file: Path | None = None
        self.kill_file: Path | None = None

    @property
    def pids(self) -> bool:
        return "pids" in self.places

    @property
    def memory(self) -> bool:
        return "memory" in self.places

    @property
    def procs_file(self) -> Path | None:
        for path in self.places.values():
            return path / "cgroup.procs"
        return None

    @property
    def dirs(self) -> list[Path]:
        return list(dict.fromkeys(self.places.values()))

    @classmethod
    def create(cls, name: str, max_tasks: int, memory_mb: int) -> Cgroups | None:
        made = cls()
        for controller, parent in cgroup_places(enable=True).items():
            path = parent / name
            try:
                if path not in made.dirs:
                    path.mkdir()
            except OSError:
                continue
            made.places[controller] = path
            try:
                if controller == "pids":
                    (path / "pids.max").write_text(str(max_tasks))
                else:
                    limit = memory_mb * 2**20
                    v2 = (path / "memory.max").exists()
                    (path / ("memory.max" if v2 else "memory.limit_in_bytes")).write_text(str(limit))
                    try:
                        swap = path / ("memory.swap.max" if v2 else "memory.memsw.limit_in_bytes")
                        swap.write_text("0" if v2 else str(limit))
                    except OSError:
                        pass
                    made.oom_file = path / ("memory.events" if v2 else "memory.oom_control")
            except OSError:
                del made.places[controller]
                if path not in made.dirs:
                    remove_cgroup(path)
                continue
            if (path / "cgroup.kill").exists():
                made.kill_file = path / "cgroup.kill"
        return made if made.places else None

    def add(self, pid: int) -> None:
        """Move the child in before it reads its configuration (so before any test code runs)."""
        for path in self.dirs:
            try:
                (path / "cgroup.procs").write_text(str(pid))
            except OSError:
                for controller in [c for c, p in self.places.items() if p == path]:
                    del self.places[controller]
                remove_cgroup(path)

    def members(self) -> list[int]:
        assert self.procs_file is not None
        try:
            return [int(line) for line in self.procs_file.read_text().split()]
        except (OSError, ValueError):
            return []

    def oom_kills(self) -> int:
        if self.oom_file is None:
            return 0
        try:
            for line in self.oom_file.read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def kill_all(self) -> None:
        if self.kill_file is not None:
            with contextlib.suppress(OSError):
                self.kill_file.write_text("1")
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            members = self.members() if self.procs_file is not None else []
            if not members:
                return
            for pid in members:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)

    def remove(self) -> None:
        for path in self.dirs:
            remove_cgroup(path)


def cgroup_places(enable: bool = False) -> dict[str, Path]:
    """controller -> the directory of this process's cgroup for it, where a child may be made.

    With `enable`, a cgroup v2 controller available but not delegated to children is enabled.
    """
    if not os.path.exists("/proc/self/cgroup"):
        return {}
    v1: dict[str, tuple[str, str]] = {}
    v2: tuple[str, str] | None = None
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            tail = fields[fields.index("-") + 1 :]
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            if tail[0] == "cgroup":
                for controller in ("pids", "memory"):
                    if controller in tail[2].split(","):
                        v1[controller] = (fields[3], point)
            elif tail[0] == "cgroup2":
                v2 = (fields[3], point)
    own_v1: dict[str, str] = {}
    own_v2 = None
    with open("/proc/self/cgroup") as f:
        for line in f:
            hierarchy, controllers, path = line.rstrip("\n").split(":", 2)
            if hierarchy == "0":
                own_v2 = path
            for controller in controllers.split(","):
                own_v1[controller] = path

    def place(mount: tuple[str, str], path: str) -> Path | None:
        mount_root, point = mount
        if not path.startswith(mount_root):
            return None
        return Path(point + "/" + path[len(mount_root) :].lstrip("/"))

    places: dict[str, Path] = {}
    for controller in ("pids", "memory"):
        if controller in v1 and controller in own_v1:
            found = place(v1[controller], own_v1[controller])
            if found is not None:
                places[controller] = found
    if v2 is not None and own_v2 is not None and len(places) < 2:
        found = place(v2, own_v2)
        if found is not None:
            try:
                available = (found / "cgroup.controllers").read_text().split()
                enabled = (found / "cgroup.subtree_control").read_text().split()
                for controller in ("pids", "memory"):
                    if controller in places or controller not in available:
                        continue
                    if controller not in enabled:
                        if not enable:
                            continue
                        (found / "cgroup.subtree_control").write_text("+" + controller)
                    places[controller] = found
            except OSError:
                pass
    return places


def remove_cgroup(path: Path) -> None:
    """Remove a cgroup, killing what is still in it (rmdir fails while it has members)."""
    deadline = time.monotonic() + 3
    while True:
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return
            try:
                for pid in (path / "cgroup.procs").read_text().split():
                    os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
