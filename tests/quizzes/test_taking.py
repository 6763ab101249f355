"""Taking a quiz: an attempt is started, its answers are saved as they are given, unanswered
questions are confirmed, and it is submitted once; attempts are limited, and a pass ends the
quiz. Forged input is refused by name and records nothing."""
from sqlalchemy import select

from app.learning.models import Completion
from tests.quizzes.conftest import (ALL_RIGHT, NONE_RIGHT, ONE_RIGHT, attempts, current_attempt,
                                    quiz_url)


def test_the_quiz_page_offers_an_attempt_and_no_answers(client, at_the_quiz, cohort):
    page = client.get(quiz_url(cohort)).text
    assert "/attempts" in page
    assert "Which city is the capital of West Java?" not in page  # asked once started
    client.post(quiz_url(cohort) + "/attempts", data={})
    page = client.get(quiz_url(cohort)).text
    assert "Which city is the capital of West Java?" in page
    assert "Bandung is the capital." not in page


def test_reading_the_quiz_page_starts_nothing(client, db, at_the_quiz, cohort):
    client.get(quiz_url(cohort))
    assert attempts(db) == []


def test_a_started_attempt_survives_a_reload_with_its_saved_answers(
        client, db, at_the_quiz, cohort):
    client.post(quiz_url(cohort) + "/attempts", data={})
    attempt = current_attempt(db)
    saved = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers",
                        data={"q-domains": ["0", "1"]})
    assert saved.status_code == 200 and saved.json["saved"] is True
    client.post(quiz_url(cohort) + "/attempts", data={})  # starting again takes it up
    assert [a.id for a in attempts(db)] == [attempt.id]
    page = client.get(quiz_url(cohort)).text
    assert 'id="q-domains-0" value="0" checked' in page
    assert 'id="q-domains-1" value="1" checked' in page
    assert 'id="q-capital-0" value="0" checked' not in page


def test_passing_completes_the_quiz_with_its_score_and_shows_the_answers(
        client, db, at_the_quiz, take, enrollment):
    response = take(ALL_RIGHT)
    assert response.status_code == 302
    result = client.get(response.location).text
    assert "Bandung is the capital." in result
    assert db.session.scalars(select(Completion.score).filter_by(
        enrollment_id=enrollment.id).where(Completion.score.is_not(None))).all() == [100]
    [attempt] = attempts(db)
    assert (attempt.number, attempt.status, attempt.score, attempt.passed) == (
        1, "submitted", 100, True)


def test_a_passed_quiz_takes_no_further_attempt(client, db, at_the_quiz, take, cohort):
    take(ONE_RIGHT)
    response = client.post(quiz_url(cohort) + "/attempts", data={})
    assert len(attempts(db)) == 1
    assert "no further attempt" in client.get(response.location).text


def test_a_failed_attempt_is_kept_and_completes_nothing(db, at_the_quiz, take):
    take(NONE_RIGHT)
    [attempt] = attempts(db)
    assert (attempt.score, attempt.passed) == (0, False)
    assert db.session.scalar(select(Completion).where(Completion.score.is_not(None))) is None


def test_attempts_stop_at_the_limit(client, db, at_the_quiz, take, cohort):
    for _ in range(3):
        take(NONE_RIGHT)
    response = client.post(quiz_url(cohort) + "/attempts", data={})
    assert len(attempts(db)) == 3
    assert current_attempt(db) is None
    assert "You have used all 3 attempts at this quiz." in client.get(response.location).text


def test_unanswered_questions_are_listed_before_the_attempt_is_submitted(
        client, db, at_the_quiz, take, cohort):
    response = take({"q-domains": ["0", "1"]}, confirm=False)
    attempt = current_attempt(db)
    assert attempt is not None and attempt.answers == {"domains": [0, 1]}
    assert response.location.endswith("?confirm=1")
    page = client.get(response.location).text
    assert "question 1" in page  # the capital question, unanswered
    confirmed = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                            data={"confirm": "1"})
    assert confirmed.status_code == 302
    [ended] = attempts(db)
    assert (ended.status, ended.score) == ("submitted", 50)


def test_a_blank_attempt_scores_nothing_and_completes_nothing(db, at_the_quiz, take):
    take({})
    [attempt] = attempts(db)
    assert (attempt.score, attempt.passed) == (0, False)
    assert db.session.scalar(select(Completion).where(Completion.score.is_not(None))) is None


def test_partial_answer_to_a_multiple_choice_scores_nothing(db, at_the_quiz, take):
    take({"q-capital": "1", "q-domains": ["0"]})
    assert attempts(db)[0].score == 0


def test_a_second_submit_of_the_same_attempt_records_it_once(
        client, db, at_the_quiz, take, cohort):
    take(NONE_RIGHT)
    [attempt] = attempts(db)
    again = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                        data=dict(ALL_RIGHT, confirm="1"))
    assert "submitted already" in client.get(again.location).text
    [kept] = attempts(db)
    assert (kept.score, kept.passed) == (0, False)
    assert db.session.scalar(select(Completion).where(Completion.score.is_not(None))) is None


def test_an_answer_to_a_question_not_asked_is_refused_by_name(
        client, db, at_the_quiz, cohort):
    client.post(quiz_url(cohort) + "/attempts", data={})
    attempt = current_attempt(db)
    saved = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers",
                        data={"q-capital": "0", "q-secret": "1"})
    assert saved.status_code == 409
    assert "secret" in saved.json["message"]
    submitted = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                            data=dict(ALL_RIGHT, **{"q-secret": "1", "confirm": "1"}))
    assert "secret" in client.get(submitted.location).text
    assert current_attempt(db).answers == {}  # nothing of either was saved


def test_a_choice_a_question_does_not_have_is_refused(client, db, at_the_quiz, cohort):
    client.post(quiz_url(cohort) + "/attempts", data={})
    attempt = current_attempt(db)
    for forged in ({"q-domains": ["9"]}, {"q-domains": ["x"]}, {"q-capital": ["0", "1"]}):
        response = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers", data=forged)
        assert response.status_code == 409, forged
    assert current_attempt(db).answers == {}


def test_a_locked_quiz_starts_no_attempt(client, db, sign_in, participant, cohort):
    sign_in(participant)
    client.post(quiz_url(cohort) + "/attempts", data={})
    assert attempts(db) == []


def test_another_participants_attempt_is_not_found(
        client, db, at_the_quiz, take, make_user, sign_in, cohort):
    from app.enrolment.services import enroll
    response = take(NONE_RIGHT)
    attempt = attempts(db)[0]
    classmate = make_user(email="classmate@madangan.example")
    enroll(cohort, classmate, actor=None)
    client.post("/sign-out", data={})
    sign_in(classmate)
    assert client.get(response.location).status_code == 404
    assert client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers",
                       data={"q-capital": "0"}).status_code == 404
