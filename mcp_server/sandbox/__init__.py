"""Grading sandbox: run a learner's solution against an exercise's tests in a child process.

    run_tests(solution, {"visible": ..., "hidden": ...}, python=...)  -> SandboxResult
    check_interpreter(python, ["torch"])                              -> None or SandboxError

One run, across two processes:

    server: runner ── stdin: configuration and nonce ──▶ child: <learner's python> -I -B harness.py
              │    ◀── results pipe: JSON lines ─────────      isolates itself, sets the limits,
              │                                                runs each test function
              │       output.log ◀── stdout, stderr (capped; shown, never parsed)
              └ watches the clock and resident memory; kills the group; removes the folder

Layout (each module imports only modules below it):

    runner.py        run_tests: checks the arguments, then one run from start to cleanup
    isolation.py     what the run enforced, limit by limit (SandboxResult.isolated)
    verdicts.py      the harness's records and how the run ended -> one verdict per test
    interpreter.py   finds the learner's Python; check_interpreter
    planning.py      what this host allows (probed once) and the isolation planned for a run
    workspace.py     the run's temporary folder; removing what a killed server left behind
    pipe.py          reads the results pipe, keeping only lines with this run's nonce
    limits.py        the limits' numbers and the resident-memory watchdog
    cgroups.py       a pids and a memory cgroup per run, where they can be made
    environment.py   the scrubbed environment every child starts with
    results.py       SandboxResult, CaseResult, Isolation, Guard: what callers get back

    harness.py       not imported: copied into the run's folder and started by the learner's
                     interpreter (Python 3.9+, standard library only). It makes the namespaces
                     and read-only mounts, hides forbidden paths, drops privileges, sets the
                     rlimits and runs the test loop.
"""

from .interpreter import check_interpreter
from .results import CaseResult, SandboxResult
from .runner import run_tests

__all__ = ["CaseResult", "SandboxResult", "check_interpreter", "run_tests"]
