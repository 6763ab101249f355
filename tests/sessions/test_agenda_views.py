"""The organiser's agenda: sessions in their venue's local time, stored in UTC."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.rounds.models import Attendance, CohortSession

FORM = {"kind": "lecture", "title": "Digital leadership", "description": "Opening lecture",
        "timezone": "Asia/Jakarta", "start_date": "2026-11-17", "start_time": "08:00",
        "end_date": "", "end_time": "10:00", "place": "Gedung Sate, Bandung",
        "meeting_url": "", "jp": "2"}


def only_session(db, cohort):
    return db.session.scalars(select(CohortSession).filter_by(cohort_id=cohort.id)).one()


def events(db, action):
    return db.session.scalars(select(AuditEvent).filter_by(action=action)
                              .order_by(AuditEvent.id)).all()


def test_agenda_requires_sign_in(client, cohort):
    response = client.get(f"/manage/cohorts/{cohort.id}/agenda")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_agenda_lists_sessions_in_their_venues_time_with_check_in_codes(
        client, sign_in_en, organiser, cohort, make_session):
    first = make_session(cohort)
    second = make_session(
        cohort, title="Visit to Seoul Digital Foundation", kind="site_visit",
        timezone="Asia/Seoul", place="Seoul",
        starts_at=datetime(2026, 11, 18, 0, 30, tzinfo=timezone.utc))
    sign_in_en(organiser)
    page = client.get(f"/manage/cohorts/{cohort.id}/agenda").text
    assert "Tuesday, November 17, 2026, 8:00\u202fAM–10:00\u202fAM WIB" in page
    assert "Wednesday, November 18, 2026, 9:30\u202fAM–11:30\u202fAM KST" in page
    assert first.checkin_code in page and second.checkin_code in page
    assert f"/calendar/cohort/{cohort.calendar_token}.ics" in page
    assert page.index("Opening lecture") < page.index("Visit to Seoul")


def test_agenda_shows_indonesian_dates_by_default(client, sign_in, db, make_user, organisation,
                                                  cohort, make_session):
    make_session(cohort)
    sign_in(make_user(roles=("organiser",), organisation=organisation))  # locale "id"
    page = client.get(f"/manage/cohorts/{cohort.id}/agenda").text
    assert "Selasa, 17 November 2026, 08.00–10.00 WIB" in page


def test_it_creates_a_session_in_jakarta_time_stored_in_utc(client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data=FORM)
    assert response.status_code == 302
    assert response.location.endswith(f"/manage/cohorts/{cohort.id}/agenda")
    session = only_session(db, cohort)
    assert session.starts_at == datetime(2026, 11, 17, 1, 0, tzinfo=timezone.utc)
    assert session.ends_at == datetime(2026, 11, 17, 3, 0, tzinfo=timezone.utc)
    assert (session.timezone, session.kind, session.title) == (
        "Asia/Jakarta", "lecture", "Digital leadership")
    assert session.place == "Gedung Sate, Bandung" and session.jp == Decimal("2")
    assert len(session.checkin_code) == 6
    [event] = events(db, "session.created")
    assert event.actor_id == organiser.id and event.details["title"] == "Digital leadership"


def test_it_creates_a_session_in_seoul_time_stored_in_utc(client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data={
        **FORM, "kind": "site_visit", "timezone": "Asia/Seoul", "start_time": "09:30",
        "end_time": "12:00", "place": "Seoul Digital Foundation"})
    session = only_session(db, cohort)
    assert session.starts_at == datetime(2026, 11, 17, 0, 30, tzinfo=timezone.utc)
    assert session.ends_at == datetime(2026, 11, 17, 3, 0, tzinfo=timezone.utc)
    assert session.timezone == "Asia/Seoul"


def test_it_keeps_daylight_saving_time_of_an_overseas_venue(client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data={
        **FORM, "timezone": "Australia/Sydney", "start_time": "09:00", "end_time": "11:00"})
    # 17 November is summer in Sydney: AEDT, UTC+11.
    sydney_nine = datetime(2026, 11, 16, 22, 0, tzinfo=timezone.utc)
    assert only_session(db, cohort).starts_at == sydney_nine


def test_a_session_may_end_on_a_later_day(client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data={
        **FORM, "start_time": "19:00", "end_date": "2026-11-18", "end_time": "02:00"})
    session = only_session(db, cohort)
    assert session.ends_at == datetime(2026, 11, 17, 19, 0, tzinfo=timezone.utc)


def test_the_new_session_form_starts_in_the_rounds_zone_and_place(
        client, sign_in, db, organiser, cohort):
    cohort.place, cohort.timezone = "BPSDM Jabar, Cimahi", "Asia/Makassar"
    db.session.flush()
    sign_in(organiser)
    page = client.get(f"/manage/cohorts/{cohort.id}/sessions/new").text
    assert 'value="BPSDM Jabar, Cimahi"' in page
    assert '<option selected value="Asia/Makassar">' in page
    assert 'value="2026-11-16"' in page


def test_it_rejects_an_end_before_the_start_with_a_message(
        client, sign_in_en, db, organiser, cohort):
    sign_in_en(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new",
                           data={**FORM, "start_time": "10:00", "end_time": "08:00"})
    assert response.status_code == 200
    assert "“Ends at” must be later than the start (2026-11-17 10:00)." in response.text
    assert db.session.scalar(select(CohortSession)) is None


def test_it_rejects_an_end_equal_to_the_start(client, sign_in_en, db, organiser, cohort):
    sign_in_en(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new",
                           data={**FORM, "end_time": "08:00"})
    assert "“Ends at” must be later than the start" in response.text
    assert db.session.scalar(select(CohortSession)) is None


@pytest.mark.parametrize("field, value, message", [
    ("meeting_url", "javascript:alert(1)", "Give a web address starting with https://."),
    ("meeting_url", "ftp://files.example/x", "Give a web address starting with https://."),
    ("jp", "-1", "JP is a number from 0 to 999."),
    ("jp", "banyak", "Not a valid decimal value."),
    ("timezone", "Mars/Olympus_Mons", "Not a valid choice."),
    ("kind", "party", "Not a valid choice."),
    ("title", "", "This field is required."),
    ("start_time", "8 pagi", "Not a valid time value."),
])
def test_it_rejects_bad_fields_with_a_message(
        client, sign_in_en, db, organiser, cohort, field, value, message):
    sign_in_en(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new",
                           data={**FORM, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(select(CohortSession)) is None


def test_it_accepts_a_meeting_link_and_jp_with_a_decimal_comma(
        client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data={
        **FORM, "place": "", "meeting_url": "https://zoom.us/j/123", "jp": "1,5"})
    session = only_session(db, cohort)
    assert session.meeting_url == "https://zoom.us/j/123" and session.jp == Decimal("1.5")


def test_the_edit_form_shows_the_session_in_its_venues_local_time(
        client, sign_in, organiser, cohort, make_session):
    session = make_session(cohort, timezone="Asia/Seoul")
    sign_in(organiser)
    page = client.get(f"/manage/sessions/{session.id}/edit").text
    assert 'value="10:00"' in page and 'value="12:00"' in page  # 01:00–03:00 UTC in KST
    assert '<option selected value="Asia/Seoul">' in page


def test_editing_moves_a_session_to_seoul_time(
        client, sign_in, db, organiser, cohort, make_session):
    session = make_session(cohort)
    code = session.checkin_code
    sign_in(organiser)
    response = client.post(f"/manage/sessions/{session.id}/edit", data={
        **FORM, "timezone": "Asia/Seoul", "start_time": "14:00", "end_time": "16:30"})
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.starts_at == datetime(2026, 11, 17, 5, 0, tzinfo=timezone.utc)
    assert session.ends_at == datetime(2026, 11, 17, 7, 30, tzinfo=timezone.utc)
    assert session.timezone == "Asia/Seoul" and session.checkin_code == code
    [event] = events(db, "session.updated")
    assert "timezone" in event.details["fields"] and "starts_at" in event.details["fields"]


def test_editing_rejects_an_end_before_the_start(
        client, sign_in_en, db, organiser, cohort, make_session):
    session = make_session(cohort)
    sign_in_en(organiser)
    response = client.post(f"/manage/sessions/{session.id}/edit",
                           data={**FORM, "end_time": "07:00"})
    assert "“Ends at” must be later than the start" in response.text
    db.session.refresh(session)
    assert session.ends_at == datetime(2026, 11, 17, 3, 0, tzinfo=timezone.utc)


def test_saving_an_unchanged_session_writes_no_audit_event(
        client, sign_in, db, organiser, cohort, make_session):
    session = make_session(cohort, title="Digital leadership", description="Opening lecture",
                           place="Gedung Sate, Bandung")
    sign_in(organiser)
    client.post(f"/manage/sessions/{session.id}/edit", data=FORM)
    assert events(db, "session.updated") == []


def test_deleting_a_session_removes_its_attendance_and_is_audited(
        client, sign_in, db, organiser, cohort, make_session, enrollment):
    session = make_session(cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                              status="present"))
    db.session.flush()
    sign_in(organiser)
    response = client.post(f"/manage/sessions/{session.id}/delete", data={})
    assert response.status_code == 302
    assert db.session.scalar(select(CohortSession)) is None
    assert db.session.scalar(select(Attendance)) is None
    [event] = events(db, "session.deleted")
    assert event.details == {"title": "Opening lecture", "records": 1}


def test_delete_without_csrf_token_is_rejected(
        client, sign_in, db, organiser, cohort, make_session):
    session = make_session(cohort)
    sign_in(organiser)
    assert client.post(f"/manage/sessions/{session.id}/delete", data={},
                       csrf=False).status_code == 400
    assert db.session.get(CohortSession, session.id) is not None


def test_delete_only_accepts_post(client, sign_in, organiser, cohort, make_session):
    session = make_session(cohort)
    sign_in(organiser)
    assert client.get(f"/manage/sessions/{session.id}/delete").status_code == 405


def test_an_archived_rounds_agenda_cannot_change(
        client, sign_in_en, db, organiser, cohort, make_session):
    session = make_session(cohort)
    cohort.status = "archived"
    db.session.flush()
    sign_in_en(organiser)
    page = client.get(f"/manage/cohorts/{cohort.id}/agenda").text
    assert "Add session" not in page
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data=FORM,
                           follow_redirects=True)
    assert "The agenda of an archived round cannot be changed." in response.text
    client.post(f"/manage/sessions/{session.id}/edit", data={**FORM, "title": "Renamed"})
    client.post(f"/manage/sessions/{session.id}/delete", data={})
    assert db.session.scalars(select(CohortSession.title)).all() == ["Opening lecture"]


def test_admin_may_open_any_agenda(client, sign_in, admin, cohort):
    sign_in(admin)
    assert client.get(f"/manage/cohorts/{cohort.id}/agenda").status_code == 200


# --- Who may open the organiser's pages -------------------------------------------------------

PAGES = [
    ("get", "/manage/cohorts/{cohort}/agenda"),
    ("get", "/manage/cohorts/{cohort}/sessions/new"),
    ("post", "/manage/cohorts/{cohort}/sessions/new"),
    ("get", "/manage/sessions/{session}/edit"),
    ("post", "/manage/sessions/{session}/edit"),
    ("post", "/manage/sessions/{session}/delete"),
    ("get", "/manage/sessions/{session}/attendance"),
    ("post", "/manage/sessions/{session}/attendance"),
]


def open_page(client, method, url, cohort, session):
    url = url.format(cohort=cohort.id, session=session.id)
    return client.get(url) if method == "get" else client.post(url, data=FORM)


@pytest.mark.parametrize("method, url", PAGES)
def test_an_organiser_of_another_organisation_gets_404(
        client, sign_in, db, other_organiser, cohort, make_session, method, url):
    session = make_session(cohort)
    sign_in(other_organiser)
    assert open_page(client, method, url, cohort, session).status_code == 404
    db.session.refresh(session)
    assert session.title == "Opening lecture"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("session.%"))) \
        is None


@pytest.mark.parametrize("method, url", PAGES)
def test_a_participant_gets_403(client, sign_in, participant, cohort, make_session, method, url):
    session = make_session(cohort)
    sign_in(participant)
    assert open_page(client, method, url, cohort, session).status_code == 403


@pytest.mark.parametrize("method, url", PAGES)
def test_unknown_cohorts_and_sessions_are_not_found(
        client, sign_in, organiser, cohort, make_session, method, url):
    session = make_session(cohort)
    sign_in(organiser)
    url = url.format(cohort=cohort.id + 1000, session=session.id + 1000)
    response = client.get(url) if method == "get" else client.post(url, data=FORM)
    assert response.status_code == 404
