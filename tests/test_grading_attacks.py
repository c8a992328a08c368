"""Solutions that set out to win: each grades as its honest twin does, and the report says so.

Every attack in `tests/grading_attacks/` is run through the real sandbox against the curated
scaled-dot-product-attention depth-1 exercise, on top of its curated wrong solution
(`wrong_no_sqrt.py`, which honestly passes some tests and fails others). Its honest twin is
the same file with the lines between `# attack:begin` and `# attack:end` replaced by `pass`. The attack may
not turn a single failed test into a pass, the run must end with every test given a verdict,
and the server (this process) must go on to grade the next solution.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import sys
from pathlib import Path

import pytest

from mcp_server.sandbox import SandboxResult, run_tests

pytestmark = [
    pytest.mark.torch,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the isolation under test is Linux's"),
]

REPO = Path(__file__).resolve().parents[1]
EXERCISE = REPO / "knowledge" / "exercises" / "scaled-dot-product-attention-d1"
ATTACKS = Path(__file__).resolve().parent / "grading_attacks"
TESTS = {"visible": EXERCISE / "test_visible.py", "hidden": EXERCISE / "test_hidden.py"}
ATTACK = re.compile(r"^([ \t]*)# attack:begin\n.*?^[ \t]*# attack:end\n", re.S | re.M)


def _solutions(folder: Path, attack: str, **values: str) -> tuple[Path, Path]:
    """The hostile solution and its honest twin, written into `folder`."""
    text = (ATTACKS / attack).read_text()
    for name, value in values.items():
        text = text.replace(f'"__{name.upper()}__"', repr(value))
    assert ATTACK.search(text), f"{attack} marks no attack"
    base = (EXERCISE / "wrong_no_sqrt.py").read_text() + "\n\n"
    hostile, honest = folder / f"hostile_{attack}", folder / f"honest_{attack}"
    hostile.write_text(base + text)
    honest.write_text(base + ATTACK.sub(lambda m: m.group(1) + "pass\n", text))  # a body stays a body
    return hostile, honest


def _grade(solution: Path, python: str) -> SandboxResult:
    return run_tests(solution, TESTS, python=python, timeout_s=120, forbidden_paths=[])


def _verdicts(result: SandboxResult) -> dict[str, str]:
    return {f"{t.label}::{t.test}": t.verdict for t in result.tests}


def _passed(result: SandboxResult) -> set[str]:
    return {f"{t.label}::{t.test}" for t in result.tests if t.verdict == "passed"}


def _hidden_lines() -> list[str]:
    """The hidden tests' own lines worth leaking (assertions and calls), stripped."""
    lines = [line.strip() for line in TESTS["hidden"].read_text().splitlines()]
    return [line for line in lines if len(line) > 25 and not line.startswith(("import", "from", "def", '"""'))]


def _assert_no_hidden_source(result: SandboxResult) -> None:
    shown = "\n".join([result.output_tail, *(t.message for t in result.tests)])
    leaked = [line for line in _hidden_lines() if line in shown]
    assert not leaked, f"hidden test source reached the learner: {leaked[:3]}"


@pytest.fixture(scope="module")
def python(learner_python) -> str:
    return learner_python


@pytest.fixture(scope="module")
def honest_wrong(python) -> SandboxResult:
    """The curated wrong solution as it is: some tests pass, some fail."""
    result = _grade(EXERCISE / "wrong_no_sqrt.py", python)
    assert 0 < result.counts["passed"] < len(result.tests), _verdicts(result)
    return result


@pytest.fixture
def folder(open_folder):
    """Where the hostile solutions are written: a folder anyone may enter, as a learner's is."""
    return open_folder


def _graded(attack: str, folder: Path, python: str, **values: str) -> tuple[SandboxResult, SandboxResult]:
    """(the attack's result, its honest twin's): the attack passes no test its twin fails."""
    hostile, honest = _solutions(folder, attack, **values)
    twin, result = _grade(honest, python), _grade(hostile, python)
    assert [t.test for t in result.tests] == [t.test for t in twin.tests]  # every test got a verdict
    assert _passed(result) <= _passed(twin), f"{attack} passed {_passed(result) - _passed(twin)}"
    assert _passed(result) < {f"{t.label}::{t.test}" for t in result.tests}, "the wrong solution passed everything"
    _assert_no_hidden_source(result)
    return result, twin


def _same_as_honest(attack: str, folder: Path, python: str, **values: str) -> SandboxResult:
    """An attack that leaves its process working: every verdict is its twin's."""
    result, twin = _graded(attack, folder, python, **values)
    assert result.ended == "completed", result.ended
    assert _verdicts(result) == _verdicts(twin), f"{attack}: {_verdicts(result)} != honest {_verdicts(twin)}"
    return result


def test_patching_the_test_library_changes_no_verdict_and_is_reported(folder, python, honest_wrong):
    result = _same_as_honest("patch_test_library.py", folder, python)

    assert result.counts["passed"] < honest_wrong.counts["passed"]  # all zeros: worse than honest
    replaced = " ".join(result.detected)
    for name in ("torch.testing.assert_close", "torch.allclose", "math.isclose"):
        assert name in replaced, result.detected


def test_forging_results_through_gc_and_every_descriptor_changes_no_verdict(folder, python):
    result = _same_as_honest("forge_results.py", folder, python)

    assert any("wrote to the channel the grading reads" in d for d in result.detected), result.detected


def test_claiming_success_and_exiting_mid_test_passes_nothing_more(folder, python, honest_wrong):
    hostile, _honest = _solutions(folder, "forge_and_exit.py")

    result = _grade(hostile, python)

    assert result.counts["passed"] == 0, _verdicts(result)  # it exits in the first call of all
    first = result.tests[0]
    assert first.verdict == "crashed" and "the solution's process ended" in first.message, first
    assert all(t.message.startswith("not run:") for t in result.tests[1:]), result.tests
    assert _grade(EXERCISE / "wrong_no_sqrt.py", python).counts == honest_wrong.counts  # the server grades on


def test_rewriting_the_test_functions_through_frames_and_gc_changes_no_verdict(folder, python):
    _same_as_honest("rewrite_tests.py", folder, python)


def test_the_curated_reference_cannot_be_found_or_copied(folder, python):
    result = _same_as_honest("copy_reference.py", folder, python, plugin=str(REPO))

    assert "copied the reference" not in result.output_tail
    assert result.isolated.plugin_folder.enforced, result.isolated.plugin_folder
    assert (EXERCISE / "solution.py").read_text() not in result.output_tail


def test_the_hidden_tests_source_is_nowhere_the_solution_can_read(folder, python):
    result = _same_as_honest("read_hidden_tests.py", folder, python)

    assert "found" not in result.output_tail.split()


def test_a_tensor_subclass_that_equals_everything_changes_no_verdict(folder, python):
    _same_as_honest("equal_to_everything.py", folder, python)


def test_killing_every_process_it_can_signal_ends_only_itself_and_the_server_grades_on(
    folder, python, honest_wrong
):
    result, twin = _graded("kill_everything.py", folder, python)

    # its third call kills its own process (all it can see); the two before keep their verdicts
    assert [t.verdict for t in result.tests[:2]] == [t.verdict for t in twin.tests[:2]]
    assert result.tests[2].verdict == "crashed", result.tests[2]
    assert all(t.message.startswith("not run:") for t in result.tests[3:]), result.tests
    assert result.ended == "completed"  # the checker outlived it and wrote every verdict
    assert _grade(EXERCISE / "wrong_no_sqrt.py", python).counts == honest_wrong.counts


def test_a_failing_hidden_test_says_what_failed_without_its_code(honest_wrong):
    failed = [t for t in honest_wrong.tests if t.label == "hidden" and t.verdict == "failed"]

    assert failed, _verdicts(honest_wrong)
    for test in failed:
        assert test.message.startswith("AssertionError"), test.message
        assert "test_hidden.py" not in test.message and "(at " not in test.message, test.message
    _assert_no_hidden_source(honest_wrong)


def test_outside_the_work_folder_root_files_unix_sockets_devices_and_processes_are_out_of_reach(folder, python):
    if os.geteuid() != 0:
        pytest.skip("the root-owned file needs root to make")
    secret = folder / "secret.txt"
    secret.write_text("root's eyes only\n")
    secret.chmod(0o600)
    path = folder / "service.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        path.chmod(stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # only the sandbox may stop a connection
        server.listen()
        server.setblocking(False)
        text = (ATTACKS / "reach_outside.py").read_text()
        text = text.replace('"__SECRET__"', repr(str(secret))).replace('"__SOCKET__"', repr(str(path)))
        solution = folder / "reach.py"
        solution.write_text(text)

        result = run_tests(solution, {"reach": ATTACKS / "checks_reach.py"}, python=python)

        with pytest.raises(BlockingIOError):
            server.accept()
    assert {t.test: t.verdict for t in result.tests} == {
        "test_a_root_only_file_outside_is_not_readable": "passed",
        "test_a_unix_socket_outside_cannot_be_reached": "passed",
        "test_only_null_zero_and_urandom_are_devices": "passed",
        "test_only_its_own_processes_are_visible": "passed",
        "test_it_does_not_run_as_root": "passed",
        "test_io_uring_cannot_be_set_up": "passed",
    }, result.tests
    for guard in ("privileges", "devices", "unix_sockets", "plugin_folder", "grading"):
        assert getattr(result.isolated, guard).enforced, getattr(result.isolated, guard)


def test_run_exercise_reports_what_grading_detected_and_logs_the_honest_verdicts(folder, python, monkeypatch):
    from conftest import make_slots

    from mcp_server.facade import Tutor
    from mcp_server.storage.journal import Journal

    monkeypatch.setenv("TUTOR_PYTHON", python)
    root = folder / "journal"
    tutor = Tutor(Journal(root))
    brief = tutor.plan_lesson("scaled-dot-product-attention", 1, "2026-12-03")
    tutor.publish_post(brief.lesson_id, make_slots(questions=[], exercise=None))
    hostile, honest = _solutions(folder, "patch_test_library.py")
    exercise = next(root.rglob("*scaled-dot-product-attention*/exercise.py"))

    exercise.write_text(honest.read_text())
    twin = tutor.run_exercise(brief.lesson_id)
    exercise.write_text(hostile.read_text())
    report = tutor.run_exercise(brief.lesson_id)

    assert (report.passed, report.total) == (twin.passed, twin.total) and report.passed < report.total
    assert any("torch.testing.assert_close" in d for d in report.detected), report.detected
    assert twin.detected == []
    runs = [e for e in tutor.journal.events()[0] if type(e).__name__ == "ExerciseRun"]
    assert [r.passed for r in runs] == [twin.passed, twin.passed]  # the journal holds the honest count
