"""A writer-made exercise is proved at publish the way /check grades it: the real sandbox, the
journal hidden, visible and hidden tests, the starter and every named wrong solution."""

from __future__ import annotations

import pytest
from conftest import HIDDEN_TESTS, STARTER, TESTS, WRONG_SOLUTIONS, make_slots

from mcp_server.errors import PublishRefused

REFERENCE = "def add(a, b):\n    return a + b\n"


def exercise(**over) -> dict:
    base = {"instructions": "add를 완성하세요.", "starter": STARTER, "tests": TESTS, "hidden_tests": HIDDEN_TESTS,
            "wrong_solutions": WRONG_SOLUTIONS, "solution": REFERENCE}
    return base | over


def publish(tutor, **over):
    lid = tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id
    return tutor.publish_post(lid, make_slots(exercise=exercise(**over)))


def test_a_proved_exercise_is_published_with_its_hidden_tests_kept_private(tutor, journal):
    r = publish(tutor)
    post = (journal.root / r.post).read_text(encoding="utf-8")
    assert "test_add_a_negative" not in post and "abs(a)" not in post  # hidden tests and mistakes stay out
    learner_files = [p for p in journal.root.rglob("*") if p.is_file() and "_exercises" in p.parts]
    assert not any("test_add_a_negative" in p.read_text(encoding="utf-8") for p in learner_files)
    (les,) = tutor.ws.load().st.lessons
    # /check runs the hidden tests too: an exercise.py that passes only the visible test fails there
    (journal.root / les.exercise_dir / "exercise.py").write_text(WRONG_SOLUTIONS[1], encoding="utf-8")
    run = tutor.run_exercise(les.id)
    assert run.by_label == {"visible": "1/1", "hidden": "1/2"}  # abs() passes the fractions, not the negative


def test_tests_that_read_the_journal_are_refused(tutor, journal):
    tutor.publish_post(tutor.plan_lesson("transformer", 1, "2025-11-02").lesson_id, make_slots())  # a journal to read
    peek = ("from exercise import add\n\n\ndef test_the_journal_is_there():\n"
            f"    assert open({str(journal.log_path)!r}).read()\n    assert add(1, 1) == 2\n")
    with pytest.raises(PublishRefused, match=r"everything outside the exercise are hidden; it did not: visible test_the_journal_is_there: error PermissionError"):
        publish(tutor, tests=peek)


@pytest.mark.parametrize(("over", "says"), [
    ({"hidden_tests": ""}, r"exercise\.hidden_tests is missing"),
    ({"wrong_solutions": WRONG_SOLUTIONS[:1]}, r"exercise\.wrong_solutions lists 1; give at least 2"),
    ({"wrong_solutions": [*WRONG_SOLUTIONS, "def add(a, b):\n    return b + a\n"]},
     r"exercise\.wrong_solutions\[2\] passes every hidden test"),
    ({"wrong_solutions": [WRONG_SOLUTIONS[0], "  ", ""]},
     r"exercise\.wrong_solutions lists 1 \(and 2 blank\); give at least 2"),
    ({"wrong_solutions": [*WRONG_SOLUTIONS, "def add(a, b)\n    return a - b\n"]},
     r"exercise\.wrong_solutions\[2\] fails no hidden test by an assertion \(test_\w+: error "),
    ({"starter": REFERENCE}, "exercise.starter already passes every test"),
    ({"solution": "def add(a, b):\n    return a + b + (a < 0)\n"}, "must pass exercise.tests and exercise.hidden_tests"),
])
def test_an_exercise_that_does_not_prove_itself_is_refused_with_what_to_fix(tutor, journal, over, says):
    with pytest.raises(PublishRefused, match=says):
        publish(tutor, **over)
    assert not journal.log_path.exists()  # nothing was published
