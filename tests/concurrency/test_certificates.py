"""Parallel certificate issuance: for one participant, through the organiser's real button on
a live server, one certificate and one clear answer for everyone else; for many participants
of one program, as a bulk run issues them, distinct numbers without gaps."""
from datetime import date

from sqlalchemy import select

from app.certificates import services
from app.certificates.models import Certificate
from app.extensions import db as _db
from app.rounds.models import Enrollment
from tests.concurrency.conftest import ROUNDS, run_together

SAME_PARTICIPANT_WORKERS = 20
PARTICIPANTS = 30
ISSUED = "The certificate is issued."
ALREADY = "This participant already holds a certificate."


def enrollments_by_cohort(app, cohort_ids):
    with app.app_context():
        return _db.session.execute(select(Enrollment.cohort_id, Enrollment.id)
                                   .where(Enrollment.cohort_id.in_(cohort_ids))
                                   .order_by(Enrollment.id)).all()


def certificates_of(app, enrollment_ids):
    with app.app_context():
        return _db.session.execute(select(Certificate.enrollment_id, Certificate.number)
                                   .where(Certificate.enrollment_id.in_(enrollment_ids))).all()


def test_parallel_issues_for_one_participant_make_one_certificate(
        race_app, make_world, sign_in_live):
    world = make_world(with_course=False)  # nothing to complete: everyone may be certified
    organiser = sign_in_live(world.organiser_email)
    enrollments = enrollments_by_cohort(race_app, world.cohort_ids)

    for cohort_id, enrollment_id in enrollments:
        issue = f"/manage/cohorts/{cohort_id}/certificates/issue/{enrollment_id}"
        pages = run_together(lambda _: organiser.post(issue, follow=True),
                             range(SAME_PARTICIPANT_WORKERS))

        assert all(page.status_code == 200 for page in pages), [p.status_code for p in pages]
        told = sorted(ISSUED if ISSUED in page.text else ALREADY if ALREADY in page.text
                      else page.text for page in pages)
        assert told == sorted([ISSUED] + [ALREADY] * (SAME_PARTICIPANT_WORKERS - 1))
    certificates = certificates_of(race_app, [id_ for _cohort, id_ in enrollments])
    assert sorted(enrollment for enrollment, _number in certificates) == sorted(
        id_ for _cohort, id_ in enrollments)
    assert len({number for _enrollment, number in certificates}) == ROUNDS


def test_parallel_issues_for_many_participants_number_them_without_gaps(race_app, make_world):
    world = make_world(with_course=False, participants=PARTICIPANTS)
    enrollments = enrollments_by_cohort(race_app, world.cohort_ids)

    def issue(enrollment_id):
        """Issue one certificate in a transaction of its own, as a bulk run does."""
        with race_app.app_context():
            try:
                enrollment = _db.session.get(Enrollment, enrollment_id)
                certificate = services.issue_certificate(None, enrollment,
                                                         today=date(2026, 1, 30), render=False)
                _db.session.commit()
                return certificate.number
            finally:
                _db.session.remove()

    numbers = []
    for cohort_id in world.cohort_ids:
        ids = [id_ for cohort, id_ in enrollments if cohort == cohort_id]
        numbers += run_together(issue, ids)

    assert all(isinstance(number, str) for number in numbers), numbers
    prefixes = {number.rsplit("/", 1)[0] for number in numbers}
    sequence = sorted(int(number.rsplit("/", 1)[1]) for number in numbers)
    assert (len(prefixes), sequence) == (1, list(range(1, PARTICIPANTS * ROUNDS + 1)))
    certificates = certificates_of(race_app, [id_ for _cohort, id_ in enrollments])
    assert sorted(certificates) == sorted(zip([id_ for _cohort, id_ in enrollments], numbers))
