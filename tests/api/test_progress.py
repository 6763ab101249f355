"""Progress through the API: the dashboard's figures for each participant the token's user
may see, and what they still need."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from app import clock
from app.auth.models import User
from app.content.models import Activity
from app.enrolment.services import enroll
from app.learning.models import Completion
from app.rounds.models import Enrollment
from tests.api.conftest import assert_problem

LONG_AGO = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def activities(db, courses):
    return db.session.scalars(select(Activity).order_by(Activity.course_id, Activity.position)
                              ).all()


@pytest.fixture
def complete(db):
    def record(enrollment, activity_list, at=None):
        db.session.add_all(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                      **({"completed_at": at} if at else {}))
                           for activity in activity_list)
        db.session.flush()

    return record


def stamp(moment):
    return moment.isoformat().replace("+", "%2B")


def test_a_participant_reads_their_progress(api_as, participant, enrollment, activities,
                                            complete):
    complete(enrollment, activities[:2])
    body = api_as(participant).get(f"/api/v1/enrollments/{enrollment.id}/progress").get_json()
    assert set(body) == {"enrollment_id", "name", "percent", "required_done", "required_total",
                         "attendance_percent", "status", "complete", "missing",
                         "last_activity_at"}
    assert (body["enrollment_id"], body["name"]) == (enrollment.id, "Dewi Participant")
    assert (body["required_done"], body["required_total"]) == (2, len(activities))
    assert body["percent"] == round(200 / len(activities))
    assert body["complete"] is False and body["status"] in ("on_track", "behind")
    assert [m["key"] for m in body["missing"]] == ["activities"]
    assert body["missing"][0]["text"] and body["missing"][0]["detail"]
    assert datetime.fromisoformat(body["last_activity_at"]).tzinfo is not None


def test_a_participant_who_did_everything_is_complete(api_as, participant, enrollment,
                                                      activities, complete):
    complete(enrollment, activities)
    body = api_as(participant).get(f"/api/v1/enrollments/{enrollment.id}/progress").get_json()
    assert (body["percent"], body["status"], body["complete"], body["missing"]) == (
        100, "completed", True, [])


def test_attendance_is_null_until_a_session_was_held(api_as, organiser, enrollment, cohort,
                                                     make_session, attend):
    api = api_as(organiser)
    url = f"/api/v1/enrollments/{enrollment.id}/progress"
    assert api.get(url).get_json()["attendance_percent"] is None
    assert api.get(url).get_json()["last_activity_at"] is None
    held = make_session(cohort, starts_at=datetime(2026, 1, 5, 1, tzinfo=timezone.utc))
    make_session(cohort, starts_at=datetime(2026, 1, 6, 1, tzinfo=timezone.utc))
    attend(enrollment, held)
    assert api.get(url).get_json()["attendance_percent"] == 50


def test_a_participant_cannot_read_anothers_progress(api_as, participant, outsider, db):
    other = db.session.scalar(select(Enrollment).where(Enrollment.user_id == outsider.id))
    assert_problem(api_as(participant).get(f"/api/v1/enrollments/{other.id}/progress"), 404)


def test_a_participant_sees_only_themselves_in_the_rounds_progress(
        api_as, participant, enrollment, cohort, make_user):
    enroll(cohort, make_user(), actor=None)
    body = api_as(participant).get(f"/api/v1/cohorts/{cohort.id}/progress").get_json()
    assert [p["enrollment_id"] for p in body] == [enrollment.id]


def test_a_coach_sees_the_progress_of_the_participants_they_guide(
        api_as, coach, other_coach, guided_enrollment, cohort):
    url = f"/api/v1/cohorts/{cohort.id}/progress"
    assert [p["enrollment_id"] for p in api_as(coach).get(url).get_json()] == [
        guided_enrollment.id]
    assert api_as(other_coach).get(url).get_json() == []


def test_another_organisation_gets_no_progress(api_as, other_organiser, enrollment, cohort):
    api = api_as(other_organiser)
    assert_problem(api.get(f"/api/v1/cohorts/{cohort.id}/progress"), 404)
    assert_problem(api.get(f"/api/v1/enrollments/{enrollment.id}/progress"), 404)


def test_updated_since_returns_participants_with_later_activity(
        api_as, organiser, cohort, enrollment, make_user, activities, complete, db):
    enroll(cohort, make_user(name="Quiet Participant"), actor=None)
    db.session.execute(Enrollment.__table__.update().values(updated_at=LONG_AGO))
    cutoff = clock.now() - timedelta(minutes=1)
    url = f"/api/v1/cohorts/{cohort.id}/progress?updated_since=" + stamp(cutoff)
    api = api_as(organiser)
    assert api.get(url).get_json() == []
    complete(enrollment, activities[:1])
    assert [p["enrollment_id"] for p in api.get(url).get_json()] == [enrollment.id]


def test_the_rounds_progress_costs_the_same_queries_for_many(
        api_as, organiser, cohort, enrollment, activities, complete, db, count_queries):
    complete(enrollment, activities[:1])
    api = api_as(organiser)
    url = f"/api/v1/cohorts/{cohort.id}/progress"
    api.get(url)  # the token's first use is recorded once
    with count_queries() as one:
        assert len(api.get(url).get_json()) == 1
    user_ids = db.session.scalars(insert(User).returning(User.id), [
        {"email": f"bulk{n}@example.org", "name": f"Bulk {n}", "password_hash": "-"}
        for n in range(20)]).all()
    db.session.execute(insert(Enrollment), [{"cohort_id": cohort.id, "user_id": user_id}
                                            for user_id in user_ids])
    with count_queries() as many:
        assert len(api.get(url).get_json()) == 21
    assert len(many) == len(one)
