"""`seed()` generates a consistent, sign-in-able installation at any size; here a tiny one,
inside the test's rolled-back transaction."""
import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app import clock
from app.auth.models import RoleGrant, User
from app.bench.people import DOMAIN
from app.bench.seed import AlreadySeeded, Size, seed
from app.certificates.models import Certificate, CertificateSequence
from app.learning.models import Completion
from app.progress.queries import evaluate_cohort
from app.rounds.models import Cohort, CohortSession, Enrollment

PASSWORD = "bench password"
TINY = Size("T", provinces=1, organisations=1, programs_per_organisation=3, cohorts=5,
            participants=80, benchmark_cohort_size=30, score_years=(2023, 2024),
            batch_size=40)
MOST_STEPS = 25   # activities of the longest generated program


@pytest.fixture
def summary(db):
    return seed(TINY, password=PASSWORD, commit=False, today=date(2026, 11, 23))


def count(db, statement):
    return db.session.scalar(statement)


def test_it_creates_the_sizes_rounds_and_participants(db, summary):
    rounds = db.session.execute(
        select(Enrollment.user_id, Cohort.program_id, Cohort.delivery_mode)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.role == "participant")).all()
    people = {user_id for user_id, _program, _mode in rounds}
    assert len(people) == TINY.participants
    assert TINY.participants * 1.5 < len(rounds) <= TINY.participants * 3
    assert len({(user_id, program) for user_id, program, _mode in rounds}) == len(rounds)
    assert {mode for _user, _program, mode in rounds} == {"classical", "elearning"}
    assert count(db, select(func.count(Cohort.id))) == TINY.cohorts
    sessions = db.session.execute(select(func.count()).select_from(CohortSession)
                                  .group_by(CohortSession.cohort_id)).scalars().all()
    assert len(sessions) == TINY.cohorts and all(4 <= n <= 8 for n in sessions)
    assert summary.cohort_participants == TINY.benchmark_cohort_size
    assert summary.counts["user"] == count(db, select(func.count(User.id)).where(
        User.email.endswith(DOMAIN)))


def test_completions_spread_from_none_to_all(db, summary):
    completions = count(db, select(func.count(Completion.id)))
    assert participants_bound(0.2) < completions < participants_bound(0.9)
    per_enrollment = db.session.execute(select(func.count(Completion.id))
                                        .group_by(Completion.enrollment_id)).scalars().all()
    assert len(per_enrollment) < enrollments(db)   # some never started
    assert max(per_enrollment) > min(per_enrollment)


def participants_bound(share):
    return TINY.participants * TINY.rounds_per_participant * MOST_STEPS * share


def enrollments(db):
    return count(db, select(func.count()).select_from(Enrollment)
                 .where(Enrollment.role == "participant"))


def test_certificates_go_exactly_to_who_completed_a_finished_round(db, summary):
    certified = set(db.session.scalars(select(Certificate.enrollment_id)))
    assert certified
    for cohort in db.session.scalars(select(Cohort)):
        participants = db.session.scalars(select(Enrollment.id).filter_by(
            cohort_id=cohort.id, role="participant")).all()
        complete = {enrollment_id for enrollment_id, evaluation in
                    evaluate_cohort(cohort, participants, clock.now()).items()
                    if evaluation.complete}
        if cohort.status == "completed":
            assert complete == certified & set(participants)
        else:
            assert not certified & set(participants)
    numbers = db.session.scalars(select(Certificate.number)).all()
    assert len(set(numbers)) == len(numbers)
    assert sum(db.session.scalars(select(CertificateSequence.last))) == len(numbers)


def test_nips_and_emails_are_unique_and_well_formed(db, summary):
    users = db.session.execute(select(User.email, User.nip)).all()
    nips = [nip for _email, nip in users if nip]
    assert len({email for email, _nip in users}) == len(users)
    assert len(set(nips)) == len(nips)
    assert all(re.fullmatch(r"\d{18}", nip) for nip in nips)


def test_every_participant_has_a_coach_guiding_about_25(db, summary):
    guided = db.session.execute(select(Enrollment.coach_id, func.count())
                                .where(Enrollment.role == "participant")
                                .group_by(Enrollment.coach_id)).all()
    assert all(coach_id is not None and count <= TINY.participants_per_coach
               for coach_id, count in guided)
    assert len(guided) >= enrollments(db) / TINY.participants_per_coach
    assert count(db, select(func.count()).select_from(RoleGrant)
                 .where(RoleGrant.role == "organiser")) == 2 * TINY.organisations


@pytest.mark.parametrize("who", ["participant", "coach", "organiser", "admin"])
def test_the_summary_people_sign_in_with_the_password(summary, sign_in, who):
    sign_in(SimpleNamespace(email=getattr(summary, f"{who}_email")), PASSWORD)


@pytest.mark.parametrize("who, path, status", [
    ("participant", "journey_path", 200),
    ("participant", "lesson_path", 200),
    ("organiser", "dashboard_path", 200),
    ("admin", "dashboard_path", 200),
    ("coach", "benchmark_path", 200),
    ("participant", "dashboard_path", 403),
])
def test_the_summary_pages_answer_the_right_people(client, summary, sign_in, who, path,
                                                   status):
    sign_in(SimpleNamespace(email=getattr(summary, f"{who}_email")), PASSWORD)
    assert client.get(getattr(summary, path)).status_code == status


def test_the_certificate_verifies(client, summary):
    response = client.get(f"/verify/{summary.verification_code}")
    assert response.status_code == 200


def test_a_second_run_refuses(db, summary):
    with pytest.raises(AlreadySeeded):
        seed(TINY, password=PASSWORD, commit=False)
