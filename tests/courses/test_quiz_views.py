"""Quizzes: answers stay on the server until submission, attempts are kept, best score counts."""
from sqlalchemy import select

from app.learning.models import Completion, QuizAttempt


def quiz_url(cohort):
    return f"/journey/{cohort.id}/platforms/final-quiz"


def submit_url(cohort):
    return quiz_url(cohort) + "/quiz"


ALL_RIGHT = {"q-capital": "0", "q-domains": ["0", "1"]}


def finish_lessons(client, cohort):
    for lesson in ("m1-lesson-1", "m1-lesson-2"):
        client.post(f"/journey/{cohort.id}/platforms/{lesson}/done", data={})


def completion(db, enrollment):
    return db.session.scalar(select(Completion).filter_by(enrollment_id=enrollment.id))


def test_quiz_page_does_not_reveal_the_answers(client, sign_in, participant, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    page = client.get(quiz_url(cohort)).text
    assert "Which city is the capital of West Java?" in page
    assert "Bandung is the capital." not in page
    assert "correct" not in page.lower().replace("correct horse", "")


def test_passing_quiz_completes_it_with_its_score(
        client, sign_in, db, participant, enrollment, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    response = client.post(submit_url(cohort), data=ALL_RIGHT)
    assert response.status_code == 302
    result = client.get(response.location).text
    assert "Bandung is the capital." in result
    quiz_completion = db.session.scalars(select(Completion).filter_by(
        enrollment_id=enrollment.id, score=100)).one()
    assert quiz_completion.score == 100


def test_failing_quiz_keeps_the_attempt_but_does_not_complete(
        client, sign_in, db, participant, enrollment, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    client.post(submit_url(cohort), data={"q-capital": "1", "q-domains": ["0"]})
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert (attempt.score, attempt.passed) == (0, False)
    assert db.session.scalar(select(Completion).filter(Completion.score.is_not(None))) is None


def test_retake_keeps_the_best_score(client, sign_in, db, participant, enrollment, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    client.post(submit_url(cohort), data=ALL_RIGHT)  # 100
    client.post(submit_url(cohort), data={"q-capital": "0", "q-domains": ["0"]})  # 50, passes
    scores = db.session.scalars(select(Completion.score).where(
        Completion.score.is_not(None))).all()
    assert scores == [100]
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 2


def test_partial_answer_to_multiple_choice_scores_nothing(client, sign_in, db, participant, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    client.post(submit_url(cohort), data={"q-capital": "1", "q-domains": ["0"]})
    assert db.session.scalars(select(QuizAttempt.score)).one() == 0


def test_forged_answers_are_ignored(client, sign_in, db, participant, cohort):
    sign_in(participant)
    finish_lessons(client, cohort)
    forged = {"q-capital": ["0", "1"], "q-domains": ["9", "x", "-1"]}
    response = client.post(submit_url(cohort), data=forged)
    assert response.status_code == 302
    assert db.session.scalars(select(QuizAttempt.score)).one() == 0


def test_quiz_cannot_be_submitted_while_locked(client, sign_in, db, participant, cohort):
    sign_in(participant)
    client.post(submit_url(cohort), data=ALL_RIGHT)
    assert db.session.scalar(select(QuizAttempt)) is None


def test_another_participants_attempt_is_not_found(
        client, sign_in, db, make_user, participant, cohort):
    from app.enrolment.services import enroll
    sign_in(participant)
    finish_lessons(client, cohort)
    response = client.post(submit_url(cohort), data={"q-capital": "0"})
    classmate = make_user(email="classmate@madangan.example")
    enroll(cohort, classmate, actor=None)
    client.post("/sign-out", data={})
    sign_in(classmate)
    assert client.get(response.location).status_code == 404
