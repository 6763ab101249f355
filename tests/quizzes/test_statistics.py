"""Per-question statistics, checked against hand-worked numbers."""
from types import SimpleNamespace

import pytest

from app.quizzes.statistics import correlation, question_statistics

SPEC = {"pass_mark": 50, "questions": [
    {"key": key, "kind": "single", "prompt": key, "explanation": "", "choices": ["r", "w"],
     "correct": [0]} for key in ("a", "b", "c")]}


def attempt(**answers):
    """An ended attempt that asked every question: 0 is the right choice, 1 a wrong one."""
    return SimpleNamespace(in_progress=False, answers={k: [v] for k, v in answers.items()},
                           asked_keys=lambda spec: ["a", "b", "c"])


def test_facility_is_the_share_of_attempts_right():
    attempts = [attempt(a=0, b=0, c=1), attempt(a=0, b=1, c=1), attempt(a=1, b=1, c=1),
                attempt(a=0, b=0, c=0)]
    a, b, c = question_statistics(SPEC, attempts)
    assert (a.asked, a.facility, b.facility, c.facility) == (4, 0.75, 0.5, 0.25)


def test_discrimination_correlates_a_question_with_the_rest_of_the_attempt():
    # Question a: right in the attempts that do well on b and c, wrong in the others.
    attempts = [attempt(a=0, b=0, c=0), attempt(a=0, b=0, c=1), attempt(a=1, b=1, c=1),
                attempt(a=1, b=1, c=0)]
    a = question_statistics(SPEC, attempts)[0]
    # x (a right) = 1, 1, 0, 0; y (share right of b and c) = 1, .5, 0, .5
    # mean x .5, mean y .5; cov = .5*.5 + .5*0 + -.5*-.5 + -.5*0 = .5
    # spread x = 1, spread y = sqrt(.25 + 0 + .25 + 0) = .7071 → r = .7071
    assert a.discrimination == pytest.approx(0.70711, abs=1e-4)


def test_discrimination_is_undefined_without_spread_or_attempts():
    assert correlation([]) is None
    assert correlation([(1, 0.5)]) is None
    assert correlation([(1, 0.5), (1, 0.0)]) is None  # everyone right: no spread
    assert question_statistics(SPEC, [])[0].facility is None


def test_attempts_in_progress_are_left_out():
    running = SimpleNamespace(in_progress=True, answers={}, asked_keys=lambda spec: ["a"])
    assert question_statistics(SPEC, [running, attempt(a=0, b=0, c=0)])[0].asked == 1
