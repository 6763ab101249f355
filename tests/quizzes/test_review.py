"""What a result shows, by the quiz's review policy: by default the correct answers only when
the participant can no longer try again; before the policy's moment, the score only."""
import pytest

from tests.quizzes.conftest import NONE_RIGHT, ONE_RIGHT

EXPLANATION = "Bandung is the capital."


def result_of(client, response):
    return client.get(response.location).text


def test_by_default_a_failed_attempt_with_tries_left_shows_the_score_only(
        client, at_the_quiz, take):
    page = result_of(client, take(NONE_RIGHT))
    assert "You scored 0%" in page and "You may try again." in page
    assert EXPLANATION not in page
    assert "— correct answer" not in page and "not right" not in page
    assert "shows more of each attempt (the correct answers and explanations) at a later " \
           "moment: when no attempt is left." in page


def test_by_default_the_last_attempt_shows_the_correct_answers(client, at_the_quiz, take):
    take(NONE_RIGHT)
    take(NONE_RIGHT)
    page = result_of(client, take(NONE_RIGHT))
    assert EXPLANATION in page and "— correct answer" in page


def test_by_default_a_pass_shows_the_correct_answers(client, at_the_quiz, take):
    assert EXPLANATION in result_of(client, take(ONE_RIGHT))


def test_an_earlier_result_shows_more_once_the_moment_has_come(client, at_the_quiz, take):
    first = take(NONE_RIGHT)
    assert EXPLANATION not in result_of(client, first)
    take(ONE_RIGHT)
    assert EXPLANATION in result_of(client, first)


def test_mistakes_show_which_were_wrong_but_not_the_answers(
        client, at_the_quiz, take, round_settings):
    round_settings(review="mistakes", review_after="each-attempt")
    page = result_of(client, take(ONE_RIGHT))
    assert "not right" in page and "your choice" in page
    assert EXPLANATION not in page and "— correct answer" not in page


def test_answers_after_each_attempt_when_the_round_chose_so(
        client, at_the_quiz, take, round_settings):
    round_settings(review_after="each-attempt")
    assert EXPLANATION in result_of(client, take(NONE_RIGHT))


@pytest.mark.parametrize("moment", ["passing", "round-closed"])
def test_later_moments_hold_the_answers_back_from_a_failed_attempt(
        client, at_the_quiz, take, round_settings, moment):
    round_settings(review_after=moment, attempts=1)
    page = result_of(client, take(NONE_RIGHT))
    assert EXPLANATION not in page
    assert "at a later moment" in page


def test_after_the_round_closes_the_answers_are_shown(
        client, db, at_the_quiz, take, round_settings, cohort):
    round_settings(review_after="round-closed")
    response = take(NONE_RIGHT)
    cohort.status = "completed"
    db.session.flush()
    assert EXPLANATION in result_of(client, response)
