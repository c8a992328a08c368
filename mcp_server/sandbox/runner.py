"""`run_tests`: one run of a learner's solution against an exercise's tests, start to cleanup.

1. A fresh temporary folder (`workspace`) holds `work/` (the solution copied as `exercise.py`
   beside the test files copied as `test_<label>.py`; nothing else from the solution's
   folder), a copy of `harness.py`, an empty mode-000 file used to hide forbidden files, and
   `output.log`.
2. The learner's interpreter starts the harness with `-I` in a new session with a scrubbed
   environment. Its stdout and stderr go to `output.log`, capped by RLIMIT_FSIZE, so a flood of
   output costs the parent nothing. The configuration, with a random per-run nonce, is written
   to its stdin; results come back on a pipe of their own as JSON lines carrying the nonce
   (`pipe`). Nothing the learner's code prints can change a verdict.
3. Meanwhile this process enforces the wall-clock limit and polls resident memory (cgroup
   members or the child's session via /proc); either limit kills the whole process group.
4. Afterwards every process of the run is killed, the cgroups and the folder are removed (also
   on errors), and each planned test gets a verdict (`verdicts`) beside the report of what was
   enforced (`isolation`).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import select
import signal
import subprocess
import time
from pathlib import Path

from mcp_server.errors import SandboxError

from . import isolation, planning, verdicts
from .cgroups import Cgroups
from .environment import child_env
from .interpreter import HOW_TO_SET, resolve_python
from .limits import (
    CGROUP_MEMORY_HEADROOM_MB,
    MAX_FILE_BYTES,
    MAX_OPEN_FILES,
    MAX_TASKS,
    POLL_S,
    Limits,
    Meter,
)
from .pipe import Records, new_nonce
from .results import VERDICTS, SandboxResult, Verdict
from .workspace import fill, hand_over, make_root, read_tail, remove_tree, sweep_stale

LABEL = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # it becomes the module name test_<label>


def run_tests(
    solution: Path,
    test_files: dict[str, Path],
    *,
    python: str,
    timeout_s: float = 60,
    memory_mb: int = 2048,
    forbidden_paths: list[Path] | tuple[Path, ...] = (),
) -> SandboxResult:
    """Run every `test*` function of `test_files` against `solution`; see the module docstring."""
    if not 0 < timeout_s <= 3600:
        raise SandboxError(f"timeout_s must be in (0, 3600] seconds, not {timeout_s}")
    if not 64 <= memory_mb <= 1 << 20:
        raise SandboxError(f"memory_mb must be between 64 and 1048576, not {memory_mb}")
    exe = resolve_python(python)
    solution = Path(solution)
    if not solution.is_file():
        raise SandboxError(f"The solution file {solution} does not exist.")
    planned: list[tuple[str, str, list[str]]] = []
    for label, path in test_files.items():
        if not LABEL.match(label):
            raise SandboxError(f"Test label {label!r} must be lowercase letters, digits and underscores.")
        planned.append((label, f"test_{label}", _test_names(Path(path))))
    if not planned:
        raise SandboxError("No test files were given.")

    sweep_stale()
    started = time.monotonic()
    root = make_root()
    cgroups: Cgroups | None = None
    try:
        modules = [module for _label, module, _names in planned]
        work = fill(root, solution, list(zip(modules, test_files.values(), strict=True)))
        masks = planning.masks_for(forbidden_paths, root)

        host = planning.host()
        cgroups = (
            Cgroups.create(root.name, MAX_TASKS, memory_mb + CGROUP_MEMORY_HEADROOM_MB)
            if host.linux
            else None
        )
        plan = planning.make_plan(host, exe, cgroups)
        if plan.user is not None:
            hand_over(root, work, plan.user)
        run = Run(exe, root, work, planned, Limits(timeout_s, memory_mb), plan, masks, cgroups)
        run.execute()
        return run.result(masks, forbidden_paths, time.monotonic() - started)
    finally:
        if cgroups is not None:
            cgroups.remove()
        remove_tree(root)


class Run:
    """One child process: start it, watch it, stop it, and turn its records into a result."""

    def __init__(
        self,
        exe: str,
        root: Path,
        work: Path,
        planned: list[tuple[str, str, list[str]]],
        limits: Limits,
        plan: planning.Plan,
        masks: list[tuple[str, str]],
        cgroups: Cgroups | None,
    ):
        self.exe, self.root, self.work, self.planned = exe, root, work, planned
        self.limits, self.plan = limits, plan
        self.masks, self.cgroups = masks, cgroups
        self.nonce = new_nonce()
        self.stopped_for: Verdict | None = None  # set when this process kills the run
        self.peak = 0
        self.records: list[dict] = []
        self.returncode: int | None = None
        self.oom_kills = 0

    def execute(self) -> None:
        log = os.open(self.root / "output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        read_end, write_end = os.pipe()
        reader = Records(read_end, self.nonce)
        proc = None
        try:
            try:
                proc = subprocess.Popen(
                    [self.exe, "-I", "-B", str(self.root / "harness.py")],
                    stdin=subprocess.PIPE,
                    stdout=log,
                    stderr=log,
                    pass_fds=(write_end,),
                    cwd=self.work,
                    env=child_env(str(self.work)),
                    start_new_session=True,
                )
            except OSError as e:
                raise SandboxError(f"Could not start {self.exe}: {e}. {HOW_TO_SET}") from e
            finally:
                os.close(write_end)
                os.close(log)
            if self.cgroups is not None:
                self.cgroups.add(proc.pid)
            meter = Meter(proc.pid, self.cgroups)
            config = self._config(proc.pid, write_end)
            try:
                assert proc.stdin is not None
                proc.stdin.write(json.dumps(config).encode() + b"\n")
                proc.stdin.flush()  # stdin stays open: it closes when this process dies
            except OSError:
                pass
            self._watch(proc, reader, meter)
        finally:
            if proc is not None:
                _kill_group(proc.pid)
                if self.cgroups is not None:
                    self.cgroups.kill_all()
                    self.oom_kills = self.cgroups.oom_kills()
                if proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
                proc.wait()
                self.returncode = proc.returncode
                reader.drain(1.0)
            os.close(read_end)
            self.records = reader.items

    def _config(self, pid: int, results_fd: int) -> dict:
        return {
            "nonce": self.nonce,
            "parent_pid": os.getpid(),
            "results_fd": results_fd,
            "work": str(self.work),
            "tests": self.planned,
            "namespaces": self.plan.namespaces,
            "drop_capabilities": self.plan.drop_capabilities,
            "user": self.plan.user,
            "masks": self.masks,
            "mask_file": str(self.root / "masked"),
            "limits": {
                "cpu_s": self.limits.cpu_s,
                "file_size": MAX_FILE_BYTES,
                "open_files": MAX_OPEN_FILES,
                "processes": self.plan.nproc,
            },
        }

    def _watch(self, proc: subprocess.Popen, reader: Records, meter: Meter) -> None:
        deadline = time.monotonic() + self.limits.timeout_s
        limit = self.limits.memory_mb * 2**20
        while True:
            ready, _, _ = select.select([reader.fd], [], [], POLL_S)
            if ready:
                reader.read()
            if reader.finished or reader.eof or _has_exited(proc):
                return
            if time.monotonic() >= deadline:
                self.stopped_for = "time_limit"
                return
            used = meter.resident()
            self.peak = max(self.peak, used)
            if used > limit:
                self.stopped_for = "memory_limit"
                return

    def result(self, masks, forbidden, wall_s: float) -> SandboxResult:
        setup = next((r for r in self.records if r.get("e") == "setup"), None)
        exit_record = next((r for r in self.records if r.get("e") == "exit"), None)
        finished = any(r.get("e") == "done" for r in self.records)
        tail = read_tail(self.root / "output.log")
        ending = verdicts.Ending(self.stopped_for, self.oom_kills, self.returncode)
        if setup is None or "fatal" in setup:
            why = setup.get("fatal") if setup else verdicts.ending_name(ending, exit_record)
            raise SandboxError(
                f"The sandbox could not start the tests with {self.exe} ({why}). "
                f"Its output ended with: {tail[-600:]!r}. {HOW_TO_SET}"
            )
        facts = setup.get("facts", {}) if isinstance(setup.get("facts"), dict) else {}

        cause = verdicts.cause(ending, exit_record, finished, self.limits)
        tests = verdicts.per_test(self.records, self.planned, finished, cause)
        counts = {v: sum(t.verdict == v for t in tests) for v in VERDICTS}
        return SandboxResult(
            tests=tests,
            counts=counts,
            isolated=isolation.report(facts, self.plan, self.cgroups, self.limits, masks, forbidden),
            python=self.exe,
            python_version=str(facts.get("python", "")),
            ended="completed" if finished and self.stopped_for is None else cause[2],
            wall_s=round(wall_s, 3),
            peak_memory_mb=round(self.peak / 2**20, 1),
            output_tail=tail,
        )


def _test_names(path: Path) -> list[str]:
    """The test file's top-level `test*` functions, in order, each once; SandboxError if none."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except OSError as e:
        raise SandboxError(f"The test file {path} cannot be read: {e}") from e
    except SyntaxError as e:
        raise SandboxError(f"The test file {path} does not parse: {e}") from e
    names = [
        node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    ]
    if not names:
        raise SandboxError(f"The test file {path} defines no test functions.")
    return list(dict.fromkeys(names))


def _has_exited(proc: subprocess.Popen) -> bool:
    """Whether the child has ended, without reaping it where possible (its pid names the group)."""
    if not hasattr(os, "waitid"):
        return proc.poll() is not None
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
