"""What crosses between the checker and the solution's process, through the real sandbox.

The checker's random stream is its own, an update through `.data` still crosses, a
solution's StopIteration cannot end a test's loop quietly, an object cannot pass for a torch
class other than a module, and a message nested past the stack is a protocol error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mcp_server.sandbox import run_tests
from mcp_server.sandbox.wire import LineReader, ProtocolError

CASES = Path(__file__).resolve().parent / "wire_cases"


@pytest.mark.torch
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox under test is Linux's")
def test_values_cross_as_one_process_would_see_them_but_the_solution_steers_nothing(open_folder, learner_python):
    solution = open_folder / "solution.py"
    solution.write_text((CASES / "sol_wire.py").read_text())

    result = run_tests(solution, {"wire": CASES / "checks_wire.py"}, python=learner_python, timeout_s=120)

    assert {t.test: t.verdict for t in result.tests} == {
        "test_the_solution_does_not_choose_the_tests_random_numbers": "passed",
        "test_seeding_in_a_test_reaches_the_solution_and_its_own_draws_go_on": "passed",
        "test_an_update_through_data_reaches_the_test": "passed",
        "test_stop_iteration_from_the_solution_does_not_end_a_loop_quietly": "passed",
        "test_an_object_named_like_a_tensor_is_not_one_here": "passed",
    }, result.tests


def test_a_message_nested_deeper_than_the_stack_is_a_protocol_error():
    r, w = os.pipe()
    try:
        os.write(w, b"[" * 30_000 + b"]" * 30_000 + b"\n")  # within one pipe buffer
        with pytest.raises(ProtocolError):
            LineReader(r).read(5)
    finally:
        os.close(r)
        os.close(w)
