"""/link and link checking against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import make_slots

from mcp_server import cli
from mcp_server.errors import InvalidRequest, NotFound, PublishRefused, UnsafeURL
from mcp_server.facade import Tutor
from mcp_server.links.browser import open_url
from mcp_server.usecases.link import post_links

HOSTILE = [
    "-a Calculator", "--renderer-cmd-prefix=x", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,x",
    "https://x/a b --flag", "https://x/%0a", "https://example.com/\u202egnp.exe", "\\\\server\\share", "ms-officecmd:",
]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):  # keep test output clean
        pass

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool):
        code = {"/ok": 200, "/gone": 404, "/moved": 301}.get(self.path, 404)
        self.send_response(code)
        if code == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")


@pytest.fixture
def site() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def browser(tutor):
    calls: list[list[str]] = []
    tutor.ws.deps.opener = functools.partial(open_url, launcher=calls.append, platform="linux",
                                             environ={"DISPLAY": ":0"}, which=lambda name: f"/usr/bin/{name}")
    return calls


def opened_events(journal):
    return [e for e in journal.events()[0] if e.type == "resource_opened"]


def test_opening_by_number_id_and_url_records_each_exactly_once(tutor, journal, browser, slots):
    tutor.ws.deps.clock = lambda: dt.datetime(2025, 11, 10, 12, tzinfo=dt.UTC)
    brief = tutor.plan_lesson("multi-head-attention", 2, "2025-11-10")
    tutor.publish_post(brief.lesson_id, slots)
    first = tutor.open_resource("1")
    assert first.resource == "lex-fridman-452-dario-amodei" and first.opened and first.times_opened == 1
    assert tutor.open_resource("dwarkesh-andrej-karpathy-2025").times_opened == 1
    third = tutor.open_resource("https://www.youtube.com/watch?v=ugvHCXCOmm4")
    assert third.resource == "lex-fridman-452-dario-amodei" and third.times_opened == 2
    assert browser == [["/usr/bin/xdg-open", "https://www.youtube.com/watch?v=ugvHCXCOmm4"],
                       ["/usr/bin/xdg-open", "https://www.dwarkesh.com/p/andrej-karpathy"],
                       ["/usr/bin/xdg-open", "https://www.youtube.com/watch?v=ugvHCXCOmm4"]]
    assert [e.resource for e in opened_events(journal)] == [
        "lex-fridman-452-dario-amodei", "dwarkesh-andrej-karpathy-2025", "lex-fridman-452-dario-amodei"]
    assert tutor.learner_status().resources_opened == 2  # distinct resources
    # the next post counts them in its growth indicators
    post = tutor.publish_post(tutor.plan_lesson("bert-architecture", 1, "2025-11-11").lesson_id, slots).post
    assert "**열어본 자료**: 이번 달 2개, 전체 2개" in Path(post).read_text(encoding="utf-8")


@pytest.mark.parametrize("ref", HOSTILE)
def test_hostile_references_are_refused_with_no_browser_call_and_nothing_recorded(tutor, journal, browser, ref):
    with pytest.raises((UnsafeURL, NotFound)):
        tutor.open_resource(ref)
    assert browser == [] and opened_events(journal) == []


def test_without_a_browser_the_url_is_returned_and_the_opening_still_recorded(tutor, journal):
    tutor.ws.deps.opener = functools.partial(open_url, platform="linux", environ={})
    r = tutor.open_resource("dwarkesh-andrej-karpathy-2025")
    assert not r.opened and r.url in r.message and len(opened_events(journal)) == 1


def test_a_number_beyond_the_latest_post_says_what_is_there(tutor, browser, slots):
    tutor.publish_post(tutor.plan_lesson("multi-head-attention", 2, "2025-11-10").lesson_id, slots)
    with pytest.raises(InvalidRequest, match="lists 2 resources; choose 1–2"):
        tutor.open_resource("7")


def test_link_checks_are_cached_and_a_verified_link_may_be_cited(tutor, journal, site, slots):
    rep = tutor.check_links([f"{site}/ok", f"{site}/gone", f"{site}/moved"])
    assert rep.counts == {"ok": 1, "broken": 1, "redirected": 1}
    assert [v.url for v in rep.problems] == [f"{site}/gone"]
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    tutor.publish_post(brief.lesson_id, make_slots(core_when=f"[verified]({site}/ok)을 참고하세요."))
    with pytest.raises(PublishRefused, match="nor verified"):
        tutor.publish_post(brief.lesson_id, make_slots(core_when=f"[dead]({site}/gone)"))


def test_check_links_cli_covers_links_in_posts(journal, site, capsys, seed_world, tmp_path):
    # a graph without curated papers or resources, so no request leaves this machine
    offline = tmp_path / "offline-knowledge"
    shutil.copytree(seed_world, offline, ignore=shutil.ignore_patterns("papers", "resources"))
    t = Tutor(journal, knowledge_dir=offline)
    t.check_links([f"{site}/ok"])
    t.publish_post(t.plan_lesson("attention", 1, "2025-11-03").lesson_id, make_slots(core_when=f"[x]({site}/ok)"))
    assert post_links(t.ws) == [f"{site}/ok"]
    code = cli.main(["--journal", str(journal.root), "--knowledge", str(offline), "check-links", "--posts"])
    # the verdict equals the one already in the journal: it says nothing was recorded
    assert capsys.readouterr().out == "checked 1 links: ok 1\nrecorded 0 new verdicts in the journal\n" and code == 0
    checks = [e for e in journal.events()[0] if e.type == "links_checked"]
    assert [[r.url for r in e.results] for e in checks] == [[f"{site}/ok"]]  # unchanged: not logged twice


def test_an_unchanged_verdict_is_not_logged_again_and_a_changed_one_is(tutor, journal, site):
    urls = [f"{site}/ok", f"{site}/gone"]
    first = tutor.check_links(urls)
    size = journal.log_path.stat().st_size
    again = tutor.check_links(urls)
    assert (first.recorded, again.recorded, again.checked) == (2, 0, 2)
    assert journal.log_path.stat().st_size == size and again.counts == first.counts
    # a month on, the same verdicts are logged once more, so the ok link stays citable
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    real = tutor.ws.deps.link_checker
    tutor.ws.deps.link_checker = lambda u: [v.model_copy(update={"checked_at": later}) for v in real(u)]
    assert tutor.check_links(urls).recorded == 2
