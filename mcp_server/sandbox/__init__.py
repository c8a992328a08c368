"""Grading sandbox: run a learner's solution against an exercise's tests in a child process.

    run_tests(solution, {"visible": ..., "hidden": ...}, python=...)  -> SandboxResult
    check_interpreter(python, ["torch"])                              -> None or SandboxError

One run:
1. A fresh temporary folder holds `work/` (the solution copied as `exercise.py` beside the
   test files copied as `test_<label>.py`; nothing else from the solution's folder), a copy of
   `harness.py`, an empty mode-000 file used to hide forbidden files, and `output.log`.
2. The learner's interpreter starts the harness with `-I` in a new session with a scrubbed
   environment. Its stdout and stderr go to `output.log`, capped by RLIMIT_FSIZE, so a flood of
   output costs the parent nothing. The configuration, with a random per-run nonce, is written
   to its stdin; results come back on a pipe of their own as JSON lines carrying the nonce.
   Nothing the learner's code prints can change a verdict.
3. Meanwhile this process enforces the wall-clock limit and polls resident memory (cgroup
   members or the child's session via /proc); either limit kills the whole process group.
4. Afterwards every process of the run is killed, the cgroups and the folder are removed (also
   on errors), and each planned test gets a verdict: its own result, or for the test that was
   running when the process ended the cause (time_limit, memory_limit, crashed), and for the
   tests never reached "error" with "not run: ...".

Isolation is planned per host and reported in `SandboxResult.isolated`:
- root with namespaces (Linux): private mount, network and pid namespaces; every mount
  read-only except the work dir; forbidden paths covered by empty unreadable mounts; the
  runner keeps uid 0 but has no capabilities; a pids cgroup bounds processes (root ignores
  RLIMIT_NPROC). The user `nobody` is used only when no pids cgroup can be made and the
  interpreter is usable by it (an interpreter under /root is not).
- non-root Linux: the same namespaces inside a user namespace where the kernel allows one;
  RLIMIT_NPROC bounds processes.
- elsewhere (macOS): rlimits, the wall clock and a memory watchdog only; the result says so.
RLIMIT_AS is never used: it breaks `import torch`, which maps large virtual areas.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import math
import os
import pwd
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from mcp_server.errors import SandboxError
from mcp_server.models import Strict

HARNESS = Path(__file__).with_name("harness.py")
TEMP_PREFIX = "ai-tutor-sandbox-"
MAX_TASKS = 128  # processes and threads (a pids cgroup counts threads too)
MAX_OPEN_FILES = 256
MAX_FILE_BYTES = 32 * 2**20  # output.log and any file the tests write
CGROUP_MEMORY_HEADROOM_MB = 256  # the kernel's hard limit sits above the watchdog's
TAIL_CHARS = 4000
POLL_S = 0.05
THREADS = max(1, min(4, os.cpu_count() or 1))
MIN_PYTHON = (3, 9)
LABEL = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
HOW_TO_SET = (
    "Set `python:` in _data/tutor/learner.yaml to the full path of a Python "
    f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}+ interpreter that has PyTorch installed, "
    "for example `python: /home/you/venvs/torch/bin/python`."
)

Verdict = Literal["passed", "failed", "error", "time_limit", "memory_limit", "crashed"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


class CaseResult(Strict):
    """The verdict of one test function."""

    label: str  # "visible", "hidden", ...
    test: str  # the function's name
    verdict: Verdict
    message: str = ""  # for failed/error: the assertion or exception line; otherwise the cause
    duration_s: float | None = None


class Guard(Strict):
    enforced: bool
    detail: str  # how it was enforced, or why it was not


class Isolation(Strict):
    """What this run enforced, limit by limit."""

    wall_time: Guard
    cpu_time: Guard
    memory: Guard
    processes: Guard
    file_size: Guard
    open_files: Guard
    network: Guard
    filesystem: Guard  # writes outside the work dir
    forbidden_paths: Guard
    parent_death: Guard
    privileges: Guard
    environment: Guard


class SandboxResult(Strict):
    tests: list[CaseResult]
    counts: dict[Verdict, int]
    isolated: Isolation
    python: str  # the interpreter used
    python_version: str
    ended: str  # "completed", "time limit", "memory limit", "exit code 1", "signal SIGSEGV", ...
    wall_s: float
    peak_memory_mb: float
    output_tail: str  # the end of the child's stdout and stderr, for information only

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and all(t.verdict == "passed" for t in self.tests)


# ------------------------------------------------------------------ public API


def check_interpreter(python: str, requires: list[str]) -> None:
    """Raise SandboxError unless `python` runs and can import every module in `requires`."""
    exe = _resolve_python(python)
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
        "print(json.dumps({'version': list(sys.version_info[:3]), 'missing': missing}))\n"
    )
    try:
        done = subprocess.run(
            [exe, "-I", "-c", probe, *requires],
            capture_output=True,
            text=True,
            timeout=60,
            env=_child_env(tempfile.gettempdir()),
            cwd=tempfile.gettempdir(),
        )
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        version, missing = tuple(answer["version"]), list(answer["missing"])
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
            f"exercise needs. Install it there (for example `{exe} -m pip install {' '.join(missing)}`), "
            f"or: {HOW_TO_SET}"
        )


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
    exe = _resolve_python(python)
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

    _sweep_stale()
    started = time.monotonic()
    root = Path(os.path.realpath(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")))
    cgroups: _Cgroups | None = None
    try:
        work = root / "work"
        work.mkdir()
        shutil.copyfile(solution, work / "exercise.py")
        for (_label, module, _names), path in zip(planned, test_files.values(), strict=True):
            shutil.copyfile(path, work / f"{module}.py")
        shutil.copyfile(HARNESS, root / "harness.py")
        (root / "masked").touch(mode=0o000)
        masks = _masks(forbidden_paths, root)

        host = _host()
        cgroups = (
            _Cgroups.create(root.name, MAX_TASKS, memory_mb + CGROUP_MEMORY_HEADROOM_MB)
            if host.linux
            else None
        )
        plan = _plan(host, exe, cgroups)
        if plan.user is not None:
            _hand_over(root, work, plan.user)
        run = _Run(exe, root, work, planned, timeout_s, memory_mb, plan, masks, cgroups)
        run.execute()
        return run.result(masks, forbidden_paths, time.monotonic() - started)
    finally:
        if cgroups is not None:
            cgroups.remove()
        _remove_tree(root)


# ------------------------------------------------------------------ planning


@dataclass(frozen=True)
class _Host:
    linux: bool
    root: bool
    namespaces: str | None  # "root" (plain namespaces), "user" (inside a user namespace) or None
    namespace_problem: str = ""


@dataclass
class _Plan:
    namespaces: str | None
    drop_capabilities: bool
    user: dict | None = None  # {"name", "uid", "gid"} when root switches to an unprivileged user
    nproc: int | None = None
    processes: tuple[bool, str] = (False, "")


@functools.lru_cache(maxsize=1)
def _host() -> _Host:
    """What this machine allows; probed once per process with the harness's own code."""
    linux = sys.platform.startswith("linux")
    root = os.geteuid() == 0
    if not linux:
        return _Host(False, root, None, f"namespaces are Linux-only (this is {sys.platform})")
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", str(HARNESS), "--probe"],
            capture_output=True,
            text=True,
            timeout=30,
            env=_child_env("/"),
            cwd="/",
        )
        answer = json.loads(done.stdout)["namespaces"]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as e:
        answer = f"probe failed: {e}"
    if answer == "ok":
        return _Host(True, root, "root" if root else "user")
    return _Host(True, root, None, answer)


@functools.lru_cache(maxsize=16)
def _unprivileged_user_can_run(python: str) -> bool:
    """Whether `nobody` can start this interpreter (not if it lives under a 0700 /root)."""
    user = _nobody()
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
            env=_child_env("/"),
            cwd="/",
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _nobody() -> dict | None:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return {"name": "nobody", "uid": entry.pw_uid, "gid": entry.pw_gid}


def _plan(host: _Host, python: str, cgroups: _Cgroups | None) -> _Plan:
    plan = _Plan(namespaces=host.namespaces, drop_capabilities=host.namespaces is not None or host.root)
    if cgroups is not None and cgroups.pids:
        plan.processes = (True, f"pids cgroup: at most {MAX_TASKS} processes and threads")
    elif host.root:
        user = _nobody()
        if user is not None and _unprivileged_user_can_run(python):
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


def _masks(forbidden: list[Path] | tuple[Path, ...], root: Path) -> list[tuple[str, str]]:
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


def _hand_over(root: Path, work: Path, user: dict) -> None:
    """Let the unprivileged user reach the harness and own the work dir."""
    os.chmod(root, 0o711)
    os.chmod(root / "harness.py", 0o644)
    for path in [work, *work.iterdir()]:
        os.chown(path, user["uid"], user["gid"])


# ------------------------------------------------------------------ one run


class _Run:
    """One child process: start it, watch it, stop it, and turn its records into verdicts."""

    def __init__(
        self,
        exe: str,
        root: Path,
        work: Path,
        planned: list[tuple[str, str, list[str]]],
        timeout_s: float,
        memory_mb: int,
        plan: _Plan,
        masks: list[tuple[str, str]],
        cgroups: _Cgroups | None,
    ):
        self.exe, self.root, self.work, self.planned = exe, root, work, planned
        self.timeout_s, self.memory_mb, self.plan = timeout_s, memory_mb, plan
        self.masks, self.cgroups = masks, cgroups
        self.nonce = secrets.token_hex(16)
        self.cpu_s = math.ceil(timeout_s) * THREADS + 1
        self.stopped_for: Verdict | None = None  # set when this process kills the run
        self.peak = 0
        self.records: list[dict] = []
        self.returncode: int | None = None
        self.oom_kills = 0

    def execute(self) -> None:
        log = os.open(self.root / "output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        read_end, write_end = os.pipe()
        reader = _Records(read_end, self.nonce)
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
                    env=_child_env(str(self.work)),
                    start_new_session=True,
                )
            except OSError as e:
                raise SandboxError(f"Could not start {self.exe}: {e}. {HOW_TO_SET}") from e
            finally:
                os.close(write_end)
                os.close(log)
            if self.cgroups is not None:
                self.cgroups.add(proc.pid)
            meter = _Meter(proc.pid, self.cgroups)
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
                "cpu_s": self.cpu_s,
                "file_size": MAX_FILE_BYTES,
                "open_files": MAX_OPEN_FILES,
                "processes": self.plan.nproc,
            },
        }

    def _watch(self, proc: subprocess.Popen, reader: _Records, meter: _Meter) -> None:
        deadline = time.monotonic() + self.timeout_s
        limit = self.memory_mb * 2**20
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

    # -------------------------------------------------------------- verdicts

    def result(self, masks, forbidden, wall_s: float) -> SandboxResult:
        setup = next((r for r in self.records if r.get("e") == "setup"), None)
        exit_record = next((r for r in self.records if r.get("e") == "exit"), None)
        finished = any(r.get("e") == "done" for r in self.records)
        tail = _tail(self.root / "output.log")
        if setup is None or "fatal" in setup:
            why = setup.get("fatal") if setup else self._ending(exit_record)
            raise SandboxError(
                f"The sandbox could not start the tests with {self.exe} ({why}). "
                f"Its output ended with: {tail[-600:]!r}. {HOW_TO_SET}"
            )
        facts = setup.get("facts", {}) if isinstance(setup.get("facts"), dict) else {}

        results: dict[tuple[str, str], CaseResult] = {}
        running: tuple[str, str, str] | None = None
        for record in self.records:
            kind = record.get("e")
            if kind == "start":
                running = (str(record.get("label")), str(record.get("test")), str(record.get("phase")))
            elif kind == "end":
                key = (str(record.get("label")), str(record.get("test")))
                verdict = record.get("verdict")
                duration = record.get("duration_s")
                results[key] = CaseResult(
                    label=key[0],
                    test=key[1],
                    verdict=verdict if verdict in VERDICTS else "error",
                    message=str(record.get("message", ""))[:500],
                    duration_s=round(duration, 4) if isinstance(duration, (int, float)) else None,
                )
                if running is not None and running[:2] == key:
                    running = None

        cause_verdict, cause, ending = self._cause(exit_record, finished)
        stopped_at = ""
        tests: list[CaseResult] = []
        for label, _module, names in self.planned:
            for name in names:
                if (label, name) in results:
                    tests.append(results[(label, name)])
                elif running is not None and running[:2] == (label, name):
                    where = "while importing the tests: " if running[2] == "import" else ""
                    tests.append(
                        CaseResult(label=label, test=name, verdict=cause_verdict, message=where + cause)
                    )
                    stopped_at = f" at {label}::{name}"
                elif finished:
                    tests.append(
                        CaseResult(label=label, test=name, verdict="error", message="no result was recorded")
                    )
                else:
                    message = f"not run: the run ended{stopped_at} ({ending})"
                    tests.append(CaseResult(label=label, test=name, verdict="error", message=message))
        counts = {v: sum(t.verdict == v for t in tests) for v in VERDICTS}
        return SandboxResult(
            tests=tests,
            counts=counts,
            isolated=self._isolation(facts, masks, forbidden),
            python=self.exe,
            python_version=str(facts.get("python", "")),
            ended="completed" if finished and self.stopped_for is None else ending,
            wall_s=round(wall_s, 3),
            peak_memory_mb=round(self.peak / 2**20, 1),
            output_tail=tail,
        )

    def _cause(self, exit_record: dict | None, finished: bool) -> tuple[Verdict, str, str]:
        """The verdict and message for the test that was running, and a short name for the ending."""
        if self.stopped_for == "time_limit":
            return (
                "time_limit",
                f"time limit reached: the run took longer than {self.timeout_s:g} s",
                "time limit",
            )
        if self.stopped_for == "memory_limit":
            why = f"memory limit reached: resident memory went over {self.memory_mb} MB"
            return "memory_limit", why, "memory limit"
        if self.oom_kills:
            hard = self.memory_mb + CGROUP_MEMORY_HEADROOM_MB
            why = f"memory limit reached: the kernel stopped the run at its {hard} MB cgroup limit"
            return "memory_limit", why, "memory limit"
        sig = exit_record.get("signal") if exit_record else None
        cpu = exit_record.get("cpu_s", 0) if exit_record else 0
        if sig == signal.SIGXCPU or (
            sig == signal.SIGKILL and isinstance(cpu, (int, float)) and cpu >= self.cpu_s - 0.5
        ):
            return "time_limit", f"CPU time limit reached ({self.cpu_s} s)", "CPU time limit"
        ending = self._ending(exit_record)
        if finished:
            return "error", "no result was recorded", ending
        return "crashed", f"the process ended during this test ({ending})", ending

    def _ending(self, exit_record: dict | None) -> str:
        if self.stopped_for is not None:
            return self.stopped_for.replace("_", " ")
        if self.oom_kills:
            return "memory limit"
        if exit_record is not None:
            if isinstance(exit_record.get("signal"), int):
                return f"signal {_signal_name(exit_record['signal'])}"
            return f"exit code {exit_record.get('code')}"
        if self.returncode is not None and self.returncode < 0:
            return f"signal {_signal_name(-self.returncode)}"
        return f"exit code {self.returncode}"

    def _isolation(self, facts: dict, masks, forbidden) -> Isolation:
        def ok(key: str) -> bool:
            return facts.get(key) == "ok"

        namespaces = self.plan.namespaces is not None
        cg = self.cgroups
        memory_how = (
            f"resident memory watchdog at {self.memory_mb} MB, polling {_Meter.SOURCE} every {POLL_S:g} s"
        )
        if cg is not None and cg.memory:
            memory_how += f"; memory cgroup hard limit at {self.memory_mb + CGROUP_MEMORY_HEADROOM_MB} MB"
        memory = Guard(
            enforced=_Meter.SOURCE != "",
            detail=memory_how if _Meter.SOURCE else "not enforced: no way to read memory use here",
        )

        if namespaces and ok("network"):
            network = Guard(enforced=True, detail="own network namespace with no interface up")
        else:
            network = Guard(
                enforced=False,
                detail="not isolated: " + str(facts.get("network") or _host().namespace_problem),
            )

        if namespaces and ok("filesystem"):
            filesystem = Guard(
                enforced=True, detail="private mount namespace: everything read-only except the work dir"
            )
        elif self.plan.user is not None:
            filesystem = Guard(
                enforced=True, detail="runs as nobody: it may write only where everyone may (such as /tmp)"
            )
        else:
            why = facts.get("filesystem") or _host().namespace_problem
            filesystem = Guard(enforced=False, detail=f"not isolated: writes anywhere this user may ({why})")

        if not forbidden:
            hidden = Guard(enforced=True, detail="none given")
        elif namespaces and ok("filesystem") and ok("masks"):
            shown = ", ".join(p for p, _ in masks) or "none of them exist"
            hidden = Guard(enforced=True, detail=f"covered by empty unreadable mounts: {shown}")
        elif self.plan.user is not None:
            readable = [p for p, _ in masks if _readable_by(self.plan.user, Path(p))]
            hidden = Guard(
                enforced=not readable,
                detail=("readable by nobody: " + ", ".join(readable))
                if readable
                else "unreadable to nobody by their permissions",
            )
        else:
            why = facts.get("masks") or _host().namespace_problem
            hidden = Guard(enforced=False, detail=f"not hidden: the child runs as this user ({why})")

        if ok("parent_death") and namespaces and ok("pid_namespace"):
            parent = Guard(
                enforced=True, detail="PR_SET_PDEATHSIG on the harness; the pid namespace dies with it"
            )
        elif ok("parent_death"):
            parent = Guard(
                enforced=True,
                detail="PR_SET_PDEATHSIG on the harness (processes it forks are killed with the group)",
            )
        elif facts.get("parent_death") == "pipe watch":
            parent = Guard(enforced=True, detail="a thread kills the group when the parent's pipe closes")
        else:
            parent = Guard(enforced=False, detail=str(facts.get("parent_death", "unknown")))

        privileges = str(facts.get("privileges", "unknown"))
        if facts.get("no_new_privs") == "ok":
            privileges += "; no_new_privs"

        def rlimit(key: str, how: str) -> Guard:
            value = facts.get("rlimit_" + key)
            return Guard(enforced=value == "ok", detail=how if value == "ok" else f"not set: {value}")

        processes = Guard(enforced=self.plan.processes[0], detail=self.plan.processes[1])
        if self.plan.nproc is not None and facts.get("rlimit_processes") != "ok":
            processes = Guard(enforced=False, detail=f"RLIMIT_NPROC not set: {facts.get('rlimit_processes')}")
        return Isolation(
            wall_time=Guard(
                enforced=True,
                detail=f"{self.timeout_s:g} s for the whole run, then the process group is killed",
            ),
            cpu_time=rlimit("cpu", f"RLIMIT_CPU {self.cpu_s} s per process"),
            memory=memory,
            processes=processes,
            file_size=rlimit(
                "file_size", f"RLIMIT_FSIZE {MAX_FILE_BYTES // 2**20} MiB for output and every file written"
            ),
            open_files=rlimit("open_files", f"RLIMIT_NOFILE {MAX_OPEN_FILES}"),
            network=network,
            filesystem=filesystem,
            forbidden_paths=hidden,
            parent_death=parent,
            privileges=Guard(
                enforced="without capabilities" in privileges or "nobody" in privileges, detail=privileges
            ),
            environment=Guard(
                enforced=True, detail="scrubbed: PATH, HOME and TMPDIR (the work dir), LANG, thread counts"
            ),
        )


class _Records:
    """Result lines from the harness; lines without this run's nonce are ignored."""

    MAX_LINE = 1 << 16

    def __init__(self, fd: int, nonce: str):
        self.fd, self.nonce = fd, nonce
        self.buffer = b""
        self.items: list[dict] = []
        self.eof = False
        self.finished = False  # the harness reported "done" or how the runner ended

    def read(self) -> None:
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self.eof = True
            return
        *lines, self.buffer = (self.buffer + data).split(b"\n")
        if len(self.buffer) > self.MAX_LINE:
            self.buffer = b""
        for line in lines:
            self._take(line)

    def _take(self, line: bytes) -> None:
        if len(line) > self.MAX_LINE:
            return
        try:
            record = json.loads(line)
        except ValueError:
            return
        if isinstance(record, dict) and record.get("n") == self.nonce:
            self.items.append(record)
            if record.get("e") in ("done", "exit"):
                self.finished = True

    def drain(self, seconds: float) -> None:
        os.set_blocking(self.fd, False)
        deadline = time.monotonic() + seconds
        while not self.eof and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                self.read()


class _Meter:
    """Resident memory of every process of the run (sum of RSS)."""

    SOURCE = "/proc" if os.path.isdir("/proc/self") else ("ps" if shutil.which("ps") else "")
    PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def __init__(self, session: int, cgroups: _Cgroups | None):
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


# ------------------------------------------------------------------ cgroups


class _Cgroups:
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
    def create(cls, name: str, max_tasks: int, memory_mb: int) -> _Cgroups | None:
        made = cls()
        for controller, parent in _cgroup_places(enable=True).items():
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
                    _remove_cgroup(path)
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
                _remove_cgroup(path)

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
            _remove_cgroup(path)


def _cgroup_places(enable: bool = False) -> dict[str, Path]:
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


def _remove_cgroup(path: Path) -> None:
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


# ------------------------------------------------------------------ helpers


def _resolve_python(python: str) -> str:
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


def _test_names(path: Path) -> list[str]:
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


def _child_env(home: str) -> dict[str, str]:
    lang = "C.UTF-8" if sys.platform.startswith("linux") else "en_US.UTF-8"
    threads = str(THREADS)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": lang,
        "LC_ALL": lang,
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }


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


def _readable_by(user: dict, path: Path) -> bool:
    """Whether `user` could open `path` for reading, judged from permission bits."""

    def allows(st: os.stat_result, bit_shift: int) -> bool:  # bit_shift: 2 read, 0 search
        if st.st_uid == user["uid"]:
            return bool(st.st_mode >> 6 & 1 << bit_shift)
        if st.st_gid == user["gid"]:
            return bool(st.st_mode >> 3 & 1 << bit_shift)
        return bool(st.st_mode & 1 << bit_shift)

    try:
        for parent in reversed(path.parents):
            if not allows(parent.stat(), 0):
                return False
        return allows(path.stat(), 2)
    except OSError:
        return False


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - TAIL_CHARS))
            return f.read().decode("utf-8", "replace")[-TAIL_CHARS:]
    except OSError:
        return ""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _remove_tree(path: Path) -> None:
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


def _sweep_stale() -> None:
    """Remove folders and cgroups left by a sandbox whose server was killed outright."""
    for base in [Path(tempfile.gettempdir()), *_cgroup_places().values()]:
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
                _remove_tree(Path(entry.path))
            else:
                _remove_cgroup(Path(entry.path))
