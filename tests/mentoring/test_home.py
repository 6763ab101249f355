"""Coaches and mentors see the participants of the cohorts they guide, and no one else."""
import pytest

from app.courses.services import record_completion
from app.courses.models import Activity


def test_coach_sees_their_cohorts_participants_with_progress(client, sign_in, db, coach,
                                                             enrollment, participant, outsider):
    lesson = db.session.scalar(db.select(Activity).filter_by(slug="m1-lesson-1"))
    record_completion(enrollment, lesson)
    sign_in(coach)
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get("/mentoring/").text
    assert participant.name in page
    assert "1 of 6 activities done" in page
    assert outsider.name not in page


def test_mentor_sees_the_cohort_too(client, sign_in, mentor, participant):
    sign_in(mentor)
    assert participant.name in client.get("/mentoring/").text


@pytest.mark.parametrize("who", ["participant", "organiser"])
def test_others_may_not_open_the_mentoring_home(request, client, sign_in, who):
    sign_in(request.getfixturevalue(who))
    assert client.get("/mentoring/").status_code == 403


def test_a_coach_of_no_cohort_sees_an_empty_state(client, sign_in, make_user, participant):
    sign_in(make_user(roles=("coach",)))
    page = client.get("/mentoring/").text
    assert participant.name not in page
