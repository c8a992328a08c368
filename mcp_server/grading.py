"""Scores, ratings and memory cards. Pure: no I/O.

Score of a check (0..1):
  code     = tests passed / tests run (visible and hidden together; a test that crashed,
             timed out or was not run counts as not passed);
  written  = rubric criteria met / criteria (over every question);
  score    = 0.6 * code + 0.4 * written; with no tests, written alone; with no criteria, code.
Rating, derived from the score and never asked of the learner:
  Again < 0.5 <= Hard < 0.8 <= Good < 0.9 <= Easy.
A depth is mastered when a check at that depth scores >= 0.8 (Good or Easy): the next depth
opens (see learner.MASTERY_THRESHOLD).
Memory: one FSRS card per (concept, depth), replayed from the check events in order with the
`fsrs` package (no fuzzing, no intra-day learning steps: lessons are daily), so the cards are
a pure function of the log. A card is due when its due time has passed; a concept is
remembered while its retrievability is at least RETENTION_TARGET.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fsrs import Card, Rating, Scheduler, State

CODE_WEIGHT, WRITTEN_WEIGHT = 0.6, 0.4
RETENTION_TARGET = 0.9
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

_scheduler = Scheduler(desired_retention=RETENTION_TARGET, learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def score(tests_passed: int, tests_total: int, criteria_met: int, criteria_total: int) -> tuple[float, float | None, float | None]:
    """(score, code score or None, written score or None)."""
    code = tests_passed / tests_total if tests_total else None
    written = criteria_met / criteria_total if criteria_total else None
    if code is None and written is None:
        return 0.0, None, None
    if code is None:
        return float(written or 0.0), None, written
    if written is None:
        return code, code, None
    return CODE_WEIGHT * code + WRITTEN_WEIGHT * written, code, written


def rating(s: float) -> str:
    if s >= 0.9:
        return "easy"
    if s >= 0.8:
        return "good"
    if s >= 0.5:
        return "hard"
    return "again"


@dataclass(frozen=True)
class CardState:
    concept: str
    depth: int
    due: dt.datetime
    stability: float
    difficulty: float
    reviews: int
    last_rating: str

    def retrievability(self, now: dt.datetime) -> float:
        card = Card(card_id=1, state=State.Review, stability=self.stability, difficulty=self.difficulty, due=self.due,
                    last_review=self._last)
        return float(_scheduler.get_card_retrievability(card, now))

    _last: dt.datetime | None = None


def cards(checks: Iterable[dict[str, Any]]) -> dict[tuple[str, int], CardState]:
    """Replay check events (each with concept, depth, rating, at) in time order."""
    out: dict[tuple[str, int], tuple[Card, int, str]] = {}
    for ev in sorted(checks, key=lambda e: str(e.get("at"))):
        try:
            key = (str(ev["concept"]), int(ev["depth"]))
            when = dt.datetime.fromisoformat(str(ev["at"])).astimezone(dt.UTC)
            grade = RATINGS[str(ev["rating"])]
        except (KeyError, ValueError, TypeError):
            continue  # a line the learner edited by hand: it cannot move a card
        card, n, _ = out.get(key, (Card(card_id=len(out) + 1), 0, ""))
        card, _log = _scheduler.review_card(card, grade, review_datetime=when)
        out[key] = (card, n + 1, str(ev["rating"]))
    return {
        k: CardState(concept=k[0], depth=k[1], due=c.due, stability=float(c.stability or 0),
                     difficulty=float(c.difficulty or 0), reviews=n, last_rating=r, _last=c.last_review)
        for k, (c, n, r) in out.items()
    }
