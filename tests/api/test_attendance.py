"""Attendance through the API: the organiser and the round's coaches see every record, a
mentor their participants', a participant only their own."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from app import clock
from app.auth.models import User
from app.enrolment.services import enroll
from app.rounds.models import Attendance, Enrollment
from tests.api.conftest import assert_problem


@pytest.fixture
def other_enrollment(make_user, cohort, db):
    """A second participant of the round, guided by nobody."""
    user = make_user(name="Budi Participant")
    enroll(cohort, user, actor=None)
    return db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))


@pytest.fixture
def session(make_session, cohort):
    return make_session(cohort)


@pytest.fixture
def records(attend, guided_enrollment, other_enrollment, session):
    attend(guided_enrollment, session)
    attend(other_enrollment, session, "absent")


def enrollment_ids(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return sorted(record["enrollment_id"] for record in response.get_json())


def test_a_record_has_every_documented_field(api_as, organiser, cohort, session, records,
                                             guided_enrollment):
    body = api_as(organiser).get(f"/api/v1/cohorts/{cohort.id}/attendance").get_json()
    assert body[0] == {"session_id": session.id, "enrollment_id": guided_enrollment.id,
                       "status": "present", "self_checked_in": False,
                       "recorded_at": body[0]["recorded_at"]}
    assert datetime.fromisoformat(body[0]["recorded_at"]).tzinfo is not None


@pytest.mark.parametrize("who", ["organiser", "coach", "other_coach", "admin"])
def test_those_who_record_attendance_see_every_record(api_as, request, cohort, records,
                                                      guided_enrollment, other_enrollment, who):
    response = api_as(request.getfixturevalue(who)).get(f"/api/v1/cohorts/{cohort.id}/attendance")
    assert enrollment_ids(response) == sorted([guided_enrollment.id, other_enrollment.id])


def test_a_mentor_sees_the_participants_they_guide(api_as, mentor, cohort, records,
                                                   guided_enrollment):
    response = api_as(mentor).get(f"/api/v1/cohorts/{cohort.id}/attendance")
    assert enrollment_ids(response) == [guided_enrollment.id]


def test_a_participant_sees_only_their_own(api_as, participant, cohort, records,
                                           guided_enrollment):
    response = api_as(participant).get(f"/api/v1/cohorts/{cohort.id}/attendance")
    assert enrollment_ids(response) == [guided_enrollment.id]


def test_another_organisation_gets_404(api_as, other_organiser, cohort, records):
    assert_problem(api_as(other_organiser).get(f"/api/v1/cohorts/{cohort.id}/attendance"), 404)


def test_records_filter_by_session_and_time(api_as, organiser, cohort, records, session,
                                            make_session, db):
    api = api_as(organiser)
    url = f"/api/v1/cohorts/{cohort.id}/attendance"
    assert len(api.get(f"{url}?session_id={session.id}").get_json()) == 2
    other = make_session(cohort, title="Forum")
    assert api.get(f"{url}?session_id={other.id}").get_json() == []
    db.session.execute(Attendance.__table__.update().values(
        recorded_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    cutoff = (clock.now() - timedelta(minutes=1)).isoformat().replace("+", "%2B")
    assert api.get(f"{url}?updated_since={cutoff}").get_json() == []


def test_attendance_costs_the_same_queries_for_many(api_as, organiser, cohort, session,
                                                    guided_enrollment, attend, db,
                                                    count_queries):
    attend(guided_enrollment, session)
    api = api_as(organiser)
    url = f"/api/v1/cohorts/{cohort.id}/attendance"
    api.get(url)  # the token's first use is recorded once
    with count_queries() as one:
        api.get(url)
    user_ids = db.session.scalars(insert(User).returning(User.id), [
        {"email": f"bulk{n}@example.org", "name": f"Bulk {n}", "password_hash": "-"}
        for n in range(10)]).all()
    enrollment_ids = db.session.scalars(insert(Enrollment).returning(Enrollment.id), [
        {"cohort_id": cohort.id, "user_id": user_id} for user_id in user_ids]).all()
    db.session.execute(insert(Attendance), [
        {"session_id": session.id, "enrollment_id": enrollment_id, "status": "late"}
        for enrollment_id in enrollment_ids])
    with count_queries() as many:
        assert len(api.get(url).get_json()) == 11
    assert len(many) == len(one)
