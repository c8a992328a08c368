"""Where everything lives in a journal folder: the one place paths are spelled.

    <root>/_posts/YYYY-MM-DD-<slug>.md              the posts
    <root>/_exercises/YYYY-MM-DD-<slug>/            exercise.py, test_exercise.py, answers.md, feedback.md
    <root>/tutor/*.md, <root>/assets/tutor/*.svg    the learner's pages: knowledge map, calendar, progress
    <root>/_data/tutor/learner.yaml                 the profile
    <root>/_data/tutor/learner.tutor.json           the values the tutor itself set in it (set_profile)
    <root>/_data/tutor/events.jsonl                 the append-only log (+ .lock, events.torn.jsonl)
    <root>/_data/tutor/concepts.yaml                the learner's own concepts
    <root>/_data/tutor/lessons/<lesson-id>/         a written exercise's reference and tests (private)

Relative paths (as stored in the log) are POSIX strings relative to the root.

Private files stay out of the built site: Jekyll copies no folder whose name starts with `_`
(other than its own), so the learner's answers and feedback live in `_exercises/`, and the
hidden tests and references under `_data/tutor/` (Jekyll reads only YAML, JSON and CSV there).
Journals from before `_exercises/` kept them in `exercises/`, which Jekyll publishes: their
folders are moved once (`Journal.migrate`) and old paths in the log read as the new ones
(`Layout.current`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DATA = "_data/tutor"
POSTS = "_posts"
EXERCISES = "_exercises"
LEGACY_EXERCISES = "exercises"  # published by Jekyll; journals before _exercises/ used it
PAGES = "tutor"
ASSETS = "assets/tutor"


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / DATA

    @property
    def log(self) -> Path:
        return self.data_dir / "events.jsonl"

    @property
    def lock(self) -> Path:
        return self.data_dir / "events.jsonl.lock"

    @property
    def torn(self) -> Path:
        return self.data_dir / "events.torn.jsonl"

    @property
    def profile(self) -> Path:
        return self.data_dir / "learner.yaml"

    @property
    def profile_set(self) -> Path:
        return self.data_dir / "learner.tutor.json"

    @property
    def additions(self) -> Path:
        return self.data_dir / "concepts.yaml"

    @property
    def posts_dir(self) -> Path:
        return self.root / POSTS

    @property
    def site_config(self) -> Path:
        return self.root / "_config.yml"

    # journal-relative paths, as the log records them

    @staticmethod
    def post(day: dt.date, slug: str) -> str:
        return f"{POSTS}/{day.isoformat()}-{slug}.md"

    @staticmethod
    def exercise_dir(day: dt.date, slug: str) -> str:
        return f"{EXERCISES}/{day.isoformat()}-{slug}"

    @staticmethod
    def exercise_file(exercise_dir: str, name: str) -> str:
        """`name` is one of exercise.py, test_exercise.py, answers.md, feedback.md."""
        return f"{exercise_dir}/{name}"

    @staticmethod
    def private_lesson(lesson_id: str, name: str) -> str:
        """A written exercise's reference solution or tests, outside the learner's folder."""
        return f"{DATA}/lessons/{lesson_id}/{name}"

    @staticmethod
    def current(rel: str) -> str:
        """A path as the log recorded it, where it is now (legacy `exercises/` -> `_exercises/`)."""
        if rel.startswith(LEGACY_EXERCISES + "/"):
            return EXERCISES + rel[len(LEGACY_EXERCISES):]
        return rel

    @staticmethod
    def page(name: str) -> str:
        """One of the learner's pages (map, calendar, progress)."""
        return f"{PAGES}/{name}.md"

    @staticmethod
    def asset(name: str) -> str:
        """A generated picture: a page's, or a post's (`posts/<date>-<slug>-<what>.svg`)."""
        return f"{ASSETS}/{name}"

    @staticmethod
    def is_journal(folder: Path) -> bool:
        return (folder / DATA).is_dir() or (folder / "_config.yml").is_file()
