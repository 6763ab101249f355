"""Certificate numbers: the pattern, its prefix and a gap-free sequence per prefix, also when
several processes issue at once (PostgreSQL)."""
import threading
from datetime import date

import pytest
from sqlalchemy import delete, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.certificates import numbering, services
from app.certificates.models import Certificate, CertificateSequence
from app.cohorts.models import Cohort, Enrollment, Organisation, Program
from app.extensions import db as _db
from app.notifications.models import Notification
from app.xapi.models import XapiStatement


@pytest.mark.parametrize("pattern, number", [
    ("{org}/{program}/{year}/{seq:04}", "BPSDM-JABAR/PROGRAM/2026/0001"),
    ("{seq}/{program}/{year}", "1/PROGRAM/2026"),
    ("SERT-{year}-{seq:6}", "SERT-2026-     1"),
    ("No. {seq:03}/{org}/{year}", "No. 001/BPSDM-JABAR/2026"),
])
def test_it_renders_the_pattern(db, program, pattern, number):
    program.certificate_number_pattern = pattern
    assert numbering.next_number(program, 2026) == number


@pytest.mark.parametrize("pattern", [
    "{org}/{program}/{seq}",            # no year
    "{org}/{program}/{year}",           # no seq
    "{org}/{name}/{year}/{seq}",        # unknown field
    "{org!r}/{year}/{seq}",             # conversion
    "{org:>10}/{year}/{seq}",           # a format on a text field
    "{year}/{seq:x}",                   # not a width
    "{year}/{seq}/{seq}",               # seq twice
    "{year}/{seq",                      # unbalanced
    "{0}/{year}/{seq}",                 # positional
])
def test_it_rejects_a_pattern_it_cannot_use(pattern):
    with pytest.raises(numbering.PatternError):
        numbering.parse_pattern(pattern)


def test_each_prefix_counts_on_its_own_without_gaps(db, program):
    numbers = [numbering.next_number(program, 2026) for _ in range(3)]
    assert numbers == [f"BPSDM-JABAR/PROGRAM/2026/000{n}" for n in (1, 2, 3)]
    assert numbering.next_number(program, 2027) == "BPSDM-JABAR/PROGRAM/2027/0001"
    assert db.session.get(CertificateSequence,
                          "BPSDM-JABAR/PROGRAM/2026/{seq:04}").last == 3


def test_a_rolled_back_issue_gives_its_number_back(db, program):
    with pytest.raises(RuntimeError):
        with db.session.begin_nested():
            numbering.next_number(program, 2026)
            raise RuntimeError("the certificate could not be saved")
    assert numbering.next_number(program, 2026).endswith("/0001")


def test_braces_in_the_literal_text_stay(db, program):
    program.certificate_number_pattern = "{{{org}}}-{year}-{seq:02}"
    assert numbering.next_number(program, 2026) == "{BPSDM-JABAR}-2026-01"


# --- concurrency -----------------------------------------------------------------------------

WORKERS = 8


@pytest.fixture
def postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has a single writer, so issues cannot run concurrently; "
                    "set TEST_DATABASE_URL to a PostgreSQL database to run this test")


@pytest.fixture
def committed_cohort(app, postgresql):
    """A program without courses (so everyone is complete) and a cohort of WORKERS
    participants, committed so that other connections see them; removed afterwards."""
    with app.app_context():
        organisation = Organisation(slug="race-org", name="Race Org", short_name="Race")
        program = Program(organisation=organisation, slug="race", title="Race")
        cohort = Cohort(program=program, name="Race round", starts_on=date(2026, 1, 5),
                        ends_on=date(2026, 1, 9), status="running")
        users = [User(email=f"race{n}@madangan.example", name=f"Racer {n}", password_hash="x")
                 for n in range(WORKERS)]
        _db.session.add_all([cohort, *users])
        _db.session.flush()
        enrollments = [Enrollment(cohort_id=cohort.id, user_id=user.id) for user in users]
        _db.session.add_all(enrollments)
        _db.session.commit()
        ids = {"enrollments": [e.id for e in enrollments], "users": [u.id for u in users],
               "cohort": cohort.id, "program": program.id, "organisation": organisation.id}
    yield ids
    with app.app_context():
        session = _db.session
        session.execute(delete(Certificate).where(
            Certificate.enrollment_id.in_(ids["enrollments"])))
        session.execute(delete(AuditEvent).where(AuditEvent.cohort_id == ids["cohort"]))
        session.execute(delete(Notification).where(Notification.user_id.in_(ids["users"])))
        session.execute(delete(XapiStatement).where(XapiStatement.user_id.in_(ids["users"])))
        session.execute(delete(CertificateSequence).where(
            CertificateSequence.prefix.startswith("RACE-ORG/")))
        session.execute(delete(Enrollment).where(Enrollment.id.in_(ids["enrollments"])))
        session.execute(delete(Cohort).where(Cohort.id == ids["cohort"]))
        session.execute(delete(Program).where(Program.id == ids["program"]))
        session.execute(delete(Organisation).where(Organisation.id == ids["organisation"]))
        session.execute(delete(User).where(User.id.in_(ids["users"])))
        session.commit()


def test_concurrent_issues_get_unique_numbers_without_gaps(app, committed_cohort):
    start, errors = threading.Barrier(WORKERS), []

    def issue(enrollment_id):
        with app.app_context():
            try:
                enrollment = _db.session.get(Enrollment, enrollment_id)
                start.wait()
                services.issue_certificate(None, enrollment, today=date(2026, 1, 9),
                                           render=False)
                _db.session.commit()
            except Exception as error:  # reported by the assertion below
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=issue, args=(enrollment_id,))
               for enrollment_id in committed_cohort["enrollments"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    with app.app_context():
        numbers = _db.session.scalars(select(Certificate.number).where(
            Certificate.enrollment_id.in_(committed_cohort["enrollments"]))).all()
    assert sorted(numbers) == [f"RACE-ORG/RACE/2026/{n:04}" for n in range(1, WORKERS + 1)]
