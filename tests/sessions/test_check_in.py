"""Participants check themselves in with the session's code, only while it runs."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.attendance.services import CheckInRefused, check_in
from app.audit.models import AuditEvent
from app.rounds.models import Attendance
from tests.sessions.conftest import END, START

MINUTE = timedelta(minutes=1)


@pytest.fixture
def session(cohort, make_session):
    return make_session(cohort, checkin_code="K7XM4P")


@pytest.fixture
def checking_in(request_context, participant, cohort, session):
    """Check the participant in with `code` at `now`."""
    def attempt(now, code="K7XM4P", user=None):
        return check_in(user or participant, cohort, code, now)
    return attempt


def audit_actions(db):
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("now", [START - 15 * MINUTE, START, START + 15 * MINUTE])
def test_the_right_code_from_15_minutes_before_until_15_after_the_start_is_present(
        db, checking_in, enrollment, participant, session, now):
    attendance = checking_in(now)
    assert (attendance.session_id, attendance.enrollment_id, attendance.status) == (
        session.id, enrollment.id, "present")
    assert attendance.self_checked_in and attendance.recorded_by_id == participant.id
    assert attendance.recorded_at == now


@pytest.mark.parametrize("now", [START + 16 * MINUTE, END - MINUTE])
def test_later_check_ins_until_the_end_are_late(checking_in, now):
    assert checking_in(now).status == "late"


def test_a_check_in_is_audited(db, checking_in):
    checking_in(START)
    event = db.session.scalars(select(AuditEvent).filter_by(
        action="attendance.checked_in")).one()
    assert event.details == {"name": "Dewi Participant", "session": "Opening lecture"}


def test_the_code_may_be_typed_in_lower_case_with_spaces(checking_in):
    assert checking_in(START, code=" k7x m4p ").status == "present"


def test_check_in_before_the_window_is_refused(db, checking_in):
    with pytest.raises(CheckInRefused, match="Check-in for Opening lecture opens at 7:45.AM WIB"):
        checking_in(START - 16 * MINUTE)
    assert db.session.scalar(select(Attendance)) is None


def test_the_opening_time_is_given_in_the_venues_zone(cohort, make_session, checking_in):
    make_session(cohort, checkin_code="SEOUL2", timezone="Asia/Seoul")
    with pytest.raises(CheckInRefused, match="opens at 9:45.AM KST"):
        checking_in(START - 20 * MINUTE, code="SEOUL2")


@pytest.mark.parametrize("now", [END, END + timedelta(days=1)])
def test_check_in_after_the_end_is_refused(db, checking_in, now):
    with pytest.raises(CheckInRefused, match="Opening lecture has ended, so its check-in is "
                                             "closed. Ask the organiser or your coach"):
        checking_in(now)
    assert db.session.scalar(select(Attendance)) is None


def test_a_wrong_code_is_refused_with_a_clear_message(db, checking_in):
    with pytest.raises(CheckInRefused, match="ZZZZZZ is not the check-in code of a session of "
                                             "this round. Check the code shown in the room"):
        checking_in(START, code="zzzzzz")
    assert db.session.scalar(select(Attendance)) is None


def test_the_code_of_another_rounds_session_is_unknown(db, checking_in, make_cohort, program,
                                                       make_session):
    make_session(make_cohort(program, name="Angkatan II"), checkin_code="OTHER2")
    with pytest.raises(CheckInRefused, match="OTHER2 is not the check-in code"):
        checking_in(START, code="OTHER2")


@pytest.mark.parametrize("status", ["draft", "open", "completed", "archived"])
def test_check_in_is_refused_unless_the_round_is_running(db, checking_in, cohort, status):
    cohort.status = status
    db.session.flush()
    with pytest.raises(CheckInRefused, match="Check-in is open only while the round is running"):
        checking_in(START)
    assert db.session.scalar(select(Attendance)) is None


def test_check_in_does_not_overwrite_an_excused_absence(db, checking_in, organiser, session,
                                                        enrollment):
    db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                              status="excused", recorded_by_id=organiser.id))
    db.session.flush()
    with pytest.raises(CheckInRefused, match="already recorded as “Excused” by the organiser"):
        checking_in(START)
    attendance = db.session.scalar(select(Attendance))
    assert (attendance.status, attendance.recorded_by_id) == ("excused", organiser.id)
    assert "attendance.checked_in" not in audit_actions(db)


def test_checking_in_twice_keeps_the_first_check_in(db, checking_in):
    checking_in(START)
    again = checking_in(START + 30 * MINUTE)
    assert again.status == "present"
    assert len(db.session.scalars(select(Attendance)).all()) == 1
    assert audit_actions(db).count("attendance.checked_in") == 1


def test_only_participants_check_in(db, checking_in, coach):
    with pytest.raises(CheckInRefused, match="Only participants of Angkatan I can check in."):
        checking_in(START, user=coach)


# --- Through the journey page -----------------------------------------------------------------

@pytest.fixture
def running_now(cohort, make_session):
    """A session that started five minutes ago, in Jakarta."""
    return make_session(cohort, title="Forum SPBE", starts_at=clock.now() - 5 * MINUTE,
                        checkin_code="FRM234")


def test_the_journey_shows_the_check_in_form_while_a_session_runs(
        client, sign_in_en, participant, cohort, running_now):
    sign_in_en(participant)
    page = client.get(f"/journey/{cohort.id}").text
    assert "Forum SPBE is on now: check in with the code shown in the room." in page
    assert f'action="/journey/{cohort.id}/check-in"' in page
    assert "FRM234" not in page  # the code is only shown in the room


def test_a_participant_checks_in_from_the_journey_page(client, sign_in_en, db, participant,
                                                       enrollment, cohort, running_now):
    sign_in_en(participant)
    response = client.post(f"/journey/{cohort.id}/check-in", data={"code": "frm234"})
    assert response.status_code == 302 and response.location.endswith(f"/journey/{cohort.id}")
    attendance = db.session.scalar(select(Attendance))
    assert (attendance.session_id, attendance.enrollment_id, attendance.status) == (
        running_now.id, enrollment.id, "present")
    page = client.get(response.location).text
    assert "You are checked in to Forum SPBE: Present." in page
    assert "is on now" not in page


def test_a_refused_check_in_is_explained_on_the_journey_page(client, sign_in_en, db,
                                                             participant, cohort, running_now):
    sign_in_en(participant)
    response = client.post(f"/journey/{cohort.id}/check-in", data={"code": "WRONG9"},
                           follow_redirects=True)
    assert "WRONG9 is not the check-in code of a session of this round." in response.text
    assert db.session.scalar(select(Attendance)) is None


def test_an_empty_code_is_refused(client, sign_in_en, db, participant, cohort, running_now):
    sign_in_en(participant)
    response = client.post(f"/journey/{cohort.id}/check-in", data={"code": " "},
                           follow_redirects=True)
    assert "Type the check-in code shown in the room." in response.text
    assert db.session.scalar(select(Attendance)) is None


def test_checking_in_to_someone_elses_round_is_not_found(client, sign_in, db, outsider, cohort,
                                                         running_now):
    sign_in(outsider)
    assert client.post(f"/journey/{cohort.id}/check-in",
                       data={"code": "FRM234"}).status_code == 404
    assert db.session.scalar(select(Attendance)) is None


def test_a_coach_has_no_check_in(client, sign_in, coach, cohort, running_now):
    sign_in(coach)
    assert client.post(f"/journey/{cohort.id}/check-in",
                       data={"code": "FRM234"}).status_code == 404


def test_check_in_requires_sign_in_and_a_csrf_token(client, sign_in, db, participant, cohort,
                                                    running_now):
    response = client.post(f"/journey/{cohort.id}/check-in", data={"code": "FRM234"})
    assert response.status_code == 302 and "/sign-in" in response.location
    sign_in(participant)
    assert client.post(f"/journey/{cohort.id}/check-in", data={"code": "FRM234"},
                       csrf=False).status_code == 400
    assert db.session.scalar(select(Attendance)) is None


def test_the_journey_lists_coming_sessions_in_their_venues_time(client, sign_in_en, participant,
                                                                cohort, make_session):
    make_session(cohort, title="Past lecture", starts_at=clock.now() - timedelta(days=3))
    make_session(cohort, title="Study visit Seoul", kind="site_visit", timezone="Asia/Seoul",
                 place="Seoul", starts_at=clock.now().replace(microsecond=0) + timedelta(days=3),
                 meeting_url="https://meet.example/abc")
    sign_in_en(participant)
    page = client.get(f"/journey/{cohort.id}").text
    assert "Study visit Seoul" in page and "KST" in page and "Site visit" in page
    assert 'href="https://meet.example/abc"' in page
    assert "Past lecture" not in page
    assert f"webcal://localhost/calendar/cohort/{cohort.calendar_token}.ics" in page
    assert 'href="/calendar"' in page
