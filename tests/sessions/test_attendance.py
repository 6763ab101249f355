"""Recording attendance for a whole round on one screen: organisers and the round's coaches."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.audit.models import AuditEvent
from app.enrolment.services import enroll
from app.progress.queries import evaluate_cohort
from app.rounds.models import Attendance, Enrollment


def attendance_url(session):
    return f"/manage/sessions/{session.id}/attendance"


def statuses(db, session):
    return {a.enrollment_id: a.status for a in db.session.scalars(
        select(Attendance).filter_by(session_id=session.id))}


def recorded_events(db):
    return db.session.scalars(select(AuditEvent).filter_by(action="attendance.recorded")
                              .order_by(AuditEvent.id)).all()


@pytest.fixture
def three(cohort, make_participants):
    """Participant 001, 002 and 003 of the cohort."""
    return make_participants(cohort, 3)


def test_the_sheet_lists_every_participant_and_nobody_else(
        client, sign_in_en, organiser, cohort, make_session, three, coach, mentor):
    session = make_session(cohort)
    sign_in_en(organiser)
    page = client.get(attendance_url(session)).text
    for enrollment in three:
        for status in ("present", "late", "excused", "absent"):
            assert f'name="status-{enrollment.id}" value="{status}"' in page
    assert "Participant 001" in page and "Hendra Coach" not in page and "Asep Mentor" not in page
    assert page.index("Participant 001") < page.index("Participant 003")
    assert session.checkin_code in page
    assert page.count("Not recorded yet") == 3


def test_recording_the_whole_cohort_in_one_post(client, sign_in, db, organiser, cohort,
                                                make_session, three):
    session = make_session(cohort)
    sign_in(organiser)
    response = client.post(attendance_url(session), data={
        f"status-{three[0].id}": "present", f"status-{three[1].id}": "late",
        f"status-{three[2].id}": "absent"})
    assert response.status_code == 302 and response.location.endswith(attendance_url(session))
    assert statuses(db, session) == {three[0].id: "present", three[1].id: "late",
                                     three[2].id: "absent"}
    rows = db.session.scalars(select(Attendance)).all()
    assert all(row.recorded_by_id == organiser.id and not row.self_checked_in for row in rows)
    [event] = recorded_events(db)
    assert event.actor_id == organiser.id and event.cohort_id == cohort.id
    assert event.details == {"session": "Opening lecture", "changes":
                             "Participant 001: present, Participant 002: late, "
                             "Participant 003: absent"}


def test_updating_audits_only_the_rows_that_changed(client, sign_in_en, db, organiser, cohort,
                                                    make_session, three):
    session = make_session(cohort)
    sign_in_en(organiser)
    data = {f"status-{three[0].id}": "present", f"status-{three[1].id}": "late"}
    client.post(attendance_url(session), data=data)
    response = client.post(attendance_url(session),
                           data={**data, f"status-{three[1].id}": "excused",
                                 f"status-{three[2].id}": "absent"}, follow_redirects=True)
    assert "Attendance saved: 2 changes." in response.text
    assert statuses(db, session) == {three[0].id: "present", three[1].id: "excused",
                                     three[2].id: "absent"}
    assert [e.details["changes"] for e in recorded_events(db)] == [
        "Participant 001: present, Participant 002: late",
        "Participant 002: excused, Participant 003: absent"]
    response = client.post(attendance_url(session), data={
        f"status-{three[0].id}": "present", f"status-{three[1].id}": "excused"},
        follow_redirects=True)
    assert "Attendance saved: 0 changes." in response.text
    assert len(recorded_events(db)) == 2


def test_the_sheet_shows_what_is_recorded_and_by_whom(client, sign_in_en, db, organiser,
                                                      cohort, make_session, three):
    session = make_session(cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=three[1].id, status="late",
                              self_checked_in=True, recorded_by_id=three[1].user_id))
    db.session.flush()
    sign_in_en(organiser)
    client.post(attendance_url(session), data={f"status-{three[0].id}": "excused"})
    page = client.get(attendance_url(session)).text
    assert f'value="excused" id="status-{three[0].id}-excused" checked' in page
    assert f'value="late" id="status-{three[1].id}-late" checked' in page
    assert "By Rina Organiser" in page and "Checked in themselves" in page
    assert page.count("Not recorded yet") == 1


def test_an_organiser_overrides_a_self_check_in(client, sign_in, db, organiser, cohort,
                                                make_session, enrollment):
    session = make_session(cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                              status="present", self_checked_in=True,
                              recorded_by_id=enrollment.user_id))
    db.session.flush()
    sign_in(organiser)
    client.post(attendance_url(session), data={f"status-{enrollment.id}": "late"})
    attendance = db.session.scalar(select(Attendance))
    assert (attendance.status, attendance.self_checked_in, attendance.recorded_by_id) == (
        "late", False, organiser.id)


def test_confirming_a_self_check_in_keeps_it(client, sign_in, db, organiser, cohort,
                                             make_session, enrollment):
    session = make_session(cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                              status="present", self_checked_in=True,
                              recorded_by_id=enrollment.user_id))
    db.session.flush()
    sign_in(organiser)
    client.post(attendance_url(session), data={f"status-{enrollment.id}": "present"})
    assert db.session.scalar(select(Attendance)).self_checked_in
    assert recorded_events(db) == []


@pytest.mark.parametrize("bad", ["here", "PRESENT"])
def test_an_unknown_status_saves_nothing(client, sign_in_en, db, organiser, cohort,
                                         make_session, three, bad):
    session = make_session(cohort)
    sign_in_en(organiser)
    response = client.post(attendance_url(session), data={
        f"status-{three[0].id}": "present", f"status-{three[1].id}": bad})
    assert response.status_code == 200
    assert "Unknown attendance status “" in response.text and "Participant 002" in response.text
    assert statuses(db, session) == {} and recorded_events(db) == []


def test_someone_outside_the_cohort_cannot_be_recorded(client, sign_in_en, db, organiser,
                                                       cohort, make_session, three, coach,
                                                       outsider):
    session = make_session(cohort)
    coach_enrollment = db.session.scalars(select(Enrollment).filter_by(
        user_id=coach.id)).one()
    sign_in_en(organiser)
    response = client.post(attendance_url(session), data={
        f"status-{three[0].id}": "present", f"status-{coach_enrollment.id}": "present"})
    assert f"Enrolment {coach_enrollment.id} is not a participant of this round." \
        in response.text
    assert statuses(db, session) == {}


def test_a_coach_of_the_cohort_records_attendance(client, sign_in_en, db, coach, cohort,
                                                  make_session, enrollment):
    session = make_session(cohort)
    sign_in_en(coach)
    page = client.get(attendance_url(session)).text
    assert "Dewi Participant" in page and "/mentoring/" in page
    client.post(attendance_url(session), data={f"status-{enrollment.id}": "present"})
    assert statuses(db, session) == {enrollment.id: "present"}
    assert recorded_events(db)[0].actor_id == coach.id


def test_a_coach_of_another_cohort_gets_404(client, sign_in, db, make_user, make_cohort, program,
                                            cohort, make_session, enrollment):
    other_round = make_cohort(program, name="Angkatan II")
    other_coach = make_user(roles=("coach",), name="Other Coach")
    enroll(other_round, other_coach, "coach", actor=None)
    session = make_session(cohort)
    sign_in(other_coach)
    assert client.get(attendance_url(session)).status_code == 404
    assert client.post(attendance_url(session),
                       data={f"status-{enrollment.id}": "present"}).status_code == 404
    assert statuses(db, session) == {}


def test_a_mentor_of_the_cohort_gets_403(client, sign_in, mentor, cohort, make_session):
    sign_in(mentor)
    assert client.get(attendance_url(make_session(cohort))).status_code == 403


def test_a_participant_gets_403(client, sign_in, db, participant, enrollment, cohort,
                                make_session):
    session = make_session(cohort)
    sign_in(participant)
    assert client.get(attendance_url(session)).status_code == 403
    assert client.post(attendance_url(session),
                       data={f"status-{enrollment.id}": "present"}).status_code == 403
    assert statuses(db, session) == {}


def test_attendance_without_csrf_token_is_rejected(client, sign_in, db, organiser, cohort,
                                                   make_session, enrollment):
    session = make_session(cohort)
    sign_in(organiser)
    response = client.post(attendance_url(session), data={f"status-{enrollment.id}": "present"},
                           csrf=False)
    assert response.status_code == 400 and statuses(db, session) == {}


def test_a_completed_rounds_attendance_may_still_be_corrected(client, sign_in, db, organiser,
                                                              cohort, make_session, enrollment):
    session = make_session(cohort)
    cohort.status = "completed"
    db.session.flush()
    sign_in(organiser)
    client.post(attendance_url(session), data={f"status-{enrollment.id}": "excused"})
    assert statuses(db, session) == {enrollment.id: "excused"}


def test_an_archived_rounds_attendance_cannot_change(client, sign_in_en, db, organiser, cohort,
                                                     make_session, enrollment):
    session = make_session(cohort)
    cohort.status = "archived"
    db.session.flush()
    sign_in_en(organiser)
    response = client.post(attendance_url(session), data={f"status-{enrollment.id}": "present"})
    assert "The attendance of an archived round cannot be changed." in response.text
    assert "Save attendance" not in response.text
    assert statuses(db, session) == {}


def test_attendance_counts_toward_the_completion_rules(client, sign_in, db, organiser, program,
                                                       cohort, make_session, three):
    program.min_attendance_percent = 50
    held = clock.now() - timedelta(days=2)
    sessions = [make_session(cohort, title=f"Session {n}", starts_at=held + timedelta(hours=n))
                for n in range(4)]
    sign_in(organiser)
    for session in sessions[:2]:
        client.post(attendance_url(session), data={f"status-{three[0].id}": "present",
                                                   f"status-{three[1].id}": "late",
                                                   f"status-{three[2].id}": "excused"})
    client.post(attendance_url(sessions[2]), data={f"status-{three[2].id}": "present"})
    evaluation = evaluate_cohort(cohort, [e.id for e in three], clock.now())

    def attendance_met(enrollment):
        return {r.key: r.met for r in evaluation[enrollment.id].requirements}["attendance"]
    # Two of four sessions are needed; present and late count, excused does not.
    assert [attendance_met(e) for e in three] == [True, True, False]


def test_the_sheet_costs_the_same_queries_for_5_and_50_participants(
        client, sign_in, db, organiser, program, make_cohort, make_session, make_participants,
        count_queries):
    def page_queries(size):
        cohort = make_cohort(program, name=f"Round of {size}")
        enrollments = make_participants(cohort, size, prefix=f"R{size}")
        session = make_session(cohort)
        for enrollment in enrollments[::2]:
            db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                                      status="present", recorded_by_id=organiser.id))
        db.session.flush()
        with count_queries() as statements:
            response = client.get(attendance_url(session))
        assert response.status_code == 200 and f"R{size} {size:03d}" in response.text
        return len(statements)

    sign_in(organiser)
    small, large = page_queries(5), page_queries(50)
    assert small == large
    assert large <= 7  # with the notification bell's count
