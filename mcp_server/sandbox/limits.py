"""The limits of a run and the resident-memory watchdog that enforces the memory one.

The harness sets the rlimits (CPU, file size, open files, processes) from these numbers; the
runner enforces the wall clock and polls resident memory with `Meter`. RLIMIT_AS is never
used: it breaks `import torch`, which maps large virtual areas.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from dataclasses import dataclass

from .cgroups import Cgroups
from .environment import THREADS

MAX_TASKS = 128  # processes and threads (a pids cgroup counts threads too)
MAX_OPEN_FILES = 256
MAX_FILE_BYTES = 32 * 2**20  # output.log and any file the tests write
CGROUP_MEMORY_HEADROOM_MB = 256  # the kernel's hard limit sits above the watchdog's
POLL_S = 0.05


@dataclass(frozen=True)
class Limits:
    """What one run was given."""

    timeout_s: float  # wall clock, for the whole run
    memory_mb: int  # resident memory of all its processes

    @property
    def cpu_s(self) -> int:
        # RLIMIT_CPU adds up a process's threads: THREADS of them may be busy the whole time
        return math.ceil(self.timeout_s) * THREADS + 1


class Meter:
    """Resident memory of every process of the run (sum of RSS)."""

    SOURCE = "/proc" if os.path.isdir("/proc/self") else ("ps" if shutil.which("ps") else "")
    PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def __init__(self, session: int, cgroups: Cgroups | None):
        self.session, self.cgroups = session, cgroups

    def members(self) -> list[int]:
        if self.cgroups is not None and self.cgroups.procs_file is not None:
            return self.cgroups.members()
        pids = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                if len(fields) > 3 and int(fields[3]) == self.session:
                    pids.append(int(entry.name))
        return pids

    def resident(self) -> int:
        if self.SOURCE == "/proc":
            total = 0
            for pid in self.members():
                try:
                    with open(f"/proc/{pid}/statm", "rb") as f:
                        total += int(f.read().split()[1]) * self.PAGE
                except (OSError, IndexError, ValueError):
                    continue
            return total
        if self.SOURCE == "ps":
            try:
                out = subprocess.run(
                    ["ps", "-A", "-o", "pgid=,rss="], capture_output=True, text=True, timeout=5
                ).stdout
            except (OSError, subprocess.SubprocessError):
                return 0
            return sum(
                int(rss) * 1024
                for pgid, rss in (line.split() for line in out.splitlines() if line.strip())
                if int(pgid) == self.session
            )
        return 0
