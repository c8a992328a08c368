"""The façade: one method per MCP tool, over one journal. Both faces — the MCP server and
the `ai-tutor` CLI — call only this class, and the tests drive it directly.

Collaborators that reach outside the process (clock, browser opener, link checker, sandbox
runner) come in through `Deps`, so a test or a benchmark passes its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .domain.graph import Graph
from .domain.models import Slots
from .errors import InvalidRequest
from .storage.journal import Journal
from .usecases import check, learn, link, profile, review, status
from .usecases.context import Deps, Workspace


class Tutor:
    def __init__(self, journal: Journal, curated: Graph | None = None, knowledge_dir: Path | None = None,
                 deps: Deps | None = None, notices: list[str] | None = None):
        self.ws = Workspace(journal, deps, knowledge_dir, curated)
        self.ws.notices = list(notices or [])

    @property
    def journal(self) -> Journal:
        return self.ws.journal

    def graph(self) -> Graph:
        return self.ws.graph()

    def learner_status(self, today: dt.date | None = None) -> status.Status:
        return status.learner_status(self.ws, today)

    def find_concepts(self, query: str, limit: int = 8) -> status.FindResult:
        return status.find_concepts(self.ws, query, limit)

    def plan_lesson(self, concept: str | None = None, depth: int | None = None,
                    date: str | dt.date | None = None) -> learn.LessonBrief:
        return learn.plan_lesson(self.ws, concept, depth, date)

    def publish_post(self, lesson_id: str, slots: Slots) -> learn.PublishResult:
        return learn.publish_post(self.ws, lesson_id, slots)

    def open_resource(self, ref: str) -> link.Opened:
        return link.open_resource(self.ws, ref)

    def check_links(self, urls: list[str] | None = None, posts: bool = False) -> link.LinkReport:
        return link.check_links(self.ws, urls, posts)

    def pending_check(self, lesson_id: str | None = None) -> check.Pending:
        return check.pending_check(self.ws, lesson_id)

    def run_exercise(self, lesson_id: str | None = None, solution: str | None = None) -> check.RunReport:
        return check.run_exercise(self.ws, lesson_id, solution)

    def record_check(self, lesson_id: str, marks: list[list[check.CriterionMark]]) -> check.CheckResult:
        return check.record_check(self.ws, lesson_id, marks)

    def review(self, n: int = 5, item: str | None = None, marks: list[check.CriterionMark] | None = None,
               question: str | None = None, criteria: list[str] | None = None) -> review.ReviewQueue:
        """The review queue; with `item` and `marks`, record that answer first."""
        if item is None:
            if marks is not None:
                raise InvalidRequest("marks need the item they grade")
            return review.review_queue(self.ws, n)
        if marks is None:
            raise InvalidRequest(f"pass the answer-grader's marks for {item}")
        return review.record_review(self.ws, item, marks, question, criteria, n)

    def set_profile(self, changes: dict[str, Any] | None = None, placement: dict[str, list[bool]] | None = None,
                    replace: bool = False) -> profile.ProfileAnswer:
        return profile.set_profile(self.ws, changes, placement, replace)
