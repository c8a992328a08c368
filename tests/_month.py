"""A simulated month of study through the façade, for the blog tests: a lesson a day as the
tutor plans it, most checked the same evening (one check failed), and Multi-Head Attention on
the last day (its voices carry titles with `|`)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import FIXTURES, OutcomeRunner, make_slots

from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.usecases.check import CriterionMark

THEME = FIXTURES / "minimal-mistakes"
START = dt.date(2025, 10, 13)
DAYS = 30
ANSWER = "나의 답: 헤드마다 다른 부분공간을 본다 (private-answer-marker)"


def site_journal(root: Path, baseurl: str = "/blog") -> Journal:
    """A learner's Minimal Mistakes site: the theme's files and config, dated permalinks."""
    shutil.copytree(THEME, root, ignore=shutil.ignore_patterns("README.md", "LICENSE"))
    config = (THEME / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("permalink: /:categories/:title/", "permalink: pretty")
    assert "\nbaseurl                  :\n" in config
    config = config.replace("\nbaseurl                  :\n", f'\nbaseurl                  : "{baseurl}"\n')
    (root / "_config.yml").write_text(config, encoding="utf-8")
    # the learner's home page: the theme's paginated list of posts with their excerpts
    (root / "index.html").write_text("---\nlayout: home\nauthor_profile: false\n---\n", encoding="utf-8")
    return Journal(root)


def study_month(journal: Journal) -> Tutor:
    t = Tutor(journal)
    runner = t.ws.deps.runner = OutcomeRunner()
    for i in range(DAYS):
        day = START + dt.timedelta(days=i)
        t.ws.deps.clock = lambda day=day: dt.datetime.combine(day, dt.time(9), dt.UTC)
        last = i == DAYS - 1
        brief = (
            t.plan_lesson("multi-head-attention", 2, day.isoformat())
            if last
            else t.plan_lesson(date=day.isoformat())
        )
        res = t.publish_post(brief.lesson_id, make_slots())
        if i % 4 == 3 or last:
            continue  # some lessons wait for their check
        ex = Path(res.post).parents[1] / "_exercises" / Path(res.post).stem
        (ex / "answers.md").write_text(
            (ex / "answers.md").read_text(encoding="utf-8") + ANSWER + "\n", encoding="utf-8"
        )
        t.ws.deps.clock = lambda day=day: dt.datetime.combine(day, dt.time(20), dt.UTC)
        runner.passes = i != 5  # one failed check brings a remedial lesson back
        t.run_exercise(brief.lesson_id)
        shape = [len(q.criteria) for q in t.pending_check(brief.lesson_id).questions]
        t.record_check(brief.lesson_id, [[CriterionMark(met=runner.passes)] * n for n in shape])
    return t
