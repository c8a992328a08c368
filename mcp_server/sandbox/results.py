"""What `run_tests` returns: a verdict per test function and what the run enforced."""

from __future__ import annotations

from typing import Literal, get_args

from mcp_server.domain.models import Strict

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
    plugin_folder: Guard  # the curated solutions and the server's code
    devices: Guard
    unix_sockets: Guard
    grading: Guard  # who decides the verdicts
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
    output_tail: str  # the end of the learner's process's stdout and stderr, for information only
    # what grading noticed the solution try (replacing the test library, breaking the protocol)
    detected: list[str] = []

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and all(t.verdict == "passed" for t in self.tests)
