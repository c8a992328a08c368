"""The journal's event log: one pydantic model per event type, versioned. Pure.

`_data/tutor/events.jsonl` holds one JSON object per line. Every writer builds one of these
models (so nothing reaches the log unvalidated) and every reader parses lines with
`parse_line` (so a hand edit such as `"score": "high"` is reported as
`events.jsonl:LINE: field: problem` and skipped, never crashes a tool). The fold in
`learner` is the only place that interprets them.

Unknown fields are ignored on reading, so an older tutor can read a newer log; a newer
version of an event bumps `v` and keeps reading the older ones.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .models import Depth

Score = Annotated[float, Field(ge=0, le=1)]
Rating = Literal["again", "hard", "good", "easy"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    v: Literal[1] = 1
    at: AwareDatetime  # when it happened, with the learner's UTC offset (days are compared as instants)

    def line(self) -> bytes:
        """The event as one log line (UTF-8, no spaces, newline-terminated)."""
        return (self.model_dump_json(exclude_none=False) + "\n").encode()


class AskedQuestion(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    prompt: str
    criteria: list[str]


class LessonPublished(_Event):
    type: Literal["lesson_published"] = "lesson_published"
    lesson: str
    date: dt.date
    concept: str
    depth: Depth
    post: str
    title: str
    files: dict[str, str] = {}  # journal-relative path -> sha256 the tutor wrote
    exercise: str | None = None  # curated exercise id, or None for a written one
    exercise_dir: str = ""
    questions: list[AskedQuestion] = []
    resources: list[str] = []  # the voices and reading the post numbered, in order
    reason: str = ""  # the planner's reason code, as printed in the post
    remedial: bool = False
    window: str = ""  # which server (window or session) published it; "" before this was logged


class FilesIntended(_Event):
    """Logged before the tutor writes files (write-ahead): the hashes it is about to write. A file
    with one of these hashes is the tutor's even if the confirming event never made it to the log
    (a kill, a full disk, another window)."""

    type: Literal["files_intended"] = "files_intended"
    lesson: str
    files: dict[str, str] = {}  # journal-relative path -> sha256 about to be written


class TestVerdict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    label: str
    test: str
    verdict: str


class ExerciseRun(_Event):
    type: Literal["exercise_run"] = "exercise_run"
    lesson: str
    solution_sha256: str
    passed: int = Field(ge=0)
    total: int = Field(ge=0)
    tests: list[TestVerdict] = []


class CheckRecorded(_Event):
    type: Literal["check_recorded"] = "check_recorded"
    lesson: str
    concept: str
    depth: Depth
    score: Score
    code_score: Score | None = None
    written_score: Score | None = None
    rating: Rating
    run_at: dt.datetime | None = None
    marks: list[list[bool]] = []
    missed: list[str] = []
    feedback: str = ""
    feedback_sha256: str | None = None


class ReviewRecorded(_Event):
    """One retrieval question answered in /review: it moves the FSRS card of (concept, depth) as a
    check does, and nothing else (mastery stays the checks')."""

    type: Literal["review_recorded"] = "review_recorded"
    concept: str
    depth: Depth
    item: str  # the queue item answered, "concept@depth#n": n memory events on the card before it
    source: Literal["lesson", "bank", "writer"]
    question: str
    score: Score
    rating: Rating
    marks: list[bool] = []
    missed: list[str] = []


class ResourceOpened(_Event):
    type: Literal["resource_opened"] = "resource_opened"
    resource: str | None = None
    url: str
    opened: bool


class Verdict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    url: str
    verdict: str
    checked_at: dt.datetime
    status: int | None = None
    final_url: str | None = None
    reason: str = ""


class LinksChecked(_Event):
    type: Literal["links_checked"] = "links_checked"
    results: list[Verdict] = []


Event = Annotated[
    LessonPublished | ExerciseRun | CheckRecorded | ReviewRecorded | ResourceOpened | LinksChecked | FilesIntended,
    Field(discriminator="type"),
]
_adapter: TypeAdapter[Event] = TypeAdapter(Event)
TYPES = ("lesson_published", "exercise_run", "check_recorded", "review_recorded", "resource_opened", "links_checked",
         "files_intended")
MemoryEvent = CheckRecorded | ReviewRecorded  # what moves a memory card


def parse_line(raw: bytes, where: str) -> tuple[Event | None, str | None]:
    """(event, None) for a valid line; (None, problem) otherwise, the problem as
    `where: field: what is wrong` so the learner can find and fix the line."""
    try:  # the common case in one pass of pydantic-core; the slow path below explains failures
        return _adapter.validate_json(raw), None
    except ValueError:
        pass
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as e:
        return None, f"{where}: not valid JSON ({e.msg}); the line was skipped and left in place"
    except UnicodeDecodeError:
        return None, f"{where}: not UTF-8 text; the line was skipped and left in place"
    if not isinstance(data, dict) or "type" not in data:
        return None, f"{where}: type: missing (not an event object); the line was skipped and left in place"
    if data["type"] not in TYPES:
        return None, (f"{where}: type: unknown event type {data['type']!r} (written by a newer version?); "
                      "the line was skipped and left in place")
    try:
        return _adapter.validate_python(data), None
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(p) for p in err["loc"][1:]) or "event"  # loc[0] is the event type
        more = f" (and {len(e.errors()) - 1} more)" if len(e.errors()) > 1 else ""
        return None, (f"{where}: {loc}: {err['msg']}{more} (in a {data['type']} event); "
                      "the line was skipped and left in place — fix or delete it")


def parse(data: dict[str, Any]) -> Event:
    """One event from its JSON object; raises pydantic's ValidationError when it is invalid."""
    return _adapter.validate_python(data)
