"""The grading sandbox, with real processes: hostile or broken solutions get the right verdict
and leave the caller, the machine and the temporary folders as they were.

Solutions and checks live in tests/sandbox_cases/ (see its README). The interpreter is the one
running these tests; the torch tests use the learner's interpreter (tests/_tools.py), and one
test uses a fresh venv without torch.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pytest
from _tools import tool

from mcp_server.errors import SandboxError
from mcp_server.sandbox import SandboxResult, check_interpreter, planning, run_tests, runner
from mcp_server.sandbox.cgroups import Cgroups, cgroup_places
from mcp_server.sandbox.limits import CGROUP_MEMORY_HEADROOM_MB
from mcp_server.sandbox.workspace import TAIL_CHARS, TEMP_PREFIX, sweep_stale

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "sandbox_cases"
PYTHON = sys.executable
ADD_TESTS = {"visible": CASES / "checks_add.py", "hidden": CASES / "checks_add_hidden.py"}
ADD_NAMES = ["test_adds_small_numbers", "test_adds_a_negative_number", "test_adds_large_numbers"]

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and Linux isolation")


def leftovers(pid: int) -> list[str]:
    """Temporary folders and cgroups a sandbox run by process `pid` left behind."""
    mine = f"{TEMP_PREFIX}{pid}-"
    places = [Path(tempfile.gettempdir()), *cgroup_places().values()]
    return [
        str(place / name)
        for place in places
        if place.is_dir()
        for name in os.listdir(place)
        if name.startswith(mine)
    ]


@pytest.fixture(autouse=True)
def nothing_is_left_behind():
    yield
    assert leftovers(os.getpid()) == []


def filled(tmp_path: Path, case: str, **values: object) -> Path:
    """A copy of a solution with its `"__NAME__"` placeholders replaced by Python literals."""
    text = (CASES / case).read_text()
    for name, value in values.items():
        text = text.replace(f'"__{name.upper()}__"', repr(value))
    learner = tmp_path / "learner"
    learner.mkdir(exist_ok=True)
    path = learner / "solution.py"
    path.write_text(text)
    return path


def verdicts(result: SandboxResult) -> dict[str, str]:
    return {t.test: t.verdict for t in result.tests}


def by_name(result: SandboxResult, name: str):
    return next(t for t in result.tests if t.test == name)


def assert_stopped_at_first_test(result: SandboxResult, verdict: str) -> None:
    assert [t.verdict for t in result.tests] == [verdict, "error", "error"]
    for later in result.tests[1:]:
        assert later.message.startswith("not run: the run ended at visible::test_adds_small_numbers")


# ------------------------------------------------------------------ ordinary solutions


def test_a_correct_solution_passes_every_test_and_says_what_was_enforced():
    result = run_tests(CASES / "sol_correct.py", ADD_TESTS, python=PYTHON)

    assert [(t.label, t.test, t.verdict) for t in result.tests] == [
        ("visible", ADD_NAMES[0], "passed"),
        ("visible", ADD_NAMES[1], "passed"),
        ("hidden", ADD_NAMES[2], "passed"),
    ]
    assert result.all_passed and result.ended == "completed"
    assert result.counts == {
        "passed": 3,
        "failed": 0,
        "error": 0,
        "time_limit": 0,
        "memory_limit": 0,
        "crashed": 0,
    }
    assert result.python == PYTHON and result.python_version == ".".join(map(str, sys.version_info[:3]))
    limits = result.isolated
    for guard in (
        limits.wall_time,
        limits.cpu_time,
        limits.memory,
        limits.file_size,
        limits.open_files,
        limits.environment,
    ):
        assert guard.enforced, guard
    if sys.platform.startswith("linux") and os.geteuid() == 0:  # how tests and CI run
        for guard in (
            limits.processes,
            limits.network,
            limits.filesystem,
            limits.parent_death,
            limits.privileges,
            limits.plugin_folder,
            limits.devices,
            limits.unix_sockets,
            limits.grading,
        ):
            assert guard.enforced, guard
        assert limits.privileges.detail.startswith("user nobody")  # even though the server is root


def test_a_wrong_solution_fails_with_the_assertion_message():
    result = run_tests(CASES / "sol_wrong.py", ADD_TESTS, python=PYTHON)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "failed")
    assert by_name(result, ADD_NAMES[0]).message == (
        "AssertionError (at test_visible.py:5: assert add(2, 3) == 5)"
    )
    assert by_name(result, ADD_NAMES[1]).message.startswith(
        "AssertionError: add(-1, 1) should be 0 (at test_visible.py:9"
    )
    assert not result.all_passed


def test_a_solution_that_does_not_parse_gives_every_test_an_error_naming_the_syntax_error(tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text("def add(a, b)\n    return a + b\n")

    result = run_tests(solution, ADD_TESTS, python=PYTHON)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "error")
    assert all("your exercise.py could not be imported: SyntaxError" in t.message for t in result.tests)
    assert all("(exercise.py, line 1)" in t.message for t in result.tests)


def test_the_solution_sees_a_scrubbed_environment_empty_stdin_and_only_its_own_files(monkeypatch):
    monkeypatch.setenv("AI_TUTOR_SECRET_TOKEN", "do-not-leak")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("PYTHONPATH", str(REPO))

    result = run_tests(
        CASES / "sol_environment.py", {"environment": CASES / "checks_environment.py"}, python=PYTHON
    )

    expected = {
        "test_the_environment_is_scrubbed": "passed",
        "test_stdin_is_empty": "passed",
        "test_only_the_solution_is_in_the_work_dir": "passed",  # the tests are not beside it
        "test_the_solution_does_not_run_as_root": "passed",
    }
    assert verdicts(result) == expected, result.tests


# ------------------------------------------------------------------ limits


def sessions_started(monkeypatch) -> list[int]:
    """Pids of the processes started in a session of their own from now on (the harness)."""
    started: list[int] = []

    class Recording(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if kwargs.get("start_new_session"):
                started.append(self.pid)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    return started


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (a zombie waiting for its new parent is not live)."""
    if not os.path.isdir("/proc/self"):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != b"Z":
                members.append(int(entry))
    return members


def test_an_endless_loop_is_stopped_at_the_time_limit_and_its_process_group_is_gone(monkeypatch):
    harness = sessions_started(monkeypatch)

    result = run_tests(CASES / "sol_spin.py", ADD_TESTS, python=PYTHON, timeout_s=3)

    assert_stopped_at_first_test(result, "time_limit")
    assert "longer than 3 s" in result.tests[0].message  # the wall-clock guard, not RLIMIT_CPU
    assert result.ended == "time limit"
    assert len(harness) == 2  # the solution's process and the checker
    assert all(group_members(pid) == [] for pid in harness)


@linux_only
def test_allocating_ten_gigabytes_is_stopped_at_the_memory_limit():
    result = run_tests(CASES / "sol_alloc.py", ADD_TESTS, python=PYTHON, memory_mb=512)

    assert_stopped_at_first_test(result, "memory_limit")
    assert "512 MB" in result.tests[0].message
    assert result.ended == "memory limit"
    assert result.peak_memory_mb < 512 + CGROUP_MEMORY_HEADROOM_MB


def test_a_gigabyte_of_output_is_capped_and_costs_the_caller_nothing():
    peak_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    result = run_tests(CASES / "sol_flood.py", ADD_TESTS, python=PYTHON, timeout_s=30)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "error")
    assert all("File too large" in t.message for t in result.tests)
    assert result.ended == "completed"  # the size cap ended the flood, not the 30 s time limit
    assert 0 < len(result.output_tail) <= TAIL_CHARS
    peak_after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    per_kib = 1024 if sys.platform == "darwin" else 1  # ru_maxrss is in bytes there, KiB on Linux
    assert (peak_after_kb - peak_before_kb) / per_kib < 100 * 1024  # the output never came here


def test_a_fork_bomb_cannot_start_all_its_processes():
    result = run_tests(CASES / "sol_fork_bomb.py", {"visible": CASES / "checks_fork_bomb.py"}, python=PYTHON)

    assert result.isolated.processes.enforced, result.isolated.processes
    assert verdicts(result) == {"test_cannot_start_300_processes": "passed"}, result.tests


# ------------------------------------------------------------------ what the solution may reach


@linux_only
def test_writing_outside_the_work_dir_fails(tmp_path):
    target = tmp_path / "outside.txt"

    result = run_tests(
        filled(tmp_path, "sol_write_outside.py", target=str(target)),
        {"visible": CASES / "checks_attempt.py"},
        python=PYTHON,
    )

    assert verdicts(result) == {"test_attempt": "error"}
    assert any(name in result.tests[0].message for name in ("OSError", "PermissionError", "FileNotFoundError"))
    assert not target.exists()


@linux_only
def test_a_forbidden_journal_cannot_be_read_though_the_same_file_is_readable_otherwise(tmp_path, open_folder):
    journal = open_folder / "journal"
    events = journal / "_data" / "tutor" / "events.jsonl"
    events.parent.mkdir(parents=True)
    events.write_text('{"type": "exercise_run"}\n')
    events.chmod(0o644)  # readable by anyone: only the mask keeps it from the solution
    solution = filled(tmp_path, "sol_read_file.py", target=str(events))
    checks = {"visible": CASES / "checks_attempt.py"}

    hidden = run_tests(solution, checks, python=PYTHON, forbidden_paths=[journal])
    hidden_file = run_tests(solution, checks, python=PYTHON, forbidden_paths=[events])
    visible = run_tests(solution, checks, python=PYTHON)

    for result in (hidden, hidden_file):
        assert verdicts(result) == {"test_attempt": "error"}
        assert "PermissionError" in result.tests[0].message
        assert result.isolated.forbidden_paths.enforced, result.isolated.forbidden_paths
        assert "exercise_run" not in result.output_tail
    assert verdicts(visible) == {"test_attempt": "passed"}
    assert "exercise_run" in visible.output_tail


@linux_only
def test_the_network_cannot_be_reached(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        solution = filled(tmp_path, "sol_network.py", port=server.getsockname()[1])

        result = run_tests(solution, {"visible": CASES / "checks_attempt.py"}, python=PYTHON)

        assert verdicts(result) == {"test_attempt": "error"}
        assert result.isolated.network.enforced
        with pytest.raises(BlockingIOError):
            server.accept()


# ------------------------------------------------------------------ honest verdicts


def test_printing_passed_or_fake_result_lines_does_not_change_verdicts():
    result = run_tests(CASES / "sol_fake_output.py", ADD_TESTS, python=PYTHON)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "failed")
    assert "PASSED" in result.output_tail  # it did print them
    # it also wrote them into every descriptor it had, the reply pipe among them
    assert any("wrote to the channel the grading reads" in d for d in result.detected)


def test_exiting_at_import_leaves_no_test_passed():
    result = run_tests(CASES / "sol_exit_at_import.py", ADD_TESTS, python=PYTHON)

    assert [t.verdict for t in result.tests] == ["error", "error", "error"]
    assert all(
        t.message == "not run: the solution's process ended before visible::test_adds_small_numbers (exit code 0)"
        for t in result.tests
    )
    assert result.ended == "completed"  # the checker finished: it gave every test its verdict


def test_a_conftest_planted_beside_the_solution_is_ignored(tmp_path):
    learner = tmp_path / "learner"
    learner.mkdir()
    solution = learner / "solution.py"
    solution.write_text((CASES / "sol_wrong.py").read_text())
    (learner / "conftest.py").write_text(
        "import pytest\n\n\n"
        "@pytest.hookimpl(hookwrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    outcome = yield\n"
        "    outcome.get_result().outcome = 'passed'\n"
    )
    (learner / "sitecustomize.py").write_text("import builtins\nbuiltins.AssertionError = Exception\n")
    (learner / "test_visible.py").write_text("def test_adds_small_numbers():\n    pass\n")

    result = run_tests(solution, ADD_TESTS, python=PYTHON)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "failed")


def test_patching_builtins_test_frameworks_and_the_harness_keeps_verdicts_honest():
    result = run_tests(CASES / "sol_monkeypatch.py", ADD_TESTS, python=PYTHON)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "failed")
    assert by_name(result, ADD_NAMES[0]).message.startswith("AssertionError")
    assert result.ended == "completed"
    replaced = [d for d in result.detected if d.startswith("your code replaced")]
    assert {d.split()[3].rstrip(";") for d in replaced} == {"builtins.isinstance", "builtins.all", "builtins.len"}


# ------------------------------------------------------------------ the caller's side


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != b"Z"


@linux_only
def test_killing_the_server_kills_the_sandbox_and_everything_it_started():
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mcp_server.sandbox import run_tests\n"
        f"run_tests(Path({str(CASES / 'sol_orphans.py')!r}), {{'visible': Path({str(CASES / 'checks_add.py')!r})}},"
        " python=sys.executable, timeout_s=120)\n"
    )
    server = subprocess.Popen([PYTHON, "-c", script], cwd=REPO)
    survivors: list[int] = []  # ours and alive: safe to kill if the test fails
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the solution has forked and said so
            logs = [
                Path(p) / "output.log"
                for p in leftovers(server.pid)
                if Path(p).parent == Path(tempfile.gettempdir())
            ]
            if any(log.exists() and b"ready" in log.read_bytes() for log in logs):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the sandboxed solution never started")
        started = descendants(server.pid)
        survivors = sorted(started)
        assert len(started) >= 3  # harness, runner, the solution's own child (and init in a pid namespace)

        server.send_signal(signal.SIGKILL)
        server.wait()

        deadline = time.monotonic() + 10
        while survivors and time.monotonic() < deadline:
            time.sleep(0.05)
            survivors = [pid for pid in survivors if running(pid)]
        assert survivors == []
    finally:
        server.kill()
        server.wait()
        for pid in survivors:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    # a server killed outright cannot clean up, so the next run sweeps what it left
    sweep_stale()
    assert leftovers(server.pid) == []


# ------------------------------------------------------------------ torch and interpreters


def test_a_small_torch_solution_runs_within_the_memory_limit(learner_python):
    result = run_tests(CASES / "sol_torch.py", ADD_TESTS, python=learner_python, timeout_s=120)

    assert verdicts(result) == dict.fromkeys(ADD_NAMES, "passed"), result.tests
    if sys.platform.startswith("linux"):
        assert 0 < result.peak_memory_mb < 2048


@linux_only
def test_torch_imports_within_a_small_limit_but_a_huge_tensor_is_stopped(learner_python):
    result = run_tests(CASES / "sol_torch_big.py", ADD_TESTS, python=learner_python, timeout_s=120, memory_mb=768)

    assert_stopped_at_first_test(result, "memory_limit")
    assert result.tests[0].message.startswith("memory limit reached")  # in the call, not at `import torch`


def test_the_learners_interpreter_has_what_exercises_need(learner_python):
    check_interpreter(learner_python, ["torch", "numpy"])


def test_an_interpreter_without_torch_is_refused_with_how_to_fix_it(tmp_path):
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    bare = str(tmp_path / "venv" / "bin" / "python")

    with pytest.raises(SandboxError) as refused:
        check_interpreter(bare, ["torch"])

    message = str(refused.value)
    assert bare in message and "cannot import torch" in message
    # no pip in it: the way that works is uv's pip, pointed at that interpreter
    assert f"`uv pip install --python {bare} torch`" in message and "_data/tutor/learner.yaml" in message
    assert "-m pip" not in message


def test_the_torch_hint_fits_how_the_interpreter_was_made(tmp_path):
    tool("uv", "a uv environment is made with uv (pip install uv)")
    subprocess.run(["uv", "venv", "-q", "--python", PYTHON, str(tmp_path / "uv")], check=True)
    subprocess.run([PYTHON, "-m", "venv", str(tmp_path / "pip")], check=True)  # with pip
    for kind, expected in (("uv", "`uv pip install --python {exe} torch`"), ("pip", "`{exe} -m pip install torch`")):
        exe = str(tmp_path / kind / "bin" / "python")
        with pytest.raises(SandboxError) as refused:
            check_interpreter(exe, ["torch"])
        assert expected.format(exe=exe) in str(refused.value), (kind, str(refused.value))


def test_a_missing_interpreter_is_refused_with_how_to_fix_it(tmp_path):
    missing = str(tmp_path / "no" / "python")
    for attempt in (
        lambda: check_interpreter(missing, ["torch"]),
        lambda: run_tests(CASES / "sol_correct.py", ADD_TESTS, python=missing),
    ):
        with pytest.raises(SandboxError, match="does not exist") as refused:
            attempt()
        assert "python:" in str(refused.value) and "learner.yaml" in str(refused.value)


# ------------------------------------------------------------------ other isolation plans


def escapes(tmp_path: Path, **plan) -> tuple[SandboxResult, Path, int]:
    """Run the escapes (write, read, network, processes, another run's files, planting a module
    for the checker) and return what happened."""
    target = tmp_path / "outside.txt"
    journal = tmp_path / "journal"
    (journal / "_data").mkdir(parents=True)
    (journal / "_data" / "events.jsonl").write_text("secret\n")
    sibling = Path(tempfile.mkdtemp(prefix="ai-tutor-tests-"))  # beside the run's own folder
    sibling.chmod(0o755)
    (sibling / "hidden.py").write_text("another run's tests\n")
    (sibling / "hidden.py").chmod(0o644)
    try:
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            server.setblocking(False)
            solution = filled(
                tmp_path,
                "sol_escapes.py",
                target=str(target),
                journal=str(journal / "_data" / "events.jsonl"),
                port=server.getsockname()[1],
                sibling=str(sibling / "hidden.py"),
            )
            result = run_tests(
                solution, {"escapes": CASES / "checks_escapes.py"}, forbidden_paths=[journal], **plan
            )
            try:
                server.accept()[0].close()
                connections = 1
            except BlockingIOError:
                connections = 0
    finally:
        shutil.rmtree(sibling, ignore_errors=True)
        Path(tempfile.gettempdir(), "planted_helper.py").unlink(missing_ok=True)
        Path("/tmp/planted_helper.py").unlink(missing_ok=True)
    return result, target, connections


@linux_only
def test_every_escape_is_stopped_in_the_default_plan(tmp_path):
    result, target, connections = escapes(tmp_path, python=PYTHON)

    assert set(verdicts(result).values()) == {"passed"}, result.tests
    assert not target.exists() and connections == 0


@linux_only
def test_every_escape_is_stopped_inside_a_user_namespace_as_a_non_root_learner_gets(tmp_path, monkeypatch):
    if planning.host().namespaces is None:
        pytest.skip("this kernel allows no namespaces here")
    monkeypatch.setattr(planning, "host", lambda: planning.Host(linux=True, root=False, namespaces="user"))

    result, target, connections = escapes(tmp_path, python=PYTHON)

    assert set(verdicts(result).values()) == {"passed"}, result.tests
    assert not target.exists() and connections == 0
    assert result.isolated.filesystem.enforced and result.isolated.forbidden_paths.enforced


@linux_only
def test_as_nobody_without_namespaces_or_cgroups_writes_reads_and_processes_are_still_bounded(
    tmp_path, monkeypatch
):
    system_python = "/usr/bin/python3"
    if os.geteuid() != 0 or not os.access(system_python, os.X_OK):
        pytest.skip("needs root and a system python that nobody can run")
    if not planning.unprivileged_user_can_run(system_python):
        pytest.skip("nobody cannot run the system python here")
    monkeypatch.setattr(planning, "host", lambda: planning.Host(True, True, None, "switched off by the test"))
    monkeypatch.setattr(Cgroups, "create", classmethod(lambda cls, *args: None))

    result, target, _connections = escapes(tmp_path, python=system_python)

    assert verdicts(result) == {
        "test_cannot_write_outside_the_work_dir": "passed",
        "test_cannot_read_the_journal": "passed",
        "test_cannot_reach_the_network": "failed",  # no network namespace in this plan...
        "test_cannot_start_300_processes": "passed",
        # a file open to everyone stays readable where no mount namespace hides it (the server
        # keeps no copy of tests there; another run's checks/ is root's and 0700)...
        "test_cannot_read_another_runs_files": "failed",
        "test_the_checker_imports_nothing_the_solution_wrote": "passed",
    }, result.tests
    assert not target.exists()
    limits = result.isolated
    assert limits.grading.enforced and "nobody" in limits.grading.detail, limits.grading
    assert not limits.network.enforced and "not isolated" in limits.network.detail  # ...and it says so
    assert limits.privileges.detail.startswith("user nobody")
    assert limits.processes.enforced and "RLIMIT_NPROC" in limits.processes.detail
    assert limits.forbidden_paths.enforced


AS_LEARNER = """
import json, shutil, socket, sys, tempfile
from pathlib import Path
from mcp_server.sandbox import run_tests

cases = Path(sys.argv[1])
folder = Path(tempfile.mkdtemp())
try:
    target = folder / "outside.txt"
    sibling = folder / "hidden.py"  # in the folder the run's own sits in
    sibling.write_text("another run's tests")
    journal = folder / "journal"
    (journal / "_data").mkdir(parents=True)
    (journal / "_data" / "events.jsonl").write_text("secret")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        text = (cases / "sol_escapes.py").read_text()
        for name, value in [("TARGET", str(target)), ("JOURNAL", str(journal / "_data" / "events.jsonl")),
                            ("PORT", server.getsockname()[1]), ("SIBLING", str(sibling))]:
            text = text.replace(f'"__{name}__"', repr(value))
        (folder / "solution.py").write_text(text)
        result = run_tests(folder / "solution.py", {"escapes": cases / "checks_escapes.py"},
                           python=sys.executable, forbidden_paths=[journal])
    print(json.dumps({"verdicts": {t.test: t.verdict for t in result.tests}, "written": target.exists(),
                      "enforced": {name: guard.enforced for name, guard in result.isolated}}))
finally:
    shutil.rmtree(folder)
"""


@linux_only
def test_as_a_non_root_learner_every_escape_is_stopped_inside_a_user_namespace():
    """The server itself runs as an ordinary user (nobody), as on a learner's machine."""
    user = planning.nobody()
    if os.geteuid() != 0 or user is None:
        pytest.skip("needs root to start the server as nobody")
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    system_python = next(
        (p for p in (f"/usr/bin/{version}", "/usr/bin/python3") if os.access(p, os.X_OK)), None
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{REPO}:{sysconfig.get_paths()['purelib']}"}
    as_nobody = {"user": user["uid"], "group": user["gid"], "extra_groups": [], "env": env, "cwd": "/"}
    if (
        system_python is None
        or subprocess.run(
            [
                system_python,
                "-c",
                f"import sys, mcp_server.sandbox; assert sys.version_info[:2] == {sys.version_info[:2]}",
            ],
            capture_output=True,
            **as_nobody,
        ).returncode
    ):
        pytest.skip("no system python of this version that nobody can run with this venv's packages")

    done = subprocess.run(
        [system_python, "-c", AS_LEARNER, str(CASES)],
        capture_output=True,
        text=True,
        timeout=120,
        **as_nobody,
    )

    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer["verdicts"].values()) == {"passed"}, answer
    assert not answer["written"]
    assert all(answer["enforced"].values()), answer["enforced"]


@linux_only
def test_without_namespaces_as_the_same_user_grading_is_reported_not_enforced(tmp_path, monkeypatch):
    monkeypatch.setattr(planning, "host", lambda: planning.Host(True, False, None, "switched off by the test"))
    monkeypatch.setattr(Cgroups, "create", classmethod(lambda cls, *args: None))

    result = run_tests(filled(tmp_path, "sol_correct.py"), {"visible": CASES / "checks_add.py"}, python=PYTHON)

    assert set(verdicts(result).values()) == {"passed"}
    assert not result.isolated.grading.enforced
    assert "could change the code the checker imports" in result.isolated.grading.detail


@linux_only
def test_an_interpreter_inside_the_plugin_folder_sees_nothing_else_of_it(open_folder, monkeypatch):
    """A venv made in the plugin's folder starts, and the folder's history and solutions stay hidden."""
    system_python = "/usr/bin/python3"
    if planning.host().namespaces is None or not os.access(system_python, os.X_OK):
        pytest.skip("needs namespaces and a system python")
    plugin = open_folder / "plugin"
    (plugin / ".git").mkdir(parents=True)
    (plugin / ".git" / "HEAD").write_text("every solution.py in history\n")
    subprocess.run([system_python, "-m", "venv", "--without-pip", str(plugin / ".venv")], check=True)
    site = next((plugin / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "ai_tutor.pth").write_text(f"{plugin}\n")  # as an editable install of the plugin does
    for path in [plugin, *plugin.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o555 if path.is_dir() else path.stat().st_mode | 0o444)
    monkeypatch.setattr(runner, "PLUGIN", plugin)
    solutions = open_folder / "learner"
    solutions.mkdir()
    (solutions / "solution.py").write_text((CASES / "sol_read_file.py").read_text().replace(
        '"__TARGET__"', repr(str(plugin / ".git" / "HEAD"))))

    result = run_tests(solutions / "solution.py", {"visible": CASES / "checks_attempt.py"},
                       python=str(plugin / ".venv" / "bin" / "python"))

    assert verdicts(result) == {"test_attempt": "error"}, result.tests
    assert "history" not in result.output_tail
    assert result.isolated.plugin_folder.enforced, result.isolated.plugin_folder


@linux_only
def test_without_namespaces_a_run_folder_closed_to_nobody_keeps_its_uid_and_says_processes_are_unbounded(tmp_path):
    system_python = "/usr/bin/python3"
    user = planning.nobody()
    if os.geteuid() != 0 or user is None or not planning.unprivileged_user_can_run(system_python):
        pytest.skip("needs root, the user nobody and a system python nobody can run")
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    assert planning.closed_to(user, (str(closed / "run"),))["cover"], "the folder should be closed to nobody"

    plan = planning.make_plan(planning.Host(True, True, None, "switched off"), system_python, None,
                              also=(str(closed / "run"),))

    assert plan.user is None  # nobody could not even start in the run's folder
    assert plan.processes[0] is False and "not enforced" in plan.processes[1]
