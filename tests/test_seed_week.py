"""Replay the reference post's week and check the 2025-11-10 post against hand-computed values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import make_slots

from mcp_server.facade import Tutor

# The lessons the reference post's connections date, 2025-11-03 to 2025-11-07.
SEED_WEEK = [
    ("2025-11-03", "attention-mechanism", 1),
    ("2025-11-04", "transformer", 1),
    ("2025-11-05", "positional-encoding", 1),
    ("2025-11-07", "positional-encoding", 2),
]

# The reference post's section headings, in order (its "에사적 타을라인" typo fixed).
SEED_HEADINGS = [
    "## 🎯 Today's Focus",
    "## 📚 Why This Matters Now",
    "### 📅 과거 학습과의 연결",
    "### 🌍 현재 AI 산업에서",
    "### 🔮 앞으로의 학습 여정",
    "## 🧩 Core Concept Explained",
    "### 🤔 왜 Multi-Head Attention인가?",
    "### ⚙ Multi-Head Attention: 어떻게 작동하는가?",
    "### ⏰ Multi-Head Attention: 언제 사용하는가?",
    "### 👤 누가 만들었고, 왜 만들었는가?",
    "### 🚀 어디로 발전하고 있는가?",
    "## 🔗 Connections to What You Already Know",
    "### 과거 학습과의 연결",
    "## 🎤 Voices from the Field",
    "### 연구자들의 인사이트",
    "### 추천 학습 리소스",
    "## 📖 Historical Context",
    "### 역사적 타임라인",
    "## 🧪 Your Understanding Check",
    "### 🧐 학습 점검",
    "### 💻 코드 실습",
    "## 🚀 Next Steps for You",
    "### 이번 주 (단기)",
    "### 이번 달 (중기)",
    "### 분기 목표 (장기)",
    "## 🌱 Growth Indicators",
    "### 📊 개념별 진행률",
    "### 📈 학습 속도",
    "### 🎖 달성한 마일스톤",
    "### 🎯 다음 마일스톤",
]


def replay_week(tutor: Tutor) -> None:
    for day, concept, depth in SEED_WEEK:
        brief = tutor.plan_lesson(concept, depth, day)
        tutor.publish_post(brief.lesson_id, make_slots())


@pytest.fixture
def seed_post(tutor: Tutor) -> tuple[str, Tutor]:
    replay_week(tutor)
    brief = tutor.plan_lesson("Multi-Head Attention", 2, "2025-11-10")
    assert brief.lesson_id == "2025-11-10-multi-head-attention-d2"
    result = tutor.publish_post(brief.lesson_id, make_slots())
    assert result.post.endswith("_posts/2025-11-10-multi-head-attention.md")
    return Path(result.post).read_text(encoding="utf-8"), tutor


def section(post: str, heading: str) -> str:
    start = post.index(heading + "\n")
    nxt = re.compile(rf"^#{{1,{heading.count('#')}}} ", re.M).search(post, start + len(heading) + 1)
    return post[start : nxt.start() if nxt else len(post)]


def test_the_post_has_every_seed_section_in_the_seed_order(seed_post):
    post, _ = seed_post
    found = [ln for ln in post.splitlines() if re.match(r"^#{2,3} ", ln)]
    assert found == SEED_HEADINGS


def test_front_matter_is_the_seed_front_matter_with_liquid_off(seed_post):
    post, _ = seed_post
    fm = post.split("---\n")[1]
    assert 'title: "Multi-Head Attention"' in fm
    assert 'date: "2025-11-10"' in fm
    assert 'categories: "learning"' in fm
    assert 'layout: "single"' in fm
    assert "render_with_liquid: false" in fm
    # one h1 per post (the theme prints the title): the seed's journey line is the lead, and the
    # excerpt on the home page is the concept's summary rather than that line
    body = post.split("---\n", 2)[2]
    assert body.startswith("_AI Learning Journey - 2025-11-10_\n")
    assert not re.search(r"^# ", body, re.M)
    assert 'excerpt: "나뉜 부분공간에서 여러 attention head를 병렬로 실행한다."' in fm


def test_focus_line_and_the_past_week_come_from_the_log(seed_post):
    post, _ = seed_post
    assert "**Multi-Head Attention** (Depth 2)" in section(post, "## 🎯 Today's Focus")
    past = section(post, "### 📅 과거 학습과의 연결")
    assert [ln for ln in past.splitlines() if ln.startswith("- **")] == [
        "- **Attention Mechanism** (depth 1, 2025-11-03)",
        "- **Transformer** (depth 1, 2025-11-04)",
        "- **Positional Encoding** (depth 1, 2025-11-05)",
        "- **Positional Encoding** (depth 2, 2025-11-07)",
        "- **Multi-Head Attention** (depth 2) - 헤드 분할·병합과 출력 projection을 구현한다.",
    ]


def test_connections_are_the_dated_prerequisite_lessons_with_links_to_their_posts(seed_post):
    post, _ = seed_post
    conn = section(post, "## 🔗 Connections to What You Already Know")
    assert "**2025-11-03** - [Attention Mechanism](/learning/2025/11/03/attention-mechanism.html) (depth 1)" in conn
    assert "**2025-11-07** - [Positional Encoding](/learning/2025/11/07/positional-encoding.html) (depth 2)" in conn
    chain = conn.split("```\n")[1]
    assert chain.splitlines()[0] == "Attention Mechanism (depth 1)"
    assert "Multi-Head Attention (depth 2) ← 오늘" in chain
    assert "← 다음 단계" in chain.splitlines()[-1]


def test_voices_are_curated_with_summaries_and_link_lines(seed_post):
    post, _ = seed_post
    voices = section(post, "## 🎤 Voices from the Field")
    assert "**1. Dario Amodei** (Anthropic)" in voices
    assert "Lex Fridman Podcast #452 (2024-11-11)" in voices
    assert "길이: 5h15m" in voices
    assert "**2. Andrej Karpathy** (Eureka Labs)" in voices
    assert "Dwarkesh Podcast (2025-10-17)" in voices
    assert "길이: 2h25m" in voices
    assert "```bash\n/link 1\n```" in voices and "```bash\n/link 2\n```" in voices
    assert "요약 (원문 인용 아님)" in voices
    assert "possible.fm" not in post  # the seed's invented episode is never shipped
    assert "“" not in voices  # no quote: none is curated for these interviews


def test_timeline_lists_the_curated_papers_in_date_order_with_links(seed_post):
    post, _ = seed_post
    tl = section(post, "### 역사적 타임라인")
    dates = re.findall(r"^\*\*(\d{4}\.\d{2})\*\* - ", tl, re.M)
    assert dates == ["2017.06", "2022.05", "2023.05"]
    assert "[arXiv:1706.03762](https://arxiv.org/abs/1706.03762)" in tl
    assert "[arXiv:2205.14135](https://arxiv.org/abs/2205.14135)" in tl


def test_growth_figures_equal_the_values_computed_by_hand(seed_post):
    post, _ = seed_post
    g = section(post, "## 🌱 Growth Indicators")
    # Only the category studied in: 4 of the 9 Architecture concepts taught, none checked yet.
    cats = re.findall(r"^- \*\*(.+?)\*\*: 완료 (\d+) · depth 1 통과 (\d+) · 진행 중 (\d+) / 전체 (\d+) \((.*)\)$", g, re.M)
    assert cats == [("Architecture", "0", "0", "4", "9",
                     "Attention Mechanism, Positional Encoding, Transformer, Multi-Head Attention")]
    assert "- 아직 시작하지 않은 분류 3개" in g  # training, safety, model: not one line each
    assert "░" not in g and "0%" not in g
    velocity = section(post, "### 📈 학습 속도")
    assert len([ln for ln in velocity.splitlines() if ln.startswith("- **")]) == 5  # a list, not one paragraph
    # Monday 2025-11-10: this ISO week holds only today's lesson; November holds 4 concepts.
    assert "**이번 주**: 1개 개념 (Multi-Head Attention)" in g
    assert "**이번 달**: 4개 개념" in g
    # Nov 4–10: 4 lessons; Oct 28–Nov 3: 1 lesson.
    assert "**추세**: 상승 ↑ (최근 7일 4회, 그 전 7일 1회)" in g
    assert "**주간 학습**: 이번 주 1일 학습 (목표: 주 3회)" in g
    assert "**열어본 자료**: 이번 달 0개, 전체 0개 (`/link`)" in g
    reached = section(post, "### 🎖 달성한 마일스톤")
    assert re.findall(r"^- (.*)$", reached, re.M) == ["🌱 첫 개념 학습", "📚 Depth 2 진입", "🔥 주간 목표 첫 달성"]
    upcoming = section(post, "### 🎯 다음 마일스톤")
    assert re.findall(r"^- \*\*(.*?)\*\* \(현재 (\d+) → (\d+) 더 필요\)$", upcoming, re.M) == [
        ("🏆 5개 개념 학습", "4", "1"),
        ("🎓 첫 개념 완료 (depth 2 마스터)", "0", "1"),
        ("📚 Depth 3 진입", "2", "1"),
        ("🔥 주간 목표 4주 달성", "1", "3"),
        ("✍️ 10회 학습", "5", "5"),
    ]
    assert "**Learning Journey Started**: 2025-11-03" in post
    assert "**Current Depth Level**: Intermediate (Depth 2 - 메커니즘과 응용 이해 중)" in post
    assert "**Sessions Completed**: 5회" in post
    assert "**Next Milestone**: 🏆 5개 개념 학습 (현재 4 → 1 더 필요)" in post


def test_status_agrees_with_the_post(seed_post):
    _, tutor = seed_post
    import datetime as dt

    st = tutor.learner_status(today=dt.date(2025, 11, 10))
    assert (st.sessions, st.concepts_studied, st.concepts_completed, st.level) == (5, 4, 0, 2)
    assert st.this_week == "1/3 study days" and st.trend == "up"
    arch = next(c for c in st.categories if c.title == "Architecture")
    assert (arch.completed, arch.in_progress, arch.total) == (0, 4, 9)


def test_exercise_files_are_written_beside_the_post(seed_post, journal):
    ex = journal.root / "_exercises" / "2025-11-10-multi-head-attention"
    assert (ex / "exercise.py").read_text().startswith("def add(a, b):")
    assert "def test_add" in (ex / "test_exercise.py").read_text()
    answers = (ex / "answers.md").read_text()
    assert "1. 헤드를 나누는 이유는?" in answers and "2. W^O의 역할은?" in answers
    # the reference solution stays out of the learner's exercise folder
    assert not (ex / "solution.py").exists()


def test_the_log_holds_one_event_per_lesson(seed_post, journal):
    events, warnings = journal.events()
    assert warnings == []
    assert [(e.date.isoformat(), e.concept, e.depth) for e in events if e.type == "lesson_published"] == [
        *SEED_WEEK, ("2025-11-10", "multi-head-attention", 2)
    ]


def _seed_learner_checks(tutor: Tutor, journal, mha_passes: bool) -> None:
    """The seed week with the learner's goal (Multi-Head Attention, depth 3), checks on the
    way (Attention Mechanism passed on 11-03), then the 11-10 lesson and its check."""
    from conftest import OutcomeRunner

    from mcp_server.usecases.check import CriterionMark

    journal.profile_path.parent.mkdir(parents=True, exist_ok=True)
    journal.profile_path.write_text("weekly_goal: 5\ngoals:\n  - {concept: multi-head-attention, depth: 3}\n",
                                    encoding="utf-8")
    runner = tutor.ws.deps.runner = OutcomeRunner()

    def at(day: str, hour: int) -> None:
        tutor.ws.deps.clock = lambda: dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")

    def check(lesson_id: str, passes: bool) -> None:
        runner.passes = passes
        tutor.run_exercise(lesson_id)
        shape = [len(q.criteria) for q in tutor.pending_check(lesson_id).questions]
        tutor.record_check(lesson_id, [[CriterionMark(met=passes)] * n for n in shape])

    for day, concept, depth in [*SEED_WEEK, ("2025-11-10", "multi-head-attention", 2)]:
        at(day, 9)
        brief = tutor.plan_lesson(concept, depth, day)
        tutor.publish_post(brief.lesson_id, make_slots())
        if concept == "attention-mechanism" or concept == "multi-head-attention":
            at(day, 20)
            check(brief.lesson_id, passes=mha_passes if concept == "multi-head-attention" else True)


def test_after_the_week_a_passed_check_opens_multi_head_attention_depth_3_this_week(tutor, journal):
    _seed_learner_checks(tutor, journal, mha_passes=True)
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 11, 9, tzinfo=dt.UTC)
    brief = tutor.plan_lesson(date="2025-11-11")
    week = [(s.id, s.depth) for s in [*([brief.next_lesson] if brief.next_lesson else []), *brief.week]]
    assert ("multi-head-attention", 3) in [(brief.concept, brief.depth), *week]
    assert brief.kind != "requested" and brief.reason  # the tutor's own choice, with its real reason


def test_after_the_week_a_failed_check_brings_multi_head_attention_back_within_3_study_days(tutor, journal):
    _seed_learner_checks(tutor, journal, mha_passes=False)
    seen = []
    for day in ("2025-11-11", "2025-11-12", "2025-11-13"):
        tutor.ws.deps.clock = lambda day=day: dt.datetime.fromisoformat(f"{day}T09:00:00+00:00")
        brief = tutor.plan_lesson(date=day)
        seen.append((brief.concept, brief.depth, brief.kind))
        if brief.kind == "remedial":
            assert brief.agenda and "different approach" in " ".join(brief.rules)
            post = tutor.publish_post(brief.lesson_id, make_slots()).post
            assert brief.reason in Path(post).read_text(encoding="utf-8")
            break
        tutor.publish_post(brief.lesson_id, make_slots())
    assert ("multi-head-attention", 2, "remedial") in seen, seen
