"""The participant's pages: my learning, the journey, lessons, and who may see them."""
from sqlalchemy import select

from app.learning.models import Completion


def lesson_url(cohort, course="platforms", activity="m1-lesson-1"):
    return f"/journey/{cohort.id}/{course}/{activity}"


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in" in response.location


def test_home_lists_my_program_with_progress(client, sign_in, participant, cohort):
    sign_in(participant)
    page = client.get("/").text
    assert "Digital Leadership" in page
    assert "0 of 6 activities done" in page or "0 dari 6 aktivitas selesai" in page


def test_journey_shows_courses_in_order_with_the_quiz_locked(client, sign_in, participant, cohort):
    sign_in(participant)
    page = client.get(f"/journey/{cohort.id}").text
    assert page.index("Course platforms") < page.index("Course change")
    assert "Lesson 1.1" in page and "Final quiz" in page
    assert page.count('href="' + lesson_url(cohort, activity="final-quiz")) == 0


def test_marking_a_lesson_done_records_one_completion_and_moves_on(
        client, sign_in, db, participant, enrollment, cohort):
    sign_in(participant)
    response = client.post(lesson_url(cohort) + "/done", data={})
    assert response.status_code == 302
    assert response.location.endswith(f"/journey/{cohort.id}/next")
    client.post(lesson_url(cohort) + "/done", data={})
    completions = db.session.scalars(select(Completion).filter_by(
        enrollment_id=enrollment.id)).all()
    assert len(completions) == 1
    next_page = client.get(response.location)
    assert next_page.location.endswith(lesson_url(cohort, activity="m1-lesson-2"))


def test_progress_rises_when_a_lesson_is_done(client, sign_in, participant, cohort):
    sign_in(participant)
    client.post("/language", data={"locale": "en", "next": "/"})
    client.post(lesson_url(cohort) + "/done", data={})
    assert "1 of 6 activities done" in client.get("/").text
    assert "17%" in client.get(f"/journey/{cohort.id}").text


def test_lesson_page_shows_the_body(client, sign_in, participant, cohort):
    sign_in(participant)
    page = client.get(lesson_url(cohort)).text
    assert "<p>Body of lesson 1.1</p>" in page


def test_a_locked_activity_sends_the_learner_back_to_the_journey(
        client, sign_in, participant, cohort):
    sign_in(participant)
    response = client.get(lesson_url(cohort, activity="final-quiz"))
    assert response.status_code == 302
    assert response.location.endswith(f"/journey/{cohort.id}")


def test_marking_a_locked_activity_done_is_refused(client, sign_in, db, participant, cohort):
    sign_in(participant)
    client.post(lesson_url(cohort, activity="final-quiz") + "/done", data={})
    assert db.session.scalar(select(Completion)) is None


def test_mark_done_without_csrf_token_is_rejected(client, sign_in, db, participant, cohort):
    sign_in(participant)
    response = client.post(lesson_url(cohort) + "/done", data={}, csrf=False)
    assert response.status_code == 400
    assert db.session.scalar(select(Completion)) is None


def test_someone_elses_journey_is_not_found(client, sign_in, outsider, cohort):
    sign_in(outsider)
    assert client.get(f"/journey/{cohort.id}").status_code == 404
    assert client.get(lesson_url(cohort)).status_code == 404
    assert client.post(lesson_url(cohort) + "/done", data={}).status_code == 404


def test_coach_has_no_learner_journey_in_the_cohort_they_guide(client, sign_in, coach, cohort):
    sign_in(coach)
    assert client.get(f"/journey/{cohort.id}").status_code == 404


def test_unknown_activity_is_not_found(client, sign_in, participant, cohort):
    sign_in(participant)
    assert client.get(lesson_url(cohort, activity="nope")).status_code == 404
    assert client.get(lesson_url(cohort, course="nope")).status_code == 404
