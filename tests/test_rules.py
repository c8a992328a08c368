"""Parametrized tables for the small pure rules: score and rating, trend, where the journal
is, and post URLs under the blog's permalink and baseurl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mcp_server.domain.events import parse
from mcp_server.domain.learner import MASTERY_THRESHOLD, fold
from mcp_server.domain.progress import growth
from mcp_server.domain.scoring import rating, score
from mcp_server.domain.site import post_url
from mcp_server.storage.journal import locate
from mcp_server.storage.knowledge import curated


@pytest.mark.parametrize(("s", "expected"), [
    (0.0, "again"), (0.4999, "again"), (0.5, "hard"), (0.7999, "hard"), (MASTERY_THRESHOLD, "good"),
    (0.8999, "good"), (0.9, "easy"), (1.0, "easy"),
])
def test_rating_boundaries(s, expected):
    assert rating(s) == expected


@pytest.mark.parametrize(("tests", "criteria", "expected"), [
    ((3, 3), (4, 4), (1.0, 1.0, 1.0)),
    ((0, 3), (4, 4), (0.4, 0.0, 1.0)),
    ((3, 3), (0, 4), (0.6, 1.0, 0.0)),
    ((1, 2), (0, 0), (0.5, 0.5, None)),  # no rubric: the code alone
    ((0, 0), (1, 2), (0.5, None, 0.5)),  # no tests: the answers alone
    ((0, 0), (0, 0), (0.0, None, None)),
])
def test_score_weights_code_and_answers(tests, criteria, expected):
    s, code, written = score(*tests, *criteria)
    assert (round(s, 6), code, written) == expected


def _lessons(days: list[int]) -> list:
    base = dt.date(2026, 3, 1)
    out = []
    for i, d in enumerate(days):
        day = base + dt.timedelta(days=d)
        out.append(parse({"type": "lesson_published", "at": f"{day}T09:00:00+00:00", "date": day.isoformat(),
                          "lesson": f"l{i}", "concept": ["softmax", "tokenization", "embeddings"][i % 3],
                          "depth": 1, "post": "", "title": "t"}))
    return out


@pytest.mark.parametrize(("days", "trend", "last", "prev"), [
    ([13], "up", 1, 0),  # today only
    ([0, 1, 13], "down", 1, 2),
    ([5, 12], "steady", 1, 1),  # day 6 is the first of the last 7 days (7..13), day 5 the last of the 7 before
    ([], "steady", 0, 0),
])
def test_trend_compares_the_last_7_days_with_the_7_before(days, trend, last, prev):
    gr = growth(curated(), fold(_lessons(days)), dt.date(2026, 3, 14), "en", 3)
    assert (gr.trend, gr.last7, gr.prev7) == (trend, last, prev)


def test_locate_prefers_the_variable_then_a_journal_or_site_then_the_user_folder(tmp_path):
    site, plain = tmp_path / "site", tmp_path / "plain"
    site.mkdir()
    (site / "_config.yml").write_text("title: x\n")
    plain.mkdir()
    assert locate(plain, {"TUTOR_JOURNAL": str(tmp_path / "j")}) == (tmp_path / "j").resolve()
    assert locate(site, {"CLAUDE_PLUGIN_DATA": str(tmp_path / "pd")}) == site.resolve()
    (plain / "_data" / "tutor").mkdir(parents=True)
    assert locate(plain, {}) == plain.resolve()
    # the plugin's data folder differs per install, so it no longer decides
    fallback = locate(tmp_path, {})
    assert locate(tmp_path, {"CLAUDE_PLUGIN_DATA": str(tmp_path / "pd")}) == fallback
    assert fallback.name == "journal" and "ai-tutor" in str(fallback)


D = dt.date(2025, 11, 10)


@pytest.mark.parametrize(("permalink", "baseurl", "expected"), [
    (None, None, "/learning/2025/11/10/multi-head-attention.html"),
    ("pretty", None, "/learning/2025/11/10/multi-head-attention/"),
    ("none", "/blog", "/blog/learning/multi-head-attention.html"),
    ("ordinal", "/blog/", "/blog/learning/2025/314/multi-head-attention.html"),
    ("/:year/:title/", "", "/2025/multi-head-attention/"),
])
def test_post_urls_follow_permalink_and_baseurl(permalink, baseurl, expected):
    assert post_url(D, "multi-head-attention", ["learning"], permalink, baseurl) == expected


def test_open_resource_with_an_invalid_profile_launches_nothing(tutor, journal):
    from mcp_server.errors import ProfileError

    launched: list[str] = []
    tutor.ws.deps.opener = lambda url: launched.append(url)  # type: ignore[assignment,func-returns-value]
    journal.profile_path.parent.mkdir(parents=True, exist_ok=True)
    journal.profile_path.write_text("weekly_goal: many\n", encoding="utf-8")
    with pytest.raises(ProfileError):
        tutor.open_resource("dwarkesh-andrej-karpathy-2025")
    assert launched == [] and not Path(journal.log_path).exists()
