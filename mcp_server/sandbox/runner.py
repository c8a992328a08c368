"""`run_tests`: one run of a learner's solution against an exercise's tests, start to cleanup.

1. A fresh temporary folder (`workspace`) holds `work/` (the solution copied as `exercise.py`,
   nothing else from the solution's folder), `checks/` (the tests as `test_<label>.py`, root's
   and 0600 in a 0700 folder), the checker's `scratch/`, `lib/` with copies of `harness.py`,
   `wire.py` and `remote.py`, an empty mode-000 file used to hide forbidden files, and the two
   processes' logs.
2. The learner's interpreter starts the harness twice, with `-I` in new sessions with a
   scrubbed environment: the solution's process (cwd `work/`; `checks/`, `scratch/`, the
   journal, the plugin's folder and the other runs hidden) and the checker (cwd `scratch/`,
   reading the tests from `checks/` before it drops privileges). The configuration, with a random
   per-run nonce, is written to each one's stdin. Only the checker's results pipe carries
   verdicts; the solution's process answers the checker's calls on a pipe pair of its own and
   reports on a status pipe how it was set up and how it ended. Its stdout and stderr go to
   `output.log`, capped by RLIMIT_FSIZE. Nothing the learner's code prints or writes can
   change a verdict.
3. Meanwhile this process enforces the wall-clock limit and polls resident memory (cgroup
   members or the process's session via /proc); either limit kills both process groups.
4. Afterwards every process of the run is killed, the cgroups and the folder are removed (also
   on errors), and each planned test gets a verdict (`verdicts`) beside the report of what was
   enforced (`isolation`) and what grading noticed the solution try (`detected`).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import select
import signal
import subprocess
import time
import tokenize
from collections.abc import Mapping
from pathlib import Path

from mcp_server.errors import SandboxError

from . import isolation, planning, verdicts
from .cgroups import Cgroups
from .environment import THREADS, child_env
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
from .workspace import LIB, fill, hand_over, make_root, read_tail, remove_tree, sweep_stale

LABEL = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # it becomes the module name test_<label>
PLUGIN = Path(__file__).resolve().parents[2]


def run_tests(
    solution: Path,
    test_files: Mapping[str, Path | bytes],
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
        planned.append((label, f"test_{label}", _test_names(path)))
    if not planned:
        raise SandboxError("No test files were given.")

    sweep_stale()
    started = time.monotonic()
    root = make_root()
    cgroups: Cgroups | None = None
    try:
        modules = [module for _label, module, _names in planned]
        work, checks, scratch = fill(root, solution, list(zip(modules, test_files.values(), strict=True)))
        forbidden_masks = planning.masks_for(forbidden_paths, root)
        plugin_inside = _interpreter_inside_plugin(exe)
        plugin_masks = [] if plugin_inside else planning.masks_for([PLUGIN], root)
        masks = [*forbidden_masks, *plugin_masks]
        # the tests and the checker's folder and output stay out of the learner's sight
        learner_masks = [*masks, (str(checks), "dir"), (str(scratch), "dir"), (str(root / "checker.log"), "file")]

        host = planning.host()
        cgroups = (
            Cgroups.create(root.name, MAX_TASKS, memory_mb + CGROUP_MEMORY_HEADROOM_MB)
            if host.linux
            else None
        )
        plan = planning.make_plan(host, exe, cgroups, also=(str(root),))
        if plan.user is not None:
            hand_over(work, scratch, plan.user)
        learner_reveal = _learner_reveal(plan, exe, root, plugin_inside)
        run = Run(exe, root, work, checks, scratch, planned, Limits(timeout_s, memory_mb), plan, cgroups)
        run.execute(learner_masks, masks, learner_reveal)
        shown = plugin_masks or [(str(PLUGIN), "dir")]
        return run.result(forbidden_masks, forbidden_paths, shown, time.monotonic() - started)
    finally:
        if cgroups is not None:
            cgroups.remove()
        remove_tree(root)


def _interpreter_inside_plugin(exe: str) -> bool:
    """Whether the learner's interpreter lives in the plugin's folder (a venv made there)."""
    return any(PLUGIN == p or PLUGIN in p.parents for p in (Path(exe).absolute(), Path(exe).resolve()))


def _learner_reveal(plan: planning.Plan, exe: str, root: Path, plugin_inside: bool) -> dict:
    """What the learner's process covers and binds back, beyond the plan's (see harness.reveal).

    The folder holding this run's (the temporary folder) is covered with only this run bound
    back: other runs' checks/, and any copy of tests the server keeps there, are gone. When the
    interpreter lives in the plugin's folder, that whole folder (curated solutions, the server,
    its history) is covered and only the interpreter's own folders come back.
    """
    if plan.namespaces is None:
        return plan.reveal
    covers = list(plan.reveal["cover"])
    if root.parent != Path(root.anchor):
        covers.append(str(root.parent))
    if plugin_inside:
        covers.append(str(PLUGIN))
    covers = planning.outermost(covers)
    wanted = [*planning.interpreter_paths(exe), *plan.reveal["paths"]]
    if plugin_inside:  # not the plugin's folder itself, which an editable install puts on sys.path
        wanted = [p for p in wanted if not (Path(p) == PLUGIN or Path(p) in PLUGIN.parents)]
    paths = planning.outermost(p for p in (*wanted, str(root)) if planning.inside_any(p, covers))
    return {"cover": covers, "paths": paths}


class Run:
    """The two processes of a run: start them, watch them, stop them, turn records into a result.

    The learner's process imports exercise.py and answers requests; the checker holds the tests,
    asks for the learner's functions' results and writes every verdict. Only the checker's
    pipe carries verdicts to this process; the learner's carries its setup and how it ended.
    """

    def __init__(
        self,
        exe: str,
        root: Path,
        work: Path,
        checks: Path,
        scratch: Path,
        planned: list[tuple[str, str, list[str]]],
        limits: Limits,
        plan: planning.Plan,
        cgroups: Cgroups | None,
    ):
        self.exe, self.root, self.work, self.checks, self.planned = exe, root, work, checks, planned
        self.scratch = scratch
        self.limits, self.plan, self.cgroups = limits, plan, cgroups
        self.stopped_for: Verdict | None = None  # set when this process kills the run
        self.peak = 0
        self.records: list[dict] = []  # the checker's
        self.learner_records: list[dict] = []
        self.returncode: int | None = None
        self.oom_kills = 0

    def _start(self, cwd: Path, log_name: str, fds: tuple[int, ...], threads: int = THREADS) -> subprocess.Popen:
        log = os.open(self.root / log_name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            return subprocess.Popen(
                [self.exe, "-I", "-B", str(self.root / LIB / "harness.py")],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                pass_fds=fds,
                cwd=cwd,
                env=child_env(str(cwd), threads),
                start_new_session=True,
            )
        except OSError as e:
            raise SandboxError(f"Could not start {self.exe}: {e}. {HOW_TO_SET}") from e
        finally:
            os.close(log)

    def execute(self, learner_masks: list[tuple[str, str]], checker_masks: list[tuple[str, str]],
                learner_reveal: dict) -> None:  # fmt: skip
        results_r, results_w = os.pipe()  # checker -> here: verdicts
        status_r, status_w = os.pipe()  # learner's process -> here: its setup and its end
        req_r, req_w = os.pipe()  # checker -> learner's process
        rep_r, rep_w = os.pipe()  # learner's process -> checker
        reader, status = Records(results_r, new_nonce()), Records(status_r, new_nonce())
        procs: list[subprocess.Popen] = []
        try:
            try:
                learner = self._start(self.work, "output.log", (req_r, rep_w, status_w))
                procs.append(learner)
                if self.cgroups is not None:
                    self.cgroups.add(learner.pid)
                # one thread: the checker's own work is small, and idle OpenMP threads that spin
                # while it waits for an answer would take the cores the solution computes on
                checker = self._start(self.scratch, "checker.log", (req_w, rep_r, results_w), threads=1)
                procs.append(checker)
            finally:
                for fd in (results_w, status_w, req_r, req_w, rep_r, rep_w):
                    os.close(fd)
            learner_cfg = self._config(learner.pid, status.nonce, status_w, self.work, learner_masks)
            learner_cfg.update(role="learner", req_fd=req_r, rep_fd=rep_w, reveal=learner_reveal)
            checker_cfg = self._config(checker.pid, reader.nonce, results_w, self.scratch, checker_masks)
            checker_cfg.update(
                role="checker", req_fd=req_w, rep_fd=rep_r, tests=self.planned, tests_dir=str(self.checks),
                call_timeout_s=self._call_timeout(), quoted=["test_visible"],
            )  # fmt: skip
            for proc, cfg in ((learner, learner_cfg), (checker, checker_cfg)):
                try:
                    assert proc.stdin is not None
                    proc.stdin.write(json.dumps(cfg).encode() + b"\n")
                    proc.stdin.flush()  # stdin stays open: it closes when this process dies
                except OSError:
                    pass
            self._watch(checker, reader, status, Meter(learner.pid, self.cgroups), Meter(checker.pid, None))
        finally:
            for proc in procs:
                _kill_group(proc.pid)
            if self.cgroups is not None:
                self.cgroups.kill_all()
                self.oom_kills = self.cgroups.oom_kills()
            for proc in procs:
                if proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
                proc.wait()
            if len(procs) == 2:
                self.returncode = procs[1].returncode
            reader.drain(1.0)
            status.drain(0.2)
            os.close(results_r)
            os.close(status_r)
            self.records, self.learner_records = reader.items, status.items

    def _call_timeout(self) -> float:
        """How long the checker waits for one answer: past the run's limit, so that limit decides.

        (A learner's process that stops answering is stopped by the run's wall clock; after that
        no later test could run anyway, so a shorter per-call limit would only cut a long but
        honest call, such as a training loop, short.)
        """
        return self.limits.timeout_s + 10

    def _config(self, pid: int, nonce: str, results_fd: int, work: Path, masks: list[tuple[str, str]]) -> dict:
        return {
            "nonce": nonce,
            "parent_pid": os.getpid(),
            "results_fd": results_fd,
            "work": str(work),
            "root": str(self.root),
            "tests": [],
            "namespaces": self.plan.namespaces,
            "drop_capabilities": self.plan.drop_capabilities,
            "user": self.plan.user,
            "reveal": self.plan.reveal,
            "masks": masks,
            "mask_file": str(self.root / "masked"),
            "limits": {
                "cpu_s": self.limits.cpu_s,
                "file_size": MAX_FILE_BYTES,
                "open_files": MAX_OPEN_FILES,
                "processes": self.plan.nproc,
            },
        }

    def _watch(self, checker: subprocess.Popen, reader: Records, status: Records,
               learner_meter: Meter, checker_meter: Meter) -> None:  # fmt: skip
        deadline = time.monotonic() + self.limits.timeout_s
        limit = self.limits.memory_mb * 2**20
        while True:
            fds = [reader.fd] + ([] if status.eof else [status.fd])
            ready, _, _ = select.select(fds, [], [], POLL_S)
            if reader.fd in ready:
                reader.read()
            if status.fd in ready:
                status.read()
            if reader.finished or reader.eof or _has_exited(checker):
                return
            if time.monotonic() >= deadline:
                self.stopped_for = "time_limit"
                return
            used = learner_meter.resident()
            self.peak = max(self.peak, used)
            if used > limit or checker_meter.resident() > limit:
                self.stopped_for = "memory_limit"
                return

    def result(self, masks, forbidden, plugin_masks, wall_s: float) -> SandboxResult:
        setup = next((r for r in self.records if r.get("e") == "setup"), None)
        learner_setup = next((r for r in self.learner_records if r.get("e") == "setup"), None)
        learner_exit = next((r for r in self.learner_records if r.get("e") == "exit"), None)
        exit_record = next((r for r in self.records if r.get("e") == "exit"), None)
        finished = any(r.get("e") == "done" for r in self.records)
        tail = read_tail(self.root / "output.log")
        ending = verdicts.Ending(self.stopped_for, self.oom_kills, self.returncode)
        for record in (setup, learner_setup):
            if record is not None and "fatal" in record:
                raise SandboxError(
                    f"The sandbox could not start the tests with {self.exe} ({record['fatal']}). {HOW_TO_SET}"
                )
        if setup is None or (learner_setup is None and not self.learner_records and not finished):
            why = verdicts.ending_name(ending, exit_record)
            raise SandboxError(
                f"The sandbox could not start the tests with {self.exe} ({why}). "
                f"Its output ended with: {(tail or read_tail(self.root / 'checker.log'))[-600:]!r}. {HOW_TO_SET}"
            )
        facts = learner_setup.get("facts", {}) if learner_setup and isinstance(learner_setup.get("facts"), dict) else {}

        cause = verdicts.cause(ending, exit_record, finished, self.limits)
        tests = verdicts.per_test(self.records, self.planned, finished, cause)
        tests = verdicts.explain_learner_end(tests, learner_exit, ending, self.limits)
        counts = {v: sum(t.verdict == v for t in tests) for v in VERDICTS}
        detected = [str(r.get("what"))[:300] for r in self.records if r.get("e") == "detected"][:20]
        return SandboxResult(
            tests=tests,
            counts=counts,
            isolated=isolation.report(
                facts, self.plan, self.cgroups, self.limits, masks, forbidden, plugin_masks, python=self.exe
            ),
            python=self.exe,
            python_version=str(facts.get("python", "")),
            ended="completed" if finished and self.stopped_for is None else cause[2],
            wall_s=round(wall_s, 3),
            peak_memory_mb=round(self.peak / 2**20, 1),
            output_tail=tail,
            detected=detected,
        )


def _test_names(given: Path | bytes) -> list[str]:
    """The test file's (or source's) top-level `test*` functions, in order; SandboxError if none.

    Read from tokens, not from `ast.parse`: before 3.11.8 and 3.12.1 the conversion to AST
    objects keeps one recursion counter per interpreter, so two threads parsing at once (runs
    started side by side) fail with a spurious SystemError (CPython gh-106905). `compile`
    reports a syntax error without that conversion.
    """
    path = "<the given source>" if isinstance(given, bytes) else str(given)
    try:
        source = given if isinstance(given, bytes) else Path(given).read_bytes()
        compile(source, path, "exec", dont_inherit=True)
    except OSError as e:
        raise SandboxError(f"The test file {path} cannot be read: {e}") from e
    except SyntaxError as e:
        raise SandboxError(f"The test file {path} does not parse: {e}") from e
    names, depth, before = [], 0, ""
    tokens = tokenize.tokenize(io.BytesIO(source).readline)
    for token in tokens:
        if token.type == tokenize.INDENT:
            depth += 1
        elif token.type == tokenize.DEDENT:
            depth -= 1
        elif token.type == tokenize.NAME:
            if token.string == "def" and depth == 0 and before != "async":  # a plain top-level def
                name = next(tokens).string
                if name.startswith("test"):
                    names.append(name)
            before = token.string
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
