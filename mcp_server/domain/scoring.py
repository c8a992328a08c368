"""Scores and ratings of a check. Pure.

Score of a check (0..1):
  code     = tests passed / tests run (visible and hidden together; a test that crashed,
             timed out or was not run counts as not passed);
  written  = rubric criteria met / criteria (over every question);
  score    = 0.6 * code + 0.4 * written; with no tests, written alone; with no criteria, code.
Rating, derived from the score and never asked of the learner:
  Again < 0.5 <= Hard < MASTERY_THRESHOLD (0.8) <= Good < 0.9 <= Easy.
A depth is mastered when a check at that depth scores >= MASTERY_THRESHOLD (Good or Easy).
"""

from __future__ import annotations

from .events import Rating
from .learner import MASTERY_THRESHOLD

CODE_WEIGHT, WRITTEN_WEIGHT = 0.6, 0.4
HARD_FROM, EASY_FROM = 0.5, 0.9


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


def rating(s: float) -> Rating:
    if s >= EASY_FROM:
        return "easy"
    if s >= MASTERY_THRESHOLD:
        return "good"
    if s >= HARD_FROM:
        return "hard"
    return "again"
