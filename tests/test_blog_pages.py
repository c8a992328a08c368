"""The blog's pieces without Jekyll: moving an old journal's exercise folders out of the
published site, the pages regenerated after a check, the map's size on a big track, and
the small wording fixes."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import OutcomeRunner, make_slots
from test_seed_week import replay_week

from mcp_server.domain import pages as pg
from mcp_server.domain.graph import Graph
from mcp_server.domain.learner import LearnerState
from mcp_server.domain.models import Category, Concept, Text
from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.knowledge import load_knowledge
from mcp_server.usecases.check import CriterionMark


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_an_old_journals_exercise_folders_are_moved_once_and_nothing_is_lost(tutor, journal, seed_world):
    replay_week(tutor)
    root = journal.root
    # the journal as the tutor wrote it before _exercises/: folders and log paths under exercises/
    (root / "_exercises").rename(root / "exercises")
    log = journal.log_path.read_text(encoding="utf-8")
    assert '"_exercises/' in log
    journal.log_path.write_text(log.replace('"_exercises/', '"exercises/'), encoding="utf-8")
    answers = root / "exercises" / "2025-11-07-positional-encoding" / "answers.md"
    answers.write_text(answers.read_text(encoding="utf-8") + "내 답: 사인과 코사인\n", encoding="utf-8")
    (root / "exercises" / "my-notes.md").write_text("the learner's own file\n", encoding="utf-8")
    before = _tree(root / "exercises")

    t = Tutor(Journal(root), curated=load_knowledge(seed_world))
    st = t.learner_status(today=dt.date(2025, 11, 7))
    assert st.sessions == 4
    moved = {k: v for k, v in before.items() if k != "my-notes.md"}
    assert _tree(root / "_exercises") == moved  # every file, byte for byte
    assert _tree(root / "exercises") == {"my-notes.md": before["my-notes.md"]}  # not the tutor's: stays
    pending = t.pending_check()
    assert pending.answers_file == "_exercises/2025-11-07-positional-encoding/answers.md"
    assert "내 답: 사인과 코사인" in pending.answers
    # the moved files are still the tutor's own: a republish updates them, and keeps the edited answers
    brief = t.plan_lesson("positional-encoding", 2, "2025-11-07")
    r = t.publish_post(brief.lesson_id, make_slots(intro="다시 씁니다."))
    assert r.kept == ["_exercises/2025-11-07-positional-encoding/answers.md"]
    assert "_exercises/2025-11-07-positional-encoding/exercise.py" in r.written
    # once: a second start finds nothing to move
    assert Journal(root).migrate() == []


def test_a_check_regenerates_the_pages_and_a_page_the_learner_edited_is_kept(tutor, journal):
    tutor.ws.deps.runner = OutcomeRunner(passes=True)
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 3, 9, tzinfo=dt.UTC)
    brief = tutor.plan_lesson("attention-mechanism", 1, "2025-11-03")
    post = Path(tutor.publish_post(brief.lesson_id, make_slots()).post).read_text(encoding="utf-8")
    assert "첫 수업입니다" in post and "다시 시작" not in post  # the first-ever lesson says so
    root = journal.root
    svg = root / "assets" / "tutor" / "map.svg"
    before = svg.read_text(encoding="utf-8")
    assert 'data-concept="attention-mechanism" data-status="studied"' in before
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 3, 20, tzinfo=dt.UTC)
    tutor.run_exercise(brief.lesson_id)
    shape = [len(q.criteria) for q in tutor.pending_check(brief.lesson_id).questions]
    tutor.record_check(brief.lesson_id, [[CriterionMark(met=True)] * n for n in shape])
    assert 'data-concept="attention-mechanism" data-status="mastered"' in svg.read_text(encoding="utf-8")
    # the learner's own edit of a page is theirs
    page = root / "tutor" / "map.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n나의 메모\n", encoding="utf-8")
    from mcp_server.usecases.pages import refresh_pages

    r = refresh_pages(tutor.ws, dt.date(2025, 11, 4))
    assert "tutor/map.md" in r.kept and "나의 메모" in page.read_text(encoding="utf-8")
    assert any("tutor/map.md was edited" in w for w in r.warnings)


def _big_graph(n: int = 150) -> Graph:
    real = load_knowledge()
    cats = [Category(id=f"cat-{i}", title=Text(en=f"Category {i}", ko=f"분류 {i}")) for i in range(9)]
    concepts = [
        Concept(
            id=f"c-{i}",
            title=Text(en=f"A rather long concept title {i}", ko=f"꽤 긴 개념 이름 {i}번"),
            summary=Text(en="s", ko="요약"),
            category=f"cat-{i % 9}",
            prerequisites=[f"c-{j}" for j in {i // 2, i // 3, i - 1} if 0 <= j < i],
            objectives={d: Text(en=f"o{d}", ko=f"목표{d}") for d in (1, 2, 3)},
        )
        for i in range(n)
    ]
    return Graph.build(cats, concepts, locales=real.locales, milestones=real.milestones)


def test_the_map_of_a_150_concept_track_is_valid_svg_under_200_kb():
    g = _big_graph()
    m = pg.MapInput(
        need={c: 3 for c in g.concepts},
        goal="c-149",
        today="c-10",
        next=[("c-11", 1), ("c-12", 2)],
        fading={"c-3"},
    )
    svg = pg.map_svg(g, LearnerState(), m, "ko")
    root = ET.fromstring(svg)
    nodes = [e for e in root.iter() if "data-concept" in e.attrib]
    assert len(nodes) == 150
    assert len(svg.encode()) <= 200 * 1024, len(svg.encode())


def test_titles_from_data_cannot_make_a_table_or_a_link():
    assert (
        pg.md_text("Deep Learning | Lex Fridman Podcast #94") == "Deep Learning \\| Lex Fridman Podcast #94"
    )
    assert pg.md_text("[x](y) *b* <i>") == "\\[x\\](y) \\*b\\* &lt;i&gt;"


def test_english_counts_agree_in_number():
    g = load_knowledge()
    assert g.t("en", "vel_week", n=1, names="") == "**This week**: 1 concept"
    assert g.t("en", "vel_week", n=2, names="") == "**This week**: 2 concepts"
    assert (
        g.t("en", "cadence", days=1, goal=3) == "**Weekly cadence**: 1 study day this week (goal: 3 a week)"
    )
    assert "lessons in the last 7 days" in g.t("en", "trend_up", last=2, prev=1)
    assert "1 lesson in the last 7 days" in g.t("en", "trend_down", last=1, prev=2)


def test_korean_summaries_keep_one_register():
    """Papers, resources and concepts speak in one register (-습니다) across a timeline."""
    import re

    g = load_knowledge()
    texts = [p.contribution.ko for p in g.papers.values()] + [r.summary.ko for r in g.resources.values()]
    texts += [c.summary.ko for c in g.concepts.values()]
    plain = [s for t in texts for s in re.findall(r"(\S+다)\.[\"']?(?=\s|$)", t) if not s.endswith("니다")]
    assert plain == []


def test_an_english_learners_pages_and_growth_are_in_english(journal, seed_world):
    journal.profile_path.parent.mkdir(parents=True, exist_ok=True)
    journal.profile_path.write_text("language: en\n", encoding="utf-8")
    t = Tutor(journal, curated=load_knowledge(seed_world))
    brief = t.plan_lesson("attention-mechanism", 1, "2025-11-03")
    post = Path(t.publish_post(brief.lesson_id, make_slots()).post).read_text(encoding="utf-8")
    assert "This is your first lesson" in post
    assert "- **This week**: 1 concept (Attention Mechanism)" in post  # singular, one line of a list
    assert "**Architecture**: 0 completed, 0 passed at depth 1, 1 in progress, of 9" in post
    page = (journal.root / "tutor" / "map.md").read_text(encoding="utf-8")
    assert 'title: "Knowledge map"' in page and 'lang: "en"' in page
    svg = (journal.root / "assets" / "tutor" / "map.svg").read_text(encoding="utf-8")
    assert ">mastered</text>" in svg and ">studied</text>" in svg  # the legend
