"""Per-question statistics of a round's quiz, over its ended attempts.

Facility: the share of attempts that answered a question fully right. Discrimination: how
well the question tells strong participants from weak ones, as the correlation between being
right on it and the share right on the attempt's other questions (the corrected item-total
correlation, so a question is not correlated with itself); near 0 or below, the question
does not measure what the rest of the quiz does.
"""
from dataclasses import dataclass
from math import sqrt

from app.content.kinds import right_questions


@dataclass
class QuestionStatistics:
    number: int
    question: dict
    asked: int
    facility: float | None
    discrimination: float | None


def question_statistics(spec, attempts):
    """[QuestionStatistics] in the quiz file's order, from ended attempts."""
    ended = [attempt for attempt in attempts if not attempt.in_progress]
    marks = []  # per attempt: {key: 1 or 0} of the questions it asked
    for attempt in ended:
        keys = attempt.asked_keys(spec)
        right = right_questions(spec, keys, attempt.answers)
        marks.append({key: int(key in right) for key in keys})
    return [_statistics(number, question, marks)
            for number, question in enumerate(spec["questions"], start=1)]


def _statistics(number, question, marks):
    key = question["key"]
    pairs = [(mark[key], _rest(mark, key)) for mark in marks if key in mark and len(mark) > 1]
    asked = sum(1 for mark in marks if key in mark)
    facility = (sum(mark[key] for mark in marks if key in mark) / asked) if asked else None
    return QuestionStatistics(number, question, asked, facility, correlation(pairs))


def _rest(mark, key):
    others = [value for other, value in mark.items() if other != key]
    return sum(others) / len(others)


def correlation(pairs):
    """Pearson's r of [(x, y)]; None when it is undefined (fewer than two, or no spread)."""
    n = len(pairs)
    if n < 2:
        return None
    mean_x = sum(x for x, _y in pairs) / n
    mean_y = sum(y for _x, y in pairs) / n
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    spread_x = sqrt(sum((x - mean_x) ** 2 for x, _y in pairs))
    spread_y = sqrt(sum((y - mean_y) ** 2 for _x, y in pairs))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)
