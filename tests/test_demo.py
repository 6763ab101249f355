"""`flask seed demo` builds a usable installation, dated from the day it runs, and can run
again: whatever the day, a round is under way with sessions held and attended, one today and
one tomorrow, an earlier round is finished with its certificates, and the participant's JP
page for the current year has something on it."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app import clock
from app.auth.models import User
from app.certificates.models import Certificate
from app.learning.models import Completion, QuizAttempt
from app.mentoring.models import Submission
from app.reports.person_jp import person_jp
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment
from tests.conftest import PASSWORD

WIB = timezone(timedelta(hours=7))
# Days a seed must hold on: an ordinary one, the turn of a year on either side of midnight in
# Jakarta (still the 31st in UTC at 00:30 WIB), the year's second day, a leap day, a month's
# last evening and a night before the day's sessions.
SEED_MOMENTS = {
    "ordinary day": datetime(2026, 11, 26, 12, 0, tzinfo=WIB),
    "new year's eve 23:30": datetime(2027, 12, 31, 23, 30, tzinfo=WIB),
    "new year 00:30": datetime(2028, 1, 1, 0, 30, tzinfo=WIB),
    "2 january": datetime(2029, 1, 2, 9, 15, tzinfo=WIB),
    "leap day": datetime(2028, 2, 29, 16, 45, tzinfo=WIB),
    "month's end": datetime(2027, 4, 30, 21, 10, tzinfo=WIB),
    "night": datetime(2027, 6, 15, 3, 0, tzinfo=WIB),
}


def counts(db):
    return [db.session.scalar(select(func.count(model.id)))
            for model in (User, Cohort, Enrollment, Completion, CohortSession, Attendance,
                          Certificate, Submission)]


def seed(app, password=PASSWORD):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--password", password])
    assert result.exit_code == 0, result.output
    return result


def one(db, model, **filters):
    return db.session.scalar(select(model).filter_by(**filters))


def local_day(moment):
    return moment.astimezone(clock.organisation_zone()).date()


def test_seed_demo_twice_gives_one_account_per_role_and_the_same_rows(app, db):
    first = seed(app, "demo-password-1")
    after_first = counts(db)
    second = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert counts(db) == after_first
    assert "Password of every demo account:" in second.output
    assert "participant@madangan.example" in first.output

    roles = set()
    for user in db.session.scalars(select(User)):
        roles |= user.roles
    assert roles == {"admin", "organiser", "coach", "mentor", "participant"}
    dewi = db.session.scalar(select(Enrollment).join(User, User.id == Enrollment.user_id)
                             .where(User.email == "participant@madangan.example")
                             .order_by(Enrollment.id))
    assert dewi.coach_id is not None and dewi.mentor_id is not None


def assert_a_round_under_way_with_sessions_held_today_and_tomorrow(db, moment):
    today = clock.today()
    running = one(db, Cohort, name="Angkatan II")
    assert running.status == "running" and running.starts_on < today < running.ends_on
    sessions = db.session.scalars(select(CohortSession).filter_by(cohort_id=running.id)
                                  .order_by(CohortSession.starts_at)).all()
    days = [local_day(session.starts_at) for session in sessions]
    assert today in days and today + timedelta(days=1) in days
    held = [session for session in sessions if session.ends_at <= moment]
    assert len(held) >= 4
    participants = db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=running.id, role="participant"))
    for session in sessions:
        recorded = db.session.scalar(select(func.count(Attendance.id)).filter_by(
            session_id=session.id))
        assert recorded == (participants if session in held else 0), session.title


def assert_an_earlier_round_finished_with_its_certificates(db):
    finished = one(db, Cohort, name="Angkatan I")
    assert finished.status == "completed" and finished.ends_on < clock.today()
    certificates = db.session.scalars(select(Certificate).join(Enrollment).where(
        Enrollment.cohort_id == finished.id)).all()
    alumni = db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=finished.id, role="participant"))
    assert len(certificates) == alumni - 1  # one missed most sessions
    for certificate in certificates:
        assert finished.ends_on < certificate.issued_on < clock.today()
        assert f"/{certificate.issued_on.year}/" in certificate.number
        assert certificate.revoked_at is None and certificate.pdf.startswith(b"%PDF")


@pytest.mark.parametrize("moment", SEED_MOMENTS.values(), ids=SEED_MOMENTS.keys())
def test_whatever_the_day_one_round_is_under_way_and_an_earlier_one_finished(
        app, db, set_clock, moment):
    set_clock(moment)
    seed(app)
    assert_a_round_under_way_with_sessions_held_today_and_tomorrow(db, moment)
    assert_an_earlier_round_finished_with_its_certificates(db)


def test_the_certified_did_the_work_the_certificate_says(app, db):
    """Every quiz of the finished round was passed in an attempt, and every action plan and
    assignment approved by the coach, before the certificate's day."""
    seed(app)
    finished = one(db, Cohort, name="Angkatan I")
    for certificate in db.session.scalars(select(Certificate).join(Enrollment).where(
            Enrollment.cohort_id == finished.id)):
        attempts = db.session.scalars(select(QuizAttempt).filter_by(
            enrollment_id=certificate.enrollment_id, passed=True)).all()
        assert len(attempts) == 4
        assert all(attempt.submitted_at.date() < certificate.issued_on for attempt in attempts)
        work = db.session.scalars(select(Submission).filter_by(
            enrollment_id=certificate.enrollment_id)).all()
        assert sorted((s.kind, s.status) for s in work) == [
            ("action_plan", "approved"), ("assignment", "approved")]


def test_the_demo_is_dated_from_the_seed_and_none_of_it_lies_ahead_of_it(app, db, set_clock):
    moment = set_clock(SEED_MOMENTS["leap day"])
    seed(app)
    for model, column in ((Completion, Completion.completed_at),
                          (QuizAttempt, QuizAttempt.submitted_at),
                          (Attendance, Attendance.recorded_at), (User, User.created_at)):
        first, last = db.session.execute(select(func.min(column), func.max(column))).one()
        assert moment - timedelta(days=120) < first <= last <= moment, model.__name__


def test_demo_participant_can_sign_in_and_sees_the_program(app, db, client):
    seed(app, "demo-password-1")
    response = client.post("/sign-in", data={"email": "participant@madangan.example",
                                             "password": "demo-password-1"})
    assert response.status_code == 302
    page = client.get("/").text
    assert "Digital Leadership for Regional Government" in page
    assert "Lokakarya Living Lab SPBE" in page


def test_the_demo_participant_has_jp_to_look_at(app, db, client, sign_in_en):
    """The first sessions of the running round are over and Dewi came to them, and she
    finished the first course as the demo was seeded: 4 + 4 + 6 + 2 JP of sessions and the
    course's 8."""
    seed(app)
    sign_in_en(one(db, User, email="participant@madangan.example"))

    page = client.get("/jp").text

    assert f"24 of 20 JP in {clock.this_year()}" in page
    assert 'role="img"' in page
    assert page.count("Kunjungan ke Digital Services Living Lab, Sumedang") == 1


@pytest.mark.parametrize("moment", [SEED_MOMENTS["2 january"], SEED_MOMENTS["new year 00:30"]],
                         ids=["2 january", "new year 00:30"])
def test_seeded_as_a_year_begins_the_new_years_jp_page_is_not_empty(
        app, db, client, sign_in_en, set_clock, moment):
    set_clock(moment)
    seed(app)
    dewi = one(db, User, email="participant@madangan.example")
    assert person_jp(dewi.id, moment.year).total > 0
    sign_in_en(dewi)

    page = client.get("/jp").text

    assert f"of 20 JP in {moment.year}" in page
    assert "You have no JP" not in page
