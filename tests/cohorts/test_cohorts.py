"""Training rounds: details, statuses and what each allows, enrolment one by one,
replication and the audit log."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.enrolment.services import enroll
from app.errors import DomainError
from app.learning.models import Completion
from app.rounds.models import Cohort, CohortSession, Enrollment
from app.rounds.services import change_status, update_cohort


def cohort_form(**overrides):
    return {"name": "Angkatan II 2027", "starts_on": "2027-02-01", "ends_on": "2027-02-26",
            "delivery_mode": "blended", "place": "BPSDM Jawa Barat, Cimahi",
            "partner_institution": "", "capacity": "30", "timezone": "Asia/Jakarta",
            **overrides}


def actions(db, cohort):
    return db.session.scalars(select(AuditEvent.action).filter_by(cohort_id=cohort.id)
                              .order_by(AuditEvent.id)).all()


def test_organiser_plans_a_round_as_a_draft(client, sign_in, db, organiser, program):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/cohorts/new", data=cohort_form(
        delivery_mode="study_visit", partner_institution="LOGODI, Seoul",
        timezone="Asia/Seoul"))
    cohort = db.session.scalar(select(Cohort).filter_by(name="Angkatan II 2027"))
    assert response.location == f"/manage/cohorts/{cohort.id}"
    assert (cohort.status, cohort.delivery_mode, cohort.capacity, cohort.timezone) == (
        "draft", "study_visit", 30, "Asia/Seoul")
    new_session = client.get(f"/manage/cohorts/{cohort.id}/sessions/new").text
    assert '<option selected value="Asia/Seoul">' in new_session \
        or 'value="Asia/Seoul" selected' in new_session
    assert actions(db, cohort) == ["cohort.created"]
    assert "LOGODI, Seoul" in client.get(response.location).text


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar"])
def test_a_new_round_is_in_the_organisations_time_zone_unless_chosen(
        client, sign_in, app, monkeypatch, organiser, program, zone):
    monkeypatch.setitem(app.config, "TIMEZONE", zone)
    sign_in(organiser)
    page = client.get(f"/manage/programs/{program.id}/cohorts/new").text
    assert f'<option selected value="{zone}">' in page


@pytest.mark.parametrize("overrides", [
    {"ends_on": "2027-01-31"}, {"place": ""}, {"capacity": "0"}, {"starts_on": "31/02/2027"},
    {"delivery_mode": "carrier-pigeon"}, {"timezone": "Mars/Olympus_Mons"}])
def test_bad_round_details_are_refused(client, sign_in, db, organiser, program, overrides):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/cohorts/new",
                           data=cohort_form(**overrides))
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert db.session.scalar(select(Cohort).filter_by(name="Angkatan II 2027")) is None


def test_an_online_round_needs_no_place(client, sign_in, db, organiser, program):
    sign_in(organiser)
    client.post(f"/manage/programs/{program.id}/cohorts/new",
                data=cohort_form(place="", online="y"))
    assert db.session.scalar(select(Cohort).filter_by(name="Angkatan II 2027")).online


@pytest.mark.parametrize("old, new, allowed", [
    ("draft", "open", True), ("open", "running", True), ("running", "completed", True),
    ("completed", "archived", True), ("open", "draft", True), ("completed", "running", True),
    ("draft", "running", False), ("draft", "completed", False), ("running", "draft", False),
    ("archived", "open", False), ("running", "bogus", False)])
def test_status_moves_only_along_its_path(client, sign_in, db, organiser, cohort, old, new,
                                          allowed):
    cohort.status = old
    db.session.flush()
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/status", data={"status": new})
    db.session.refresh(cohort)
    assert cohort.status == (new if allowed else old)
    assert ("cohort.status_changed" in actions(db, cohort)) is allowed


@pytest.mark.parametrize("status, can_enrol", [
    ("draft", True), ("open", True), ("running", True), ("completed", False),
    ("archived", False)])
def test_enrolment_is_open_until_the_round_completes(request_context, db, cohort, make_user,
                                                     status, can_enrol):
    cohort.status = status
    if can_enrol:
        assert enroll(cohort, make_user(), actor=None)
    else:
        with pytest.raises(DomainError):
            enroll(cohort, make_user(), actor=None)


def test_an_archived_round_cannot_be_edited(request_context, db, organiser, cohort):
    cohort.status = "archived"
    with pytest.raises(DomainError):
        update_cohort(organiser, cohort, name="Renamed")


@pytest.mark.parametrize("status, shown", [("draft", False), ("open", True), ("running", True),
                                           ("completed", True)])
def test_participants_see_a_round_once_it_opens(client, sign_in, db, participant, cohort,
                                                status, shown):
    cohort.status = status
    db.session.flush()
    sign_in(participant)
    assert (cohort.name in client.get("/").text) is shown
    assert client.get(f"/journey/{cohort.id}").status_code == (200 if shown else 404)


@pytest.mark.parametrize("status, can_learn", [("open", True), ("running", True),
                                               ("completed", False), ("archived", False)])
def test_participants_learn_only_while_the_round_is_open_or_running(
        client, sign_in, db, participant, enrollment, cohort, status, can_learn):
    cohort.status = status
    db.session.flush()
    sign_in(participant)
    client.post(f"/journey/{cohort.id}/platforms/m1-lesson-1/done", data={})
    completions = db.session.scalar(select(func.count(Completion.id)).filter_by(
        enrollment_id=enrollment.id))
    assert completions == (1 if can_learn else 0)


def test_organiser_enrols_an_existing_account_by_email(client, sign_in, db, organiser, cohort,
                                                       make_user):
    user = make_user(email="budi@madangan.example", name="Budi")
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/people",
                data={"email": "Budi@Madangan.example", "role": "mentor"})
    enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=user.id))
    assert enrollment.role == "mentor"
    assert db.session.scalar(select(func.count(User.id)).filter_by(name="Budi")) == 1
    assert "mentor" in db.session.scalar(select(User).filter_by(id=user.id)).roles
    assert "Budi" in client.get(f"/manage/cohorts/{cohort.id}/people").text


def test_organiser_enrols_someone_new_with_their_details(client, sign_in, db, organiser, cohort):
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/people", data={
        "email": "tati@sumedangkab.go.id", "role": "participant", "name": "Tati Suryati",
        "nip": "198703152010012003", "position": "Kepala Bidang", "institution": "Diskominfo",
        "region_code": "32.11"})
    user = db.session.scalar(select(User).filter_by(email="tati@sumedangkab.go.id"))
    assert (user.name, user.region_code, user.roles) == ("Tati Suryati", "32.11",
                                                         {"participant"})
    assert actions(db, cohort) == ["enrollment.added"]


@pytest.mark.parametrize("data", [
    {"email": "new@madangan.example", "role": "participant"},
    {"email": "new@madangan.example", "role": "participant", "name": "N", "region_code": "99"},
    {"email": "new@madangan.example", "role": "participant", "name": "N", "nip": "12"},
    {"email": "not-an-email", "role": "participant", "name": "N"}])
def test_bad_enrolments_are_refused_and_nothing_saved(client, sign_in, db, organiser, cohort,
                                                      data):
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/people", data=data,
                           follow_redirects=True)
    assert response.status_code == 200
    assert db.session.scalar(select(User).filter_by(email=data["email"])) is None


def test_a_full_round_refuses_another_participant(client, sign_in, db, organiser, cohort,
                                                  participant, make_user):
    cohort.capacity = 1
    db.session.flush()
    make_user(email="late@madangan.example")
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/people", data={
        "email": "late@madangan.example", "role": "participant"}, follow_redirects=True)
    assert "(1" in response.text
    assert db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=cohort.id)) == 1


def test_organiser_removes_someone_and_it_is_audited(client, sign_in, db, organiser, cohort,
                                                     enrollment, participant):
    enrollment_id = enrollment.id
    sign_in(organiser)
    client.post(f"/manage/cohorts/{cohort.id}/people/{enrollment_id}/remove", data={})
    assert db.session.scalar(select(Enrollment).filter_by(id=enrollment_id)) is None
    assert actions(db, cohort)[-1] == "enrollment.removed"
    log = client.get(f"/manage/cohorts/{cohort.id}/audit").text
    assert "Dewi Participant" in log and "Rina Organiser" in log


def test_replicating_moves_the_agenda_and_keeps_the_coaches(
        client, sign_in, db, organiser, cohort, coach, participant, make_session):
    jakarta, amsterdam = ZoneInfo("Asia/Jakarta"), ZoneInfo("Europe/Amsterdam")
    make_session(cohort, title="Opening", starts_at=datetime(2026, 11, 17, 8, 0, tzinfo=jakarta))
    # 10:00 in Amsterdam in winter time (CET); the new date falls in summer time (CEST).
    make_session(cohort, title="Site visit", timezone="Europe/Amsterdam",
                 starts_at=datetime(2026, 11, 20, 10, 0, tzinfo=amsterdam))
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/replicate",
                           data={"name": "Angkatan II 2027", "starts_on": "2027-04-12"})
    new = db.session.scalar(select(Cohort).filter_by(name="Angkatan II 2027"))
    assert response.location == f"/manage/cohorts/{new.id}"
    assert (new.status, new.program_id, new.replicated_from_id) == ("draft", cohort.program_id,
                                                                    cohort.id)
    assert (new.starts_on, new.ends_on) == (date(2027, 4, 12), date(2027, 5, 7))
    sessions = {s.title: s for s in db.session.scalars(
        select(CohortSession).filter_by(cohort_id=new.id))}
    assert sessions["Opening"].starts_at.astimezone(jakarta) == datetime(
        2027, 4, 13, 8, 0, tzinfo=jakarta)
    assert sessions["Site visit"].starts_at.astimezone(amsterdam).hour == 10
    assert sessions["Site visit"].starts_at.astimezone(timezone.utc).hour == 8
    people = db.session.execute(select(Enrollment.user_id, Enrollment.role)
                                .filter_by(cohort_id=new.id)).all()
    assert people == [(coach.id, "coach")]
    assert actions(db, new) == ["cohort.replicated"]
    assert new.calendar_token != cohort.calendar_token


def test_replicate_page_lists_regions_not_reached(client, sign_in, db, organiser, organisation,
                                                  cohort, make_user):
    organisation.region_code = "32"
    enroll(cohort, make_user(region_code="32.11"), actor=None)
    sign_in(organiser)
    page = client.get(f"/manage/cohorts/{cohort.id}/replicate").text
    assert "26" in page and "Kota Bandung" in page and "Kabupaten Sumedang" not in page


def test_the_audit_log_shows_statuses_and_roles_by_their_labels(client, sign_in, db, organiser,
                                                                cohort, make_user):
    enroll(cohort, make_user(name="Ujang"), "observer", actor=organiser)
    change_status(organiser, cohort, "completed")
    sign_in(organiser)
    log = client.get(f"/manage/cohorts/{cohort.id}/audit").text
    assert "Enrolled Ujang as Observer" in log
    assert "Changed the status from Running to Completed" in log
