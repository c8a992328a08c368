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


ExerciseKind = Literal["predict", "compute", "implement", "experiment", "critique"]


class Exercise(Strict):
    """A concept x depth exercise. Files live beside `exercise.yaml` in its folder."""

    id: Slug
    concept: Slug
    depth: Depth
    # what the learner does: depth 1 predicts or computes by hand, depth 2 implements and
    # compares with the library, depth 3 measures a property, depth 4 critiques (by rubric)
    kind: ExerciseKind
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


# Size limits of what the writer sends, checked before anything else reads it: a post is a
# few thousand characters, and every later check must stay cheap on whatever arrives.
SLOT_MAX = 20_000  # each prose slot, and the exercise instructions
QUESTION_MAX = 4_000  # each question prompt and each rubric criterion
CODE_MAX = 50_000  # each of the exercise's starter, tests, hidden tests, solution and wrong solutions
WRONG_MIN, WRONG_MAX = 2, 5  # named wrong solutions a written exercise brings
ITEMS_MAX = 12  # questions, and criteria per question
REQUEST_MAX = 200_000  # everything in the slots together


class WrittenQuestion(Strict):
    prompt: str = Field(max_length=QUESTION_MAX)
    criteria: list[Annotated[str, Field(max_length=QUESTION_MAX)]] = Field(
        default=[], max_length=ITEMS_MAX, description="rubric: each criterion is met or not met")


class WrittenExercise(Strict):
    instructions: str = Field(default="", max_length=SLOT_MAX)
    starter: str = Field(default="", max_length=CODE_MAX, description="python with TODOs; must fail the tests")
    tests: str = Field(default="", max_length=CODE_MAX,
                       description="plain test_* functions doing `from exercise import ...`")
    solution: str = Field(default="", max_length=CODE_MAX, description="reference solution; must pass the tests")
    hidden_tests: str = Field(default="", max_length=CODE_MAX,
                              description="like tests; kept private and run only at /check")
    wrong_solutions: list[str] = Field(default=[], max_length=WRONG_MAX,
                                       description=">= 2 plausible mistakes; each must fail a hidden test")


class Slots(Strict):
    """The prose of a post, in the learner's language. Markdown; no headings of level 1–2."""

    intro: str = Field(default="", max_length=SLOT_MAX)
    why_now: str = Field(default="", max_length=SLOT_MAX)
    core_why: str = Field(default="", max_length=SLOT_MAX)
    core_how: str = Field(default="", max_length=SLOT_MAX)
    core_when: str = Field(default="", max_length=SLOT_MAX)
    core_who: str = Field(default="", max_length=SLOT_MAX)
    core_where: str = Field(default="", max_length=SLOT_MAX)
    questions: list[WrittenQuestion] = Field(default=[], max_length=ITEMS_MAX)
    exercise: WrittenExercise | None = None

    @model_validator(mode="before")
    @classmethod
    def _bounded(cls, data: object) -> object:
        problems = oversized(data)
        if problems:
            raise ValueError("; ".join(problems))
        return data


def _get(obj: object, key: str) -> object:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def oversized(slots: object) -> list[str]:
    """What in `slots` (a Slots, or the raw dict sent for one) is over its size limit, each
    naming the field, its size and the limit; the whole request first. Reads only lengths."""
    fields: list[tuple[str, object, int]] = [(n, _get(slots, n), SLOT_MAX) for n in _PROSE]
    questions = _get(slots, "questions")
    if isinstance(questions, list):
        if len(questions) > ITEMS_MAX:
            return [f"questions: {len(questions):,} questions; the limit is {ITEMS_MAX}"]
        for i, q in enumerate(questions):
            fields.append((f"questions[{i}].prompt", _get(q, "prompt"), QUESTION_MAX))
            criteria = _get(q, "criteria")
            if isinstance(criteria, list):
                if len(criteria) > ITEMS_MAX:
                    return [f"questions[{i}].criteria: {len(criteria):,} criteria; the limit is {ITEMS_MAX}"]
                fields += [(f"questions[{i}].criteria[{j}]", c, QUESTION_MAX) for j, c in enumerate(criteria)]
    ex = _get(slots, "exercise")
    if ex is not None:
        fields.append(("exercise.instructions", _get(ex, "instructions"), SLOT_MAX))
        fields += [(f"exercise.{p}", _get(ex, p), CODE_MAX) for p in ("starter", "tests", "hidden_tests", "solution")]
        wrong = _get(ex, "wrong_solutions")
        if isinstance(wrong, list):
            if len(wrong) > WRONG_MAX:
                return [f"exercise.wrong_solutions: {len(wrong):,} solutions; the limit is {WRONG_MAX}"]
            fields += [(f"exercise.wrong_solutions[{i}]", w, CODE_MAX) for i, w in enumerate(wrong)]
    sizes = [(name, len(v), limit) for name, v, limit in fields if isinstance(v, str)]
    total = sum(size for _, size, _ in sizes)
    problems = [f"{'slot ' if name in _PROSE else ''}{name} is {size:,} characters; the limit is {limit:,} — shorten it"
                for name, size, limit in sizes if size > limit]
    if total > REQUEST_MAX:
        problems.insert(0, f"the slots are {total:,} characters in all; the limit is {REQUEST_MAX:,} — shorten them")
    return problems


_PROSE = ("intro", "why_now", "core_why", "core_how", "core_when", "core_who", "core_where")


# the prose slots, in post order: every str field of Slots (one source for the names)
SLOT_NAMES: tuple[str, ...] = tuple(n for n, f in Slots.model_fields.items() if f.annotation in (str, "str"))
assert SLOT_NAMES == _PROSE, SLOT_NAMES
