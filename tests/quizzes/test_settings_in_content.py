"""A quiz file declares how it is taken; wrong settings are refused with the file and the
setting named, and settings left out take the defaults."""
import pytest

from app.content.loader import load_content
from app.content.quiz_settings import QuizSettings, quiz_settings
from tests.courses.test_content import QUIZ, problems_of, write_course

SETTINGS = """
attempts = 2
time_limit = 15
draw = 1
shuffle_questions = true
shuffle_choices = true
review = "mistakes"
review_after = "passing"
"""


def loaded_spec(root):
    [course] = load_content(root)
    return next(a for m in course.modules for a in m.activities if a.kind == "quiz").spec


def test_declared_settings_are_read(tmp_path):
    write_course(tmp_path, quiz=SETTINGS + QUIZ)
    assert quiz_settings(loaded_spec(tmp_path)) == QuizSettings(
        attempts=2, time_limit=15, draw=1, shuffle_questions=True, shuffle_choices=True,
        review="mistakes", review_after="passing")


def test_settings_left_out_are_the_defaults(tmp_path):
    write_course(tmp_path)
    settings = quiz_settings(loaded_spec(tmp_path))
    assert settings == QuizSettings()
    assert (settings.attempts, settings.review, settings.review_after) == (
        3, "answers", "last-attempt")


def test_a_rounds_overrides_win_over_the_file(tmp_path):
    write_course(tmp_path, quiz=SETTINGS + QUIZ)
    settings = quiz_settings(loaded_spec(tmp_path), {"attempts": 5, "unknown": 1})
    assert (settings.attempts, settings.time_limit) == (5, 15)


@pytest.mark.parametrize("line, problem", [
    ("attempts = -1", "attempts must be a whole number, 0 or more"),
    ("time_limit = 1.5", "time_limit must be a whole number, 0 or more"),
    ("draw = 2", "draw is 2 but the quiz has only 1 questions"),
    ('shuffle_choices = "yes"', "shuffle_choices must be true or false"),
    ('review = "everything"', "review must be one of score, mistakes, answers"),
    ('review_after = "never"',
     "review_after must be one of each-attempt, passing, last-attempt, round-closed"),
])
def test_a_wrong_setting_is_named_with_the_file(tmp_path, line, problem):
    write_course(tmp_path, quiz=line + "\n" + QUIZ)
    message = problems_of(tmp_path)
    assert "check.toml" in message and problem in message
