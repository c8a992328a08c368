"""The generated posts build with real Jekyll 4, Korean text and code intact."""

from __future__ import annotations

import html
import shutil
import subprocess

import pytest
from _tools import tool
from conftest import FIXTURES, make_slots
from test_seed_week import replay_week

JEKYLL = "Jekyll 4 builds the posts here (apt-get install jekyll; .ci/run installs it)"
THEME = FIXTURES / "minimal-mistakes"  # the files of the theme a post build needs (MIT)
THEME_PLUGINS = "ruby-jekyll-include-cache ruby-jekyll-feed ruby-jekyll-sitemap ruby-jekyll-paginate ruby-jekyll-gist"
LAYOUT = """<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><article>{{ content }}</article></body></html>
"""


def test_the_seed_post_builds_with_jekyll_and_keeps_korean_and_code(tutor, journal, tmp_path):
    jekyll = tool("jekyll", JEKYLL)
    replay_week(tutor)
    code = 'tpl = "{{ page.title }} {% include x.html %}"\nprint(tpl)'
    slots = make_slots(core_how=f"공식:\n\n```text\nsoftmax(QK^T / sqrt(d_k)) V\n```\n\n```python\n{code}\n```")
    brief = tutor.plan_lesson("multi-head-attention", 2, "2025-11-10")
    tutor.publish_post(brief.lesson_id, slots)

    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_layouts" / "single.html").write_text(LAYOUT)
    (site / "_config.yml").write_text("title: test\nmarkdown: kramdown\n")
    shutil.copytree(journal.root / "_posts", site / "_posts")
    out = subprocess.run([jekyll, "build", "--source", str(site), "--destination", str(site / "_site")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr

    page = site / "_site" / "learning" / "2025" / "11" / "10" / "multi-head-attention.html"
    assert page.is_file(), sorted(str(p) for p in (site / "_site").rglob("*.html"))
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert "<title>Multi-Head Attention</title>" in text  # the layout's Liquid still runs
    assert "{{ page.title }} {% include x.html %}" in text  # the post's code is left verbatim
    assert "오늘날 대형 언어 모델은 모두 multi-head attention을 씁니다." in text
    assert "역사적 타임라인" in text
    # links to earlier posts point where Jekyll put them
    for rel in ("learning/2025/11/03/attention-mechanism.html", "learning/2025/11/07/positional-encoding.html"):
        assert f'href="/{rel}"' in page.read_text(encoding="utf-8")
        assert (site / "_site" / rel).is_file()


@pytest.mark.parametrize("permalink,expected", [
    ("pretty", "learning/2025/11/03/attention-mechanism/index.html"),
    ("/:categories/:title/", "learning/attention-mechanism/index.html"),
])
def test_links_between_posts_follow_the_sites_permalink(tutor, journal, tmp_path, permalink, expected):
    (journal.root).mkdir(parents=True, exist_ok=True)
    (journal.root / "_config.yml").write_text(f"permalink: {permalink}\n")
    replay_week(tutor)
    brief = tutor.plan_lesson("multi-head-attention", 2, "2025-11-10")
    tutor.publish_post(brief.lesson_id, make_slots())
    site = journal.root
    (site / "_layouts").mkdir()
    (site / "_layouts" / "single.html").write_text(LAYOUT)
    out = subprocess.run([tool("jekyll", JEKYLL), "build", "--source", str(site), "--destination",
                          str(tmp_path / "_site")], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (tmp_path / "_site" / expected).is_file()
    url = "/" + expected.removesuffix("index.html")
    mha = next((tmp_path / "_site").rglob("multi-head-attention*/index.html"), None) or next(
        (tmp_path / "_site").rglob("multi-head-attention.html"))
    assert f'href="{url}"' in mha.read_text(encoding="utf-8")


def test_the_seed_week_builds_in_the_minimal_mistakes_theme(tutor, journal, tmp_path):
    """The posts in the theme they are written for: its `single` layout, its plugins, its config."""
    jekyll = tool("jekyll", JEKYLL)
    shutil.copytree(THEME, journal.root, ignore=shutil.ignore_patterns("README.md", "LICENSE"))
    # Dated URLs: under the theme's /:categories/:title/ the seed week's two lessons of one concept
    # (positional-encoding at depths 1 and 2, on different days) would be written to one URL.
    config = (THEME / "_config.yml").read_text(encoding="utf-8")
    assert "permalink: /:categories/:title/" in config
    (journal.root / "_config.yml").write_text(config.replace("permalink: /:categories/:title/", "permalink: pretty"))
    replay_week(tutor)
    brief = tutor.plan_lesson("multi-head-attention", 2, "2025-11-10")
    tutor.publish_post(brief.lesson_id, make_slots())

    out = subprocess.run([jekyll, "build", "--source", str(journal.root), "--destination", str(tmp_path / "_site")],
                         capture_output=True, text=True, timeout=300)
    if "Dependency Error" in out.stdout + out.stderr:
        pytest.skip(f"the theme's Jekyll plugins are not installed ({THEME_PLUGINS}; .ci/run installs them)")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Conflict" not in out.stdout + out.stderr, out.stdout + out.stderr  # no two posts at one URL

    page = tmp_path / "_site" / "learning" / "2025" / "11" / "10" / "multi-head-attention" / "index.html"
    assert page.is_file(), sorted(str(p) for p in (tmp_path / "_site").rglob("*.html"))
    raw = page.read_text(encoding="utf-8")
    text = html.unescape(raw)
    assert '<html lang="ko-KR"' in raw and '<section class="page__content"' in raw  # the theme's single layout
    assert "<title>Multi-Head Attention - AI Learning Journey</title>" in raw  # its Liquid still runs
    assert "오늘날 대형 언어 모델은 모두 multi-head attention을 씁니다." in text
    assert '"{{ not liquid }} {% raw %}"' in text  # code is left verbatim (one string token to rouge)
    for rel in ("learning/2025/11/03/attention-mechanism/", "learning/2025/11/07/positional-encoding/"):
        assert f'href="/{rel}"' in raw
        assert (tmp_path / "_site" / rel / "index.html").is_file()
