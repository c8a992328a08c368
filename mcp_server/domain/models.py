"""Pydantic models: the curated knowledge, the learner's journal, and the tools' answers.

Every model forbids unknown fields, so a typo in a YAML file fails loudly instead of being
ignored. This module imports neither `mcp`, `yaml` nor `httpx`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Depth = Annotated[int, Field(ge=1, le=4)]
MAX_DEPTH = 4
LANGS: tuple[str, ...] = ("ko", "en")
Lang = Literal["ko", "en"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A string in both languages; neither may be empty."""

    en: Annotated[str, Field(min_length=1)]
    ko: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Aliases(Strict):
    en: list[str] = []
    ko: list[str] = []

    def all(self) -> list[str]:
        return [*self.en, *self.ko]


# ---------------------------------------------------------------- curated knowledge


class Category(Strict):
    id: Slug
    title: Text


class Concept(Strict):
    id: Slug
    title: Text
    summary: Text
    aliases: Aliases = Aliases()
    category: Slug
    prerequisites: list[Slug] = []
    # depth -> what the learner can do after a lesson at that depth (1 basics, 2 mechanism
    # and application, 3 optimization and research, 4 frontier).
    objectives: dict[Depth, Text]
    tags: list[Slug] = []
    year: int | None = Field(default=None, ge=1940, le=2100)

    @field_validator("objectives")
    @classmethod
    def _depths_1_to_3(cls, v: dict[int, Text]) -> dict[int, Text]:
        missing = [d for d in (1, 2, 3) if d not in v]
        if missing:
            raise ValueError(f"objectives need depths 1, 2 and 3; missing {missing}")
        return v

    @property
    def max_depth(self) -> int:
        return max(self.objectives)


class Quote(Strict):
    """A verbatim quote with where it was said; only these may appear in quotation marks."""

    text: Annotated[str, Field(min_length=8)]
    source: Annotated[str, Field(min_length=8)]  # URL, with a timestamp where one exists


ARXIV = re.compile(r"^\d{4}\.\d{4,5}$|^[a-z\-]+(\.[A-Z]{2})?/\d{7}$")


class Paper(Strict):
    id: Slug
    title: str
    authors: list[str] = Field(min_length=1)
    year: int = Field(ge=1940, le=2100)
    month: int = Field(ge=1, le=12)
    venue: str
    arxiv: str | None = None
    doi: str | None = None
    url: str
    contribution: Text
    concepts: list[Slug] = Field(min_length=1)
    quotes: list[Quote] = []
    verified: dt.date  # when title, authors, date and id were checked against a public source

    @model_validator(mode="after")
    def _id_matches_date(self) -> Paper:
        if not (self.arxiv or self.doi):
            raise ValueError("a paper needs an arxiv id or a doi")
        if self.arxiv:
            if not ARXIV.match(self.arxiv):
                raise ValueError(f"arxiv id {self.arxiv!r} is not of the form YYMM.NNNNN")
            if "." in self.arxiv[:5]:
                yymm = self.arxiv[:4]
                if (int(yymm[:2]) + 2000, int(yymm[2:])) != (self.year, self.month):
                    raise ValueError(
                        f"arxiv id {self.arxiv} says 20{yymm[:2]}-{yymm[2:]}, "
                        f"but year/month are {self.year}-{self.month:02d}"
                    )
        return self

    @property
    def first_author(self) -> str:
        return self.authors[0]


ResourceKind = Literal["interview", "podcast", "talk", "lecture", "course", "article", "video", "book"]


class Resource(Strict):
    id: Slug
    kind: ResourceKind
    person: str
    affiliation: str
    title: str
    show: str  # show, host, channel, course provider or publication
    date: dt.date
    duration_min: int | None = Field(default=None, ge=1)
    url: str
    language: Lang | Literal["en-ko"] = "en"
    concepts: list[Slug] = Field(min_length=1)
    summary: Text  # always shown labelled as a summary, never in quotation marks
    quotes: list[Quote] = []
    verified: dt.date


class Question(Strict):
    prompt: Text
    criteria: list[Text] = Field(min_length=1)  # rubric: each is met or not met


class Exercise(Strict):
    """A concept x depth exercise. Files live beside `exercise.yaml` in its folder."""

    id: Slug
    concept: Slug
    depth: Depth
    title: Text
    instructions: Text
    questions: list[Question] = Field(min_length=1)
    requires: list[str] = []  # importable modules the learner's interpreter needs, e.g. torch
    starter: str = "starter.py"
    solution: str = "solution.py"
    visible_tests: str = "test_visible.py"
    hidden_tests: str = "test_hidden.py"
    wrong_solutions: list[str] = []  # plausible mistakes that a hidden test must catch
    timeout_s: float = Field(default=60, gt=0, le=600)


MilestoneKind = Literal["concepts_studied", "concepts_mastered", "depth_reached", "weekly_goal_met", "sessions"]


class Milestone(Strict):
    id: Slug
    kind: MilestoneKind
    threshold: int = Field(ge=1)
    title: Text  # may use {n} for the threshold


class TrackStep(Strict):
    concept: Slug
    depth: Depth


class Track(Strict):
    """A curated route through the graph: ordered milestones, each a concept at a depth."""

    id: Slug
    title: Text
    summary: Text
    default: bool = False  # the track a learner without goals follows
    milestones: list[TrackStep] = Field(min_length=1)


class ExerciseFiles(Strict):
    """An exercise with its code read in, ready to copy into a journal or a sandbox."""

    exercise: Exercise
    folder: str
    starter: str
    solution: str
    visible_tests: str
    hidden_tests: str
    wrong_solutions: dict[str, str] = {}


# ---------------------------------------------------------------- the learner's journal


class Goal(Strict):
    """A concept the learner aims at, to a depth, optionally by a date."""

    concept: Slug
    depth: Depth = 2
    by: dt.date | None = None


class KnownConcept(Strict):
    """A concept the learner already has at a depth (by hand, or from the placement)."""

    concept: Slug
    depth: Depth


class LearnerProfile(Strict):
    """`_data/tutor/learner.yaml`: hand-editable, validated on every read."""

    name: str = ""
    language: Lang = "ko"
    timezone: str = "UTC"
    weekly_goal: int = Field(default=3, ge=1, le=14)
    focus_categories: list[Slug] = []
    python: str | None = None  # interpreter for exercises (the one with the learner's PyTorch)
    journey_start: dt.date | None = None
    goals: list[Goal] = []  # in order: the first one not yet reached is the current goal
    track: Slug | None = None  # a curated track (knowledge/tracks.yaml) when there are no goals
    known: list[KnownConcept] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown timezone {v!r}; use an IANA name such as Asia/Seoul") from e
        return v


# ---------------------------------------------------------------- what the post-writer writes


class WrittenQuestion(Strict):
    prompt: str
    criteria: list[str] = Field(default=[], description="rubric: each criterion is met or not met")


class WrittenExercise(Strict):
    instructions: str = ""
    starter: str = Field(default="", description="python with TODOs; must fail the tests")
    tests: str = Field(default="", description="plain test_* functions doing `from exercise import ...`")
    solution: str = Field(default="", description="reference solution; must pass the tests")


class Slots(Strict):
    """The prose of a post, in the learner's language. Markdown; no headings of level 1–2."""

    intro: str = ""
    why_now: str = ""
    core_why: str = ""
    core_how: str = ""
    core_when: str = ""
    core_who: str = ""
    core_where: str = ""
    questions: list[WrittenQuestion] = []
    exercise: WrittenExercise | None = None


# the prose slots, in post order: every str field of Slots (one source for the names)
SLOT_NAMES: tuple[str, ...] = tuple(n for n, f in Slots.model_fields.items() if f.annotation in (str, "str"))
