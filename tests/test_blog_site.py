"""A month of study built as the learner's real Minimal Mistakes site (Jekyll and the theme's
Debian plugins), then looked at in a real headless browser.

The site is built once for the module: the posts and the map pages build without warnings;
each post has exactly one h1 and no table in its voices and resources; every picture and
internal link resolves under the site's baseurl; nothing private reaches `_site/`; the
pictures are valid SVG whose numbers are the post's own figures; screenshots of a post and
of the map page are not blank.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import struct
import subprocess
import threading
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from _month import ANSWER, site_journal, study_month
from _tools import tool
from conftest import HIDDEN_TESTS, REPO

JEKYLL = "Jekyll 4 builds the site here (apt-get install jekyll; .ci/run installs it)"
CHROMIUM = "Chromium takes the screenshots (apt-get install chromium fonts-noto-cjk; .ci/run installs them)"
PLUGINS = (
    "ruby-jekyll-include-cache ruby-jekyll-feed ruby-jekyll-sitemap ruby-jekyll-paginate ruby-jekyll-gist"
)
BASE = "/blog"
SHOTS = REPO / "artifacts" / "screenshots"  # kept by CI; git-ignored
MHA = "learning/2025/11/11/multi-head-attention/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    """(journal, _site, Jekyll's output) after a month of study."""
    jekyll = tool("jekyll", JEKYLL)
    root = tmp_path_factory.mktemp("blog") / "journal"
    journal = site_journal(root, BASE)
    study_month(journal)
    site = root.parent / "_site"
    out = subprocess.run(
        [jekyll, "build", "--source", str(root), "--destination", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = out.stdout + out.stderr
    if "Dependency Error" in log:
        pytest.skip(f"the theme's Jekyll plugins are not installed ({PLUGINS}; .ci/run installs them)")
    assert out.returncode == 0, log
    return root, site, log


def posts(site: Path) -> list[Path]:
    return sorted((site / "learning").rglob("index.html"))


def content(page: Path) -> str:
    """The page's article body (the theme's `page__content` section)."""
    raw = page.read_text(encoding="utf-8")
    start = raw.index('<section class="page__content"')
    return raw[start : raw.index("</section>", start)]


def test_the_month_builds_without_a_warning(built):
    _, site, log = built
    assert "warn" not in log.lower() and "error" not in log.lower() and "conflict" not in log.lower(), log
    assert len(posts(site)) == 30
    assert (site / "tutor" / "map" / "index.html").is_file() and (
        site / "tutor" / "progress" / "index.html"
    ).is_file()
    assert '<html lang="ko-KR"' in (site / "tutor" / "map" / "index.html").read_text(encoding="utf-8")


def test_each_post_has_exactly_one_h1_and_the_home_page_shows_summaries(built):
    journal, site, _ = built
    for page in posts(site):
        assert len(re.findall(r"<h1[ >]", page.read_text(encoding="utf-8"))) == 1, page
    home = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    assert "AI Learning Journey - 20" not in home  # the excerpts are the concepts' summaries
    from mcp_server.storage.knowledge import curated

    assert curated().concepts["multi-head-attention"].summary.ko[:40] in home  # the theme cuts it later


def test_no_table_in_voices_and_resources_though_titles_hold_a_pipe(built):
    journal, site, _ = built
    md = next((journal / "_posts").glob("2025-11-11-multi-head-attention.md")).read_text(encoding="utf-8")
    assert md.count("\\|") >= 2  # titles with `|` (and the footer's) are escaped in the Markdown
    for post_md in (journal / "_posts").glob("*.md"):
        assert ", — ·" not in post_md.read_text(encoding="utf-8")  # no dangling duration
    for page in posts(site):
        body = content(page)
        assert "<table" not in body, page
        voices = body[body.index("Voices from the Field") : body.index("Historical Context")]
        assert "](http" not in voices  # every link is a link, not raw [title](url) text
    mha = html.unescape(content(site / MHA))
    assert re.search(r">[^<]*\| Lex Fridman Podcast[^<]*</a>", mha)  # the `|` is text inside the link
    assert "| Powered by Claude Code" in mha


def _targets(site: Path, page: Path) -> list[str]:
    body = content(page)
    return re.findall(r'<img[^>]+src="([^"]+)"', body) + re.findall(r'<a[^>]+href="([^"#]+)', body)


def _resolves(site: Path, url: str) -> bool:
    assert url.startswith(BASE + "/"), url  # internal links carry the site's baseurl
    rel = url[len(BASE) + 1 :]
    p = site / rel
    return (p / "index.html").is_file() if url.endswith("/") else p.is_file()


def test_every_picture_and_internal_link_resolves_under_the_baseurl(built):
    _, site, _ = built
    pages = [*posts(site), site / "tutor" / "map" / "index.html", site / "tutor" / "progress" / "index.html"]
    checked = 0
    for page in pages:
        for url in _targets(site, page):
            if url.startswith(("http://", "https://")):
                continue
            assert _resolves(site, url), f"{page}: {url}"
            checked += 1
    assert checked > 30 * 4  # each post: two pictures, the map and progress links, earlier posts
    mha = content(site / MHA)
    assert f'src="{BASE}/assets/tutor/posts/2025-11-11-multi-head-attention-near.svg"' in mha
    assert f'href="{BASE}/tutor/map/"' in mha


def test_nothing_private_is_in_the_built_site(built):
    journal, site, _ = built
    names = {p.name for p in site.rglob("*") if p.is_file()}
    assert not names & {
        "answers.md",
        "feedback.md",
        "exercise.py",
        "test_exercise.py",
        "solution.py",
        "tests.py",
        "hidden_tests.py",
        "events.jsonl",
        "learner.yaml",
    }
    assert not (site / "_exercises").exists() and not (site / "exercises").exists()
    hidden = "def test_add_a_negative"
    assert hidden in HIDDEN_TESTS and list(journal.rglob("hidden_tests.py"))  # they exist, privately
    assert ANSWER.split(" (")[0] in "".join(p.read_text() for p in journal.rglob("answers.md"))
    for p in site.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".xml", ".txt", ".json", ".svg", ".md", ".py"):
            text = p.read_text(encoding="utf-8", errors="replace")
            assert "private-answer-marker" not in text and hidden not in text, p
            assert "## Tests" not in text and "rubric criteria met" not in text, p  # feedback.md's lines


def _growth_text(md: str) -> dict[str, tuple[int, int, int, int]]:
    found = re.findall(
        r"^- \*\*(.+?)\*\*: 완료 (\d+) · depth 1 통과 (\d+) · 진행 중 (\d+) / 전체 (\d+) ", md, re.M
    )
    return {t: tuple(int(x) for x in rest) for t, *rest in found}  # type: ignore[misc]


def test_the_pictures_are_small_valid_svg_with_the_posts_own_figures(built):
    journal, site, _ = built
    ns = "{http://www.w3.org/2000/svg}"
    for md_path in sorted((journal / "_posts").glob("*.md")):
        md = md_path.read_text(encoding="utf-8")
        stem = md_path.stem
        growth = journal / "assets" / "tutor" / "posts" / f"{stem}-growth.svg"
        near = journal / "assets" / "tutor" / "posts" / f"{stem}-near.svg"
        assert growth.stat().st_size + near.stat().st_size <= 30 * 1024
        bars = {
            g.find(f"{ns}text").text: g.attrib
            for g in ET.parse(growth).getroot().iter(f"{ns}g")
            if "data-category" in g.attrib
        }
        ET.parse(near)  # valid XML
        text = _growth_text(md)
        assert (
            text
            and {
                t: (
                    int(a["data-completed"]),
                    int(a["data-passed"]),
                    int(a["data-in-progress"]),
                    int(a["data-total"]),
                )
                for t, a in bars.items()
            }
            == text
        ), stem
    assert any(c + p > 0 for c, p, _, _ in _growth_text(md).values())  # checks passed: not all "in progress"
    for name in ("map", "calendar", "progress"):
        ET.parse(journal / "assets" / "tutor" / f"{name}.svg")
        assert (site / "assets" / "tutor" / f"{name}.svg").is_file()


def test_the_progress_page_figures_equal_its_pictures(built):
    journal, _, _ = built
    page = (journal / "tutor" / "progress.md").read_text(encoding="utf-8")
    days = int(re.search(r"12개월 동안 (\d+)일 학습", page)[1])
    studied, mastered = (
        int(x) for x in re.search(r"개념 (\d+)개를 학습했고 (\d+)개를 마스터", page).groups()
    )
    cal = ET.parse(journal / "assets" / "tutor" / "calendar.svg").getroot()
    assert (
        days
        == 30
        == int(next(g for g in cal.iter() if "data-study-days" in g.attrib).attrib["data-study-days"])
    )
    prog = (journal / "assets" / "tutor" / "progress.svg").read_text(encoding="utf-8")
    assert f'data-studied="{studied}"' in prog and f'data-mastered="{mastered}"' in prog
    assert 0 < mastered < studied


# ---------------------------------------------------------------- screenshots


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = color = 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for j, v in enumerate(line) if j % 4 != 3))
        prev = line
    return width, height, rows


def _ink(rows: list[bytes], step: int = 4) -> tuple[float, int]:
    """The share of sampled pixels that are not near-white, and how many distinct colours."""
    dark = total = 0
    colours: set[bytes] = set()
    for row in rows[::step]:
        for x in range(0, len(row) - 2, 3 * step):
            px = row[x : x + 3]
            total += 1
            dark += min(px) < 235
            colours.add(bytes(v // 32 for v in px))
    return dark / max(total, 1), len(colours)


@pytest.mark.parametrize(
    ("name", "path", "height"),
    [
        ("post", "learning/2025/11/11/multi-head-attention/", 2400),
        ("map", "tutor/map/", 1400),
        ("progress", "tutor/progress/", 900),
    ],
)
def test_screenshots_in_a_real_browser_are_not_blank(built, tmp_path, name, path, height):
    chromium = tool("chromium", CHROMIUM)
    _, site, _ = built
    root = tmp_path / "www"
    root.mkdir()
    (root / BASE.strip("/")).symlink_to(site)  # served where the baseurl says
    server, port = _serve(root)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    try:
        out = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                f"--window-size=1280,{height}",
                "--virtual-time-budget=8000",
                f"--screenshot={shot}",
                f"http://127.0.0.1:{port}{BASE}/{path}",
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert shot.is_file(), out.stdout + out.stderr
    width, h, rows = png_pixels(shot.read_bytes())
    assert (width, h) == (1280, height)
    ink, colours = _ink(rows)
    # the theme's stylesheet, the Korean text and the coloured pictures: not a white page
    assert ink > 0.01 and colours >= 8, (ink, colours)
    if name == "map":  # the map's status colours are on screen: the SVG drew
        blue = 0  # studied: #1e88e5
        for row in rows[::2]:
            for x in range(0, len(row) - 2, 6):
                r, g, b = row[x], row[x + 1], row[x + 2]
                blue += abs(r - 0x1E) < 12 and abs(g - 0x88) < 12 and abs(b - 0xE5) < 12
        assert blue > 50, blue
