"""publish_post's rules, one table per rule."""

from __future__ import annotations

import pytest
from conftest import make_slots

from mcp_server.domain.postcheck import check_python, check_quotes, code_blocks, links
from mcp_server.errors import PublishRefused

QUOTES = ["Multi-head attention allows the model to jointly attend to information from different representation subspaces at different positions."]
PEOPLE = ["Andrej Karpathy", "Vaswani"]


@pytest.mark.parametrize("md,ok", [
    ("```python\nx = 1\n```", True),
    ("```python\nfor i in range(3):\nprint(i)\n```", False),
    ("```py\ndef f(:\n```", False),
    ("```text\nfor i in heads: concat\n```", True),
    ("1. step\n   ```python\n   y = 2\n   ```", True),
    ("````python\ns = '```'\n````", True),
])
def test_python_blocks_must_parse(md, ok):
    assert (check_python("core_how", md) == []) is ok


def test_a_python_problem_names_the_slot_and_the_line():
    (msg,) = check_python("core_how", "text\n\n```python\nif x\n```")
    assert msg.startswith("slot core_how: the python block at line 3 does not parse")


@pytest.mark.parametrize("md,expected", [
    ("see [paper](https://arxiv.org/abs/1706.03762).", ["https://arxiv.org/abs/1706.03762"]),
    ("bare https://example.com/x, then", ["https://example.com/x"]),
    ("[local](#section) and [rel](posts/x.md)", []),
    ("[js](javascript:alert(1))", ["javascript:alert(1"]),
])
def test_links_are_found_in_markdown(md, expected):
    assert links(md) == expected


@pytest.mark.parametrize("md,refused", [
    ("Karpathy said “attention is the core of every model we build today”.", True),
    ("> “Multi-head attention allows the model to jointly attend to information from different representation subspaces at different positions.”", False),
    ("Vaswani et al.: \"Multi-head attention allows the model to jointly attend to information from different representation subspaces at different positions.\"", False),
    ("Karpathy는 \"에이전트는 앞으로 십 년이 걸릴 것\"이라고 말했다.", True),
    ("이 방식을 흔히 \"scaled dot-product attention\"이라고 부른다.", True),
    ("The term “multi-head” is used loosely.", False),
    ("```python\nprint(\"Karpathy said this is the best model ever made\")\n```", False),
])
def test_quotes_attributed_to_people_must_be_curated(md, refused):
    assert bool(check_quotes("core_who", md, QUOTES, PEOPLE)) is refused


def test_code_blocks_report_language_and_line():
    assert code_blocks("a\n```python\nx=1\n```\n") == [(2, "python", "x=1")]


def test_publish_lists_every_problem_at_once(tutor):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    bad = make_slots(
        intro="",
        core_how="```python\ndef f(:\n```",
        core_who="Karpathy said “this is a sentence he never said at all”. [x](https://evil.example/)",
    )
    with pytest.raises(PublishRefused) as e:
        tutor.publish_post(brief.lesson_id, bad)
    msg = str(e.value)
    assert "slot intro is missing or empty" in msg
    assert "slot core_how: the python block at line 1 does not parse" in msg
    assert "link https://evil.example/ is neither curated nor in the lesson brief" in msg
    assert "is attributed to someone but is not a curated quote" in msg
    assert not tutor.journal.log_path.exists()


def test_a_link_from_the_brief_is_accepted(tutor):
    brief = tutor.plan_lesson("multi-head-attention", 2, "2025-11-10")
    assert "https://arxiv.org/abs/1706.03762" in brief.links
    tutor.publish_post(brief.lesson_id, make_slots(core_who="[논문](https://arxiv.org/abs/1706.03762)을 보세요."))


def test_writer_exercises_need_questions_and_tests_when_none_is_curated(tutor):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    assert brief.exercise is None and "exercise" in brief.slots
    with pytest.raises(PublishRefused, match="write 2–4 questions"):
        tutor.publish_post(brief.lesson_id, make_slots(questions=[], exercise=None))
