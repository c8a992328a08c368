"""Grading sandbox: run a learner's solution against an exercise's tests in a child process.

    run_tests(solution, {"visible": ..., "hidden": ...}, python=...)  -> SandboxResult
    check_interpreter(python, ["torch"])                              -> None or SandboxError

One run, across three processes:

    server: runner ── stdin: configuration, nonce ──▶ checker: <python> -I -B harness.py
              │    ◀── results pipe: verdicts ───────    holds the tests, runs them
              │                                             │ requests ▲ replies (data only)
              │                                             ▼          │
              │    ── stdin: configuration ─────────▶ solution's process: harness.py
              │    ◀── status pipe: setup, its end ──    imports exercise.py, answers calls
              │       output.log ◀── the solution's stdout, stderr (capped; shown, never parsed)
              └ watches the clock and resident memory; kills both groups; removes the folder

The solution's process never holds the tests or a way to write a verdict: the learner's code
cannot decide its own grade (README, "How grading stays honest").

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
                     rlimits, then serves the solution or runs the test loop.
    wire.py          not imported: values as data between the two sandboxed processes, and the
                     solution's side of the protocol
    remote.py        not imported: the checker's side, the `exercise` module as a stand-in
"""

from .interpreter import check_interpreter
from .results import CaseResult, SandboxResult
from .runner import run_tests

__all__ = ["CaseResult", "SandboxResult", "check_interpreter", "run_tests"]
