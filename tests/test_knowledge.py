"""The whole curated graph loads, validates and holds its invariants."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mcp_server.domain.events import parse
from mcp_server.domain.learner import fold
from mcp_server.domain.planner import plan
from mcp_server.storage.knowledge import load_knowledge

HANGUL = re.compile(r"[\uac00-\ud7a3]")
EXERCISE_CONCEPTS = {
    "multi-head-attention", "scaled-dot-product-attention", "causal-masking", "positional-encoding",
    "rotary-position-embedding", "layer-normalization", "grouped-query-attention", "kv-cache",
    "flash-attention", "lora", "mixture-of-experts", "dpo",
}


@pytest.fixture(scope="module")
def g():
    return load_knowledge()


def test_the_counts_hold(g):
    assert len(g.concepts) >= 150
    assert len(g.categories) >= 8
    assert {"architecture", "training", "safety", "model"} <= set(g.categories)
    assert len(g.papers) >= 100
    assert len(g.resources) >= 50
    assert len(g.exercises) >= 12
    assert EXERCISE_CONCEPTS <= {e.exercise.concept for e in g.exercises.values()}
    assert ("multi-head-attention", 2) in g.exercise_of


def test_every_concept_is_reachable_from_the_foundations(g):
    roots = {c for c, con in g.concepts.items() if not con.prerequisites}
    assert roots and all(g.concepts[c].category == "foundations" for c in roots)
    for cid, con in g.concepts.items():
        if con.category != "foundations":
            assert con.prerequisites, f"{cid} has no prerequisite"
            assert g.ancestors(cid) & roots, f"{cid} is not reachable from the foundations"


def test_prerequisites_are_a_dag_in_category_order(g):
    order = list(g.categories)
    for cid, con in g.concepts.items():
        for p in con.prerequisites:
            assert g.level[p] < g.level[cid]
            assert order.index(g.concepts[p].category) <= order.index(con.category), (cid, p)


def test_every_text_exists_in_both_languages(g):
    for cid, con in g.concepts.items():
        assert con.aliases.en and con.aliases.ko, cid
        assert HANGUL.search(con.summary.ko), cid
        for depth in (1, 2, 3):
            assert con.objectives[depth].en and HANGUL.search(con.objectives[depth].ko), (cid, depth)
    assert set(g.locales) == {"ko", "en"} and g.locales["ko"].keys() == g.locales["en"].keys()
    for c in g.categories.values():
        assert c.title.en and HANGUL.search(c.title.ko)


def test_papers_are_identified_and_verified(g):
    arxiv = [p.arxiv for p in g.papers.values() if p.arxiv]
    assert len(arxiv) == len(set(arxiv))
    for p in g.papers.values():
        assert p.verified <= dt.date.today()
        if p.arxiv:
            assert p.url == f"https://arxiv.org/abs/{p.arxiv}"
            if "." in p.arxiv:
                assert (int(p.arxiv[:2]) + 2000, int(p.arxiv[2:4])) == (p.year, p.month)
        else:
            assert p.doi and p.url == f"https://doi.org/{p.doi}"


def test_resources_are_verified_and_quotes_have_sources(g):
    assert "lex-fridman-452-dario-amodei" in g.resources and "dwarkesh-andrej-karpathy-2025" in g.resources
    assert not any("possible.fm" in r.url for r in g.resources.values())
    for r in g.resources.values():
        assert r.url.startswith("https://") and r.verified <= dt.date.today()
        assert not re.search(r"[\"“”]", r.summary.en + r.summary.ko), f"{r.id}: a summary is never a quote"
        for q in r.quotes:
            assert q.source.startswith("https://")


def test_a_year_of_daily_lessons_respects_prerequisites_and_reaches_every_category(g):
    """A simulated learner studies every day and masters each lesson's depth at its check."""
    events: list = []
    day = dt.date(2026, 1, 1)
    seen_categories: set[str] = set()
    for i in range(365):
        st = fold(events)
        step = plan(g, st, day, weekly_goal=5).today
        con = g.concepts[step.concept]
        for p in con.prerequisites:
            assert st.studied(p), f"day {i}: {step.concept} taught before its prerequisite {p}"
        if step.depth > 1:
            assert st.of(step.concept).mastered_depth >= step.depth - 1
        seen_categories.add(con.category)
        lesson = f"{day.isoformat()}-{step.concept}-d{step.depth}"
        events.append(parse({"type": "lesson_published", "at": f"{day}T09:00:00+09:00", "lesson": lesson,
                             "date": day.isoformat(), "concept": step.concept, "depth": step.depth, "post": "",
                             "title": step.concept}))
        events.append(parse({"type": "check_recorded", "at": f"{day}T21:00:00+09:00", "lesson": lesson,
                             "concept": step.concept, "depth": step.depth, "score": 0.9, "rating": "easy"}))
        day += dt.timedelta(days=1)
    assert seen_categories == set(g.categories)
    studied = {e.concept for e in events if e.type == "lesson_published"}
    # depth opens as checks master it, so a year mixes breadth (new concepts) and depth
    assert len(studied) >= 100
    assert any(e.depth >= 3 for e in events if e.type == "lesson_published")
