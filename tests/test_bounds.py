"""Whatever arrives in a slot, publish_post answers promptly: oversized text is refused by
its size before anything reads it, and the scans that do read it are linear (the timings
are in benchmarks/bench_bounds.py, not here)."""

from __future__ import annotations

import re

import pytest
from conftest import make_slots
from pydantic import ValidationError

from mcp_server.domain.models import REQUEST_MAX, SLOT_MAX, Slots
from mcp_server.domain.postcheck import check_quotes, links, md_links, quoted_spans
from mcp_server.errors import PublishRefused

# the regexes the scanners replace: the scanners must agree with them
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
QUOTED = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]|「([^」\n]{6,}?)」|『([^』\n]{6,}?)』")

ADVERSARIAL = ["](", "[", "(", "「", "\"", "](<", "] ("]


@pytest.mark.parametrize("md", [
    "[a](https://a.b/c) [b]( <https://x.y> ) [c](https://q.r \"title\") [d](https://s.t \"x) e\") ",
    "[x](<) [y](<>) [z](a>) [w](a \"b\" ) [v](a \"b) [u](a\n)",
    "](](https://a.b)](c d) ]( a ) ](a\"b\")",
])
def test_the_link_scanner_agrees_with_the_regex(md):
    assert md_links(md) == [m.group(1) for m in MD_LINK.finditer(md)]


@pytest.mark.parametrize("text", [
    "he said \"this is a long enough quote\" and “another long enough one” too",
    "「짧다」 「충분히 긴 인용입니다」 『이것도 충분히 길다』 「「「열린 괄호 여럿」",
    "\"short\" \"unclosed quotation here ... \n\" “mixed closers are fine here\"",
])
def test_the_quote_scanner_agrees_with_the_regex(text):
    assert quoted_spans(text) == [next(x for x in m.groups() if x) for m in QUOTED.finditer(text)]


@pytest.mark.parametrize("unit", ["](", "[", "(", "「"])
def test_the_scans_finish_on_a_megabyte_of_one_pattern(unit):
    md = unit * (1_000_000 // len(unit))
    assert links(md) == []
    check_quotes("intro", md, [], ["Vaswani"])


@pytest.mark.parametrize("size", [32 * 1024, 10 * 1024 * 1024])
@pytest.mark.parametrize("unit", ["](", "[", "("])
def test_an_oversized_slot_is_refused_by_its_size(size, unit):
    with pytest.raises(ValidationError) as e:
        make_slots(core_why=unit * (size // len(unit)))
    assert f"slot core_why is {size:,} characters; the limit is {SLOT_MAX:,}" in str(e.value)


def test_the_whole_request_has_a_limit():
    big = "x" * (SLOT_MAX - 1)
    with pytest.raises(ValidationError, match=f"the slots are .* characters in all; the limit is {REQUEST_MAX:,}"):
        make_slots(**{n: big for n in ("intro", "why_now", "core_why", "core_when", "core_who", "core_where")},
                   exercise={"instructions": big, "starter": "x" * 49_000, "tests": "x" * 49_000,
                             "solution": "x" * 49_000})


def test_questions_and_code_have_limits():
    with pytest.raises(ValidationError, match=r"questions\[0\]\.prompt is 4,001 characters; the limit is 4,000"):
        make_slots(questions=[{"prompt": "q" * 4001, "criteria": ["c"]}])
    with pytest.raises(ValidationError, match=r"exercise\.tests is 50,001 characters; the limit is 50,000"):
        make_slots(exercise={"tests": "t" * 50_001})
    with pytest.raises(ValidationError, match="13 questions; the limit is 12"):
        make_slots(questions=[{"prompt": "q", "criteria": ["c"]}] * 13)


@pytest.mark.parametrize("unit", ["](", "[", "("])
def test_publish_post_answers_an_adversarial_slot_under_the_limit(tutor, unit):
    brief = tutor.plan_lesson("multi-head-attention", 1, "2025-11-10")
    slots = make_slots(core_when=unit * ((SLOT_MAX - 8) // len(unit)))
    try:
        tutor.publish_post(brief.lesson_id, slots)
    except PublishRefused as e:  # refused for what it says, never for its shape
        assert all("core_when" in p or "core_" not in p for p in e.problems)


@pytest.mark.parametrize("size", [32 * 1024, 10 * 1024 * 1024])
def test_publish_post_refuses_an_oversized_slot_that_skipped_validation(tutor, size):
    """A Slots built without validation (model_construct) is still refused by size first."""
    brief = tutor.plan_lesson("multi-head-attention", 1, "2025-11-10")
    slots = Slots.model_construct(**{**make_slots().__dict__, "core_how": "](" * (size // 2)})
    with pytest.raises(PublishRefused) as e:
        tutor.publish_post(brief.lesson_id, slots)
    assert e.value.problems[-1] == f"slot core_how is {size:,} characters; the limit is {SLOT_MAX:,} — shorten it"
    assert len(e.value.problems) == (1 if size < REQUEST_MAX else 2)  # nothing else was checked
