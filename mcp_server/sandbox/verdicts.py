"""From the harness's records and how the run ended to one verdict per planned test.

Every planned test gets a verdict: its own result; for the test that was running when the
process ended, the cause (time_limit, memory_limit, crashed); for the tests never reached,
"error" with "not run: ...".
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

from .limits import CGROUP_MEMORY_HEADROOM_MB, Limits
from .results import VERDICTS, CaseResult, Verdict


@dataclass(frozen=True)
class Ending:
    """How the child ended, as the runner saw it."""

    stopped_for: Verdict | None  # set when the runner killed the run
    oom_kills: int  # how often the memory cgroup's hard limit killed a process
    returncode: int | None


def per_test(
    records: list[dict],
    planned: list[tuple[str, str, list[str]]],
    finished: bool,
    cause: tuple[Verdict, str, str],
) -> list[CaseResult]:
    """The planned tests, in order, each with its verdict; `cause` as `cause()` returns it."""
    results: dict[tuple[str, str], CaseResult] = {}
    running: tuple[str, str, str] | None = None
    for record in records:
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

    cause_verdict, why, ending = cause
    stopped_at = ""
    tests: list[CaseResult] = []
    for label, _module, names in planned:
        for name in names:
            if (label, name) in results:
                tests.append(results[(label, name)])
            elif running is not None and running[:2] == (label, name):
                where = "while importing the tests: " if running[2] == "import" else ""
                tests.append(CaseResult(label=label, test=name, verdict=cause_verdict, message=where + why))
                stopped_at = f" at {label}::{name}"
            elif finished:
                tests.append(
                    CaseResult(label=label, test=name, verdict="error", message="no result was recorded")
                )
            else:
                message = f"not run: the run ended{stopped_at} ({ending})"
                tests.append(CaseResult(label=label, test=name, verdict="error", message=message))
    return tests


def cause(
    ending: Ending, exit_record: dict | None, finished: bool, limits: Limits
) -> tuple[Verdict, str, str]:
    """The verdict and message for the test that was running, and a short name for the ending."""
    if ending.stopped_for == "time_limit":
        return (
            "time_limit",
            f"time limit reached: the run took longer than {limits.timeout_s:g} s",
            "time limit",
        )
    if ending.stopped_for == "memory_limit":
        why = f"memory limit reached: resident memory went over {limits.memory_mb} MB"
        return "memory_limit", why, "memory limit"
    if ending.oom_kills:
        hard = limits.memory_mb + CGROUP_MEMORY_HEADROOM_MB
        why = f"memory limit reached: the kernel stopped the run at its {hard} MB cgroup limit"
        return "memory_limit", why, "memory limit"
    if _past_cpu_limit(exit_record, limits):
        return "time_limit", f"CPU time limit reached ({limits.cpu_s} s)", "CPU time limit"
    name = ending_name(ending, exit_record)
    if finished:
        return "error", "no result was recorded", name
    return "crashed", f"the process ended during this test ({name})", name


def ending_name(ending: Ending, exit_record: dict | None) -> str:
    """A short name for how the run ended: "time limit", "signal SIGSEGV", "exit code 1", ..."""
    if ending.stopped_for is not None:
        return ending.stopped_for.replace("_", " ")
    if ending.oom_kills:
        return "memory limit"
    if exit_record is not None:
        if isinstance(exit_record.get("signal"), int):
            return f"signal {_signal_name(exit_record['signal'])}"
        return f"exit code {exit_record.get('code')}"
    if ending.returncode is not None and ending.returncode < 0:
        return f"signal {_signal_name(-ending.returncode)}"
    return f"exit code {ending.returncode}"


GONE = "the solution's process ended"


def explain_learner_end(
    tests: list[CaseResult], exit_record: dict | None, ending: Ending, limits: Limits
) -> list[CaseResult]:
    """Name why the learner's process ended for the test it ended in (the checker only saw it go).

    Past its CPU limit it is a time limit, killed by the memory cgroup a memory limit;
    otherwise the crash keeps its verdict and says which signal or exit code ended it.
    """
    if exit_record is None and not ending.oom_kills:
        return tests
    how = ending_name(Ending(None, 0, None), exit_record) if exit_record else "memory limit"
    out: list[CaseResult] = []
    for test in tests:
        if GONE not in test.message:
            out.append(test)
        elif test.verdict == "crashed" and _past_cpu_limit(exit_record, limits):
            why = f"CPU time limit reached ({limits.cpu_s} s) in the solution's code"
            out.append(test.model_copy(update={"verdict": "time_limit", "message": why}))
        elif test.verdict == "crashed" and ending.oom_kills:
            hard = limits.memory_mb + CGROUP_MEMORY_HEADROOM_MB
            why = f"memory limit reached: the kernel stopped the solution at its {hard} MB cgroup limit"
            out.append(test.model_copy(update={"verdict": "memory_limit", "message": why}))
        else:  # the crash, or a test not run after it: say how the process ended
            out.append(test.model_copy(update={"message": f"{test.message} ({how})"[:500]}))
    return out


def _past_cpu_limit(exit_record: dict | None, limits: Limits) -> bool:
    """RLIMIT_CPU sends SIGXCPU at its soft limit and SIGKILL at its hard one, a second later."""
    sig = exit_record.get("signal") if exit_record else None
    cpu = exit_record.get("cpu_s", 0) if exit_record else 0
    return sig == signal.SIGXCPU or (
        sig == signal.SIGKILL and isinstance(cpu, (int, float)) and cpu >= limits.cpu_s - 0.5
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)
