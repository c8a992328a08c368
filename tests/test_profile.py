"""set_profile: learner.yaml written by the server (validated, comments kept, hand edits never
overwritten silently), placement marks turned into `known:` entries, interpreters found."""

from __future__ import annotations

import pytest
import yaml

from mcp_server.domain.placement import PLACEMENT_MAX, PLACEMENT_MIN, Placed, known_from, questions, steps
from mcp_server.domain.planner import Target
from mcp_server.errors import InvalidRequest
from mcp_server.facade import Tutor
from mcp_server.sandbox.discover import FoundPython, find_pythons
from mcp_server.usecases.context import Deps

FOUND = [
    FoundPython("/opt/torch/bin/python", "3.12.1", "2.13.0"),
    FoundPython("/usr/bin/python3", "3.11.2", None),
]


@pytest.fixture
def tutor(journal) -> Tutor:
    return Tutor(journal, deps=Deps(pythons=lambda: FOUND))


def test_a_fresh_journal_reads_as_not_set_up_with_the_setup_facts(tutor):
    a = tutor.set_profile()
    assert a.exists is False and a.written == [] and not tutor.journal.profile_path.exists()
    assert a.setup["pythons"] == ["/opt/torch/bin/python (Python 3.12.1, torch 2.13.0)"]  # only usable ones
    assert any(t.startswith("llm-stack: ") and "(default)" in t for t in a.setup["tracks"])
    assert tutor.plan_lesson().setup is True
    g = tutor.graph()
    assert PLACEMENT_MIN <= len(a.placement) <= PLACEMENT_MAX
    on_path = steps(g, [], None, {})
    for q in a.placement:
        ex = g.exercises[q.id.split("#")[0]].exercise
        assert (ex.concept, ex.depth) == (q.concept, q.depth) and (q.concept, q.depth) in on_path
        assert q.prompt and q.criteria
    assert len({q.id for q in a.placement}) == len(a.placement)


def test_no_python_with_torch_says_how_to_get_one(journal):
    a = Tutor(journal, deps=Deps(pythons=lambda: FOUND[1:])).set_profile()
    assert a.setup["pythons"][-1].startswith(
        "none has PyTorch; to get one: with uv: `uv venv ~/.ai-tutor-py && "
        "uv pip install --python ~/.ai-tutor-py torch`"
    )
    assert "with pip: `python -m pip install torch`" in a.setup["pythons"][-1]


def test_the_interview_answers_are_written_validated_with_a_header(tutor):
    a = tutor.set_profile(
        {
            "language": "en",
            "timezone": "Asia/Seoul",
            "weekly_goal": 4,
            "goals": [{"concept": "transformer", "depth": 2}],
            "python": "/opt/torch/bin/python",
        }
    )
    assert a.exists and a.written == ["language", "timezone", "weekly_goal", "goals", "python"]
    text = tutor.journal.profile_path.read_text()
    assert text.startswith("# Your AI Tutor profile.")
    assert yaml.safe_load(text) == {
        "language": "en",
        "timezone": "Asia/Seoul",
        "weekly_goal": 4,
        "goals": [{"concept": "transformer", "depth": 2}],
        "python": "/opt/torch/bin/python",
    }
    p = tutor.journal.profile()
    assert (p.language, p.timezone, p.weekly_goal, p.goals[0].concept) == (
        "en",
        "Asia/Seoul",
        4,
        "transformer",
    )
    assert tutor.plan_lesson().setup is False
    # the tutor's own file: changed again freely, and the same value again writes nothing
    assert tutor.set_profile({"weekly_goal": 5}).written == ["weekly_goal"]
    assert tutor.set_profile({"weekly_goal": 5}).written == []


HAND = """# my profile — keep this
language: ko   # 한국어로
timezone: UTC

# what I know
known:
  - {concept: backpropagation, depth: 1}
"""


def test_a_hand_edit_keeps_its_comments_and_is_never_overwritten_without_saying_so(tutor):
    path = tutor.journal.profile_path
    path.parent.mkdir(parents=True)
    path.write_text(HAND)
    a = tutor.set_profile({"weekly_goal": 2})  # a key the file does not set: added, the rest kept
    assert a.written == ["weekly_goal"]
    assert path.read_text() == HAND + "weekly_goal: 2\n"
    with pytest.raises(InvalidRequest) as e:
        tutor.set_profile({"timezone": "Asia/Seoul"})
    assert "was edited by hand and sets timezone: UTC; nothing was written" in str(e.value)
    assert "replace: true" in str(e.value)
    assert path.read_text() == HAND + "weekly_goal: 2\n"
    tutor.set_profile({"timezone": "Asia/Seoul"}, replace=True)
    assert path.read_text() == HAND.replace("timezone: UTC", "timezone: Asia/Seoul") + "weekly_goal: 2\n"


def test_a_layout_that_cannot_be_edited_line_by_line_is_refused_with_what_to_set(tutor):
    path = tutor.journal.profile_path
    path.parent.mkdir(parents=True)
    path.write_text("{language: en, timezone: UTC}\n")
    with pytest.raises(InvalidRequest) as e:
        tutor.set_profile({"weekly_goal": 2})
    assert "cannot be changed line by line" in str(e.value) and "Set this by hand: weekly_goal: 2" in str(e.value)
    assert path.read_text() == "{language: en, timezone: UTC}\n"


def test_a_block_list_at_column_0_is_replaced_whole(tutor):
    path = tutor.journal.profile_path
    path.parent.mkdir(parents=True)
    path.write_text("goals:\n- concept: transformer\n  depth: 2\n# the rest is mine\nlanguage: en\n")
    tutor.set_profile({"goals": [{"concept": "causal-masking", "depth": 2}]}, replace=True)
    assert path.read_text() == "goals:\n  - {concept: causal-masking, depth: 2}\n# the rest is mine\nlanguage: en\n"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown timezone 'Mars/Olympus'"),
        (
            {"goals": [{"concept": "no-such-thing", "depth": 2}]},
            "goals[0].concept: unknown concept 'no-such-thing'",
        ),
        ({"track": "knitting"}, "track: unknown track 'knitting'"),
        ({"weekly_goal": 0}, "learner.yaml weekly_goal:"),
        ({"colour": "blue"}, "unknown learner.yaml key(s) colour"),
    ],
)
def test_an_invalid_change_is_refused_and_nothing_is_written(tutor, changes, says):
    tutor.set_profile({"language": "en"})
    before = tutor.journal.profile_path.read_bytes()
    with pytest.raises(InvalidRequest) as e:
        tutor.set_profile(changes)
    assert says in str(e.value) and (
        "nothing was written" in str(e.value)
        or "not written" in str(e.value)
        or "unknown learner.yaml key" in str(e.value)
    )
    assert tutor.journal.profile_path.read_bytes() == before


def test_placement_marks_become_known_entries_by_the_check_rule(tutor):
    tutor.set_profile({"language": "en"})
    qs = tutor.set_profile().placement
    first = qs[0]
    marks = {q.id: [q.concept == first.concept and q.depth == first.depth] * len(q.criteria) for q in qs}
    a = tutor.set_profile(placement=marks)
    assert a.written == ["known"]
    known = {k.concept: k.depth for k in tutor.journal.profile().known}
    assert known == {first.concept: first.depth}
    assert any(
        line.startswith(f"{first.concept} depth {first.depth}: ") and "known at depth" in line
        for line in a.placed
    )
    assert sum("not counted" in line for line in a.placed) == len({(q.concept, q.depth) for q in qs}) - 1
    # what is known is not asked again
    assert all((q.concept, q.depth) != (first.concept, first.depth) for q in a.placement)
    with pytest.raises(InvalidRequest, match="marks for"):
        tutor.set_profile(placement={qs[1].id: [True] * (len(qs[1].criteria) + 1)})
    with pytest.raises(InvalidRequest, match="unknown question id"):
        tutor.set_profile(placement={"nope#1": [True]})


@pytest.mark.parametrize(
    ("results", "known"),
    [
        ([Placed("a", 1, 4, 5, "good"), Placed("a", 2, 5, 5, "easy")], {"a": 2}),
        ([Placed("a", 1, 3, 5, "hard"), Placed("a", 2, 5, 5, "easy")], {}),  # a failed depth 1 blocks depth 2
        ([Placed("a", 2, 4, 5, "good"), Placed("b", 1, 1, 2, "hard")], {"a": 2}),
    ],
)
def test_known_is_the_deepest_passed_depth_with_nothing_below_failing(results, known):
    assert known_from(results) == known


def test_placement_follows_the_goal_s_path(tutor):
    g = tutor.graph()
    goal = Target("causal-masking", 2)
    s = steps(g, [goal], None, {})
    assert s.index(("causal-masking", 2)) > s.index(("scaled-dot-product-attention", 1))
    # the diagnostic spans the goal's path: its first curated step and the goal itself
    asked = [(q.concept, q.depth) for q in questions(g, [goal], None, {}, "en")]
    curated = [x for x in s if any((e.exercise.concept, e.exercise.depth) == x for e in g.exercises.values())]
    assert asked[0] == curated[0] and ("causal-masking", 2) in asked
    assert asked == sorted(asked, key=s.index)  # in path order


@pytest.mark.torch
def test_the_learner_s_python_with_torch_is_found(learner_python, tmp_path):
    found = find_pythons(home=tmp_path)  # TUTOR_PYTHON is the learner's interpreter in torch tests
    assert found and found[0].path == learner_python and found[0].torch
    assert all(f.torch is None for f in found[1:] if f.path != learner_python)
