"""A round's quizzes for its staff: organisers see everyone's attempts and the questions'
statistics, change the round's settings and grant an extra attempt; a coach sees their own
mentees only and may grant them one; nobody else sees any of it."""
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.quizzes.models import ExtraAttempt, QuizOverride
from tests.quizzes.conftest import NONE_RIGHT, attempts, quiz_url


def quiz_page(cohort, quiz):
    return f"/manage/cohorts/{cohort.id}/quizzes/{quiz.id}"


def participant_page(cohort, quiz, enrollment):
    return f"{quiz_page(cohort, quiz)}/participants/{enrollment.id}"


def used_up(client, take, sign_in_en, staff):
    """The participant fails all three attempts; then `staff` signs in."""
    for _ in range(3):
        take(NONE_RIGHT)
    client.post("/sign-out", data={})
    sign_in_en(staff)


def test_the_organiser_sees_each_participants_attempts_and_the_statistics(
        client, at_the_quiz, take, sign_in_en, organiser, cohort, quiz, enrollment):
    used_up(client, take, sign_in_en, organiser)
    assert "Final quiz" in client.get(f"/manage/cohorts/{cohort.id}/quizzes").text
    page = client.get(quiz_page(cohort, quiz)).text
    assert "Dewi Participant" in page and "3 / 3" in page
    assert "Which city is the capital of West Java?" in page and "Facility" in page
    attempt_list = client.get(participant_page(cohort, quiz, enrollment)).text
    assert "Grant one more attempt" in attempt_list


def test_the_organiser_sees_an_attempt_in_full(
        client, db, at_the_quiz, take, sign_in_en, organiser, cohort):
    used_up(client, take, sign_in_en, organiser)
    attempt = attempts(db)[0]
    page = client.get(f"/manage/cohorts/{cohort.id}/quizzes/attempts/{attempt.id}").text
    assert "Bandung is the capital." in page and "your choice" in page


def test_an_extra_attempt_needs_a_reason_and_is_audited(
        client, db, at_the_quiz, take, sign_in_en, organiser, cohort, quiz, enrollment,
        participant):
    used_up(client, take, sign_in_en, organiser)
    url = participant_page(cohort, quiz, enrollment) + "/extra"
    refused = client.post(url, data={"reason": "  "})
    assert refused.status_code == 400 and "This field is required." in refused.text
    assert db.session.scalar(select(ExtraAttempt)) is None
    client.post(url, data={"reason": "Power cut in Garut during the second attempt"})
    event = db.session.scalars(select(AuditEvent).filter_by(
        action="quiz.extra_attempt_granted")).one()
    assert event.details["reason"] == "Power cut in Garut during the second attempt"
    client.post("/sign-out", data={})
    sign_in_en(participant)
    client.post(quiz_url(cohort) + "/attempts", data={})
    assert [a.number for a in attempts(db)] == [1, 2, 3, 4]


def test_no_extra_attempt_for_a_participant_who_passed(
        client, db, at_the_quiz, take, sign_in_en, organiser, cohort, quiz, enrollment):
    take({"q-capital": "0", "q-domains": ["0", "1"]})
    client.post("/sign-out", data={})
    sign_in_en(organiser)
    response = client.post(participant_page(cohort, quiz, enrollment) + "/extra",
                           data={"reason": "More practice"})
    assert "needs no further attempt" in client.get(response.location).text
    assert db.session.scalar(select(ExtraAttempt)) is None


def test_the_organiser_changes_the_rounds_settings(
        client, db, sign_in_en, organiser, cohort, quiz):
    sign_in_en(organiser)
    data = {"attempts": "1", "time_limit": "20", "draw": "0", "review": "score",
            "review_after": "each-attempt", "shuffle_choices": "y"}
    response = client.post(quiz_page(cohort, quiz) + "/settings", data=data)
    assert response.status_code == 302
    override = db.session.scalars(select(QuizOverride)).one()
    assert override.settings == {"attempts": 1, "time_limit": 20, "shuffle_choices": True,
                                 "review": "score", "review_after": "each-attempt"}
    assert db.session.scalars(select(AuditEvent).filter_by(
        action="quiz.settings_changed")).one()


def test_a_draw_beyond_the_quizs_questions_is_refused_by_field(
        client, db, sign_in_en, organiser, cohort, quiz):
    sign_in_en(organiser)
    response = client.post(quiz_page(cohort, quiz) + "/settings", data={
        "attempts": "3", "time_limit": "0", "draw": "5", "review": "answers",
        "review_after": "last-attempt"})
    assert response.status_code == 400
    assert "The quiz has 2 questions; draw at most that many." in response.text
    assert db.session.scalar(select(QuizOverride)) is None


def test_a_coach_sees_and_helps_their_own_mentees_only(
        client, db, at_the_quiz, take, sign_in_en, coach, other_coach, cohort, quiz,
        enrollment):
    enrollment.coach_id = coach.id
    db.session.flush()
    used_up(client, take, sign_in_en, coach)
    assert "Dewi Participant" in client.get(quiz_page(cohort, quiz)).text
    assert client.post(quiz_page(cohort, quiz) + "/settings",
                       data={"attempts": "9"}).status_code == 403
    client.post(participant_page(cohort, quiz, enrollment) + "/extra",
                data={"reason": "Was ill"})
    assert db.session.scalar(select(ExtraAttempt)).reason == "Was ill"
    client.post("/sign-out", data={})
    sign_in_en(other_coach)
    assert "Dewi Participant" not in client.get(quiz_page(cohort, quiz)).text
    assert client.get(participant_page(cohort, quiz, enrollment)).status_code == 404
    assert client.post(participant_page(cohort, quiz, enrollment) + "/extra",
                       data={"reason": "x"}).status_code == 404


def test_participants_mentors_and_other_organisations_see_none_of_it(
        client, sign_in_en, participant, mentor, other_organiser, cohort, quiz):
    for user in (participant, mentor, other_organiser):
        sign_in_en(user)
        assert client.get(quiz_page(cohort, quiz)).status_code == 404, user.email
        client.post("/sign-out", data={})
