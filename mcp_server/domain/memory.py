"""Memory: one FSRS card per (concept, depth), replayed from the check and review events in
order with the `fsrs` package (no fuzzing, no intra-day learning steps: lessons are daily), so
the cards are a pure function of the log. A card is due when its due time has passed; a concept is
remembered while its retrievability is at least RETENTION_TARGET.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler

from .events import MemoryEvent

RETENTION_TARGET = 0.9
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

_scheduler = Scheduler(desired_retention=RETENTION_TARGET, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
_DECAY = -_scheduler.parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1


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
        """FSRS's forgetting curve, R = (1 + F·t/S)^D with t in whole days since the last review
        (as `Scheduler.get_card_retrievability`, without building a Card: plans read many)."""
        if self._last is None or not self.stability:
            return 0.0
        elapsed = max(0, (now - self._last).days)
        return float((1 + _FACTOR * elapsed / self.stability) ** _DECAY)

    _last: dt.datetime | None = None


def cards(log: Iterable[MemoryEvent]) -> dict[tuple[str, int], CardState]:
    """Replay checks and reviews in time order (the log validated them already)."""
    out: dict[tuple[str, int], tuple[Card, int, str]] = {}
    for ev in sorted(log, key=lambda e: e.at):
        key = (ev.concept, ev.depth)
        card, n, _ = out.get(key, (Card(card_id=len(out) + 1), 0, ""))
        card, _log = _scheduler.review_card(card, RATINGS[ev.rating], review_datetime=ev.at.astimezone(dt.UTC))
        out[key] = (card, n + 1, ev.rating)
    return {
        k: CardState(concept=k[0], depth=k[1], due=c.due, stability=float(c.stability or 0),
                     difficulty=float(c.difficulty or 0), reviews=n, last_rating=r, _last=c.last_review)
        for k, (c, n, r) in out.items()
    }


def due_summary(states: Iterable[CardState], end: dt.datetime) -> tuple[int, dt.datetime | None]:
    """(cards due by `end`, the earliest due time after `end` or None): what status and the post say."""
    due = [c.due for c in states]
    later = [d for d in due if d > end]
    return sum(d <= end for d in due), min(later, default=None)
