"""Parallel submissions of one examiner's rubric for one participant, from forms opened at the
same revision, on a live server: exactly one is saved, every other is told why, and there is
never a second score row."""
from sqlalchemy import func, select

from app.auth import services as accounts
from app.enrolment.services import enroll
from app.extensions import db as _db
from app.rounds.models import Cohort, Enrollment
from app.seminars.models import SeminarScore
from app.seminars.rubric import load_rubric
from tests.concurrency.conftest import run_together
from tests.conftest import PASSWORD

WORKERS = 10
REFUSALS = ("saved from another page", "saved at the same moment")


def assign_examiner(race_app, world):
    """An examiner for each round's participant; returns their email and the enrollment ids."""
    with race_app.app_context():
        examiner = accounts.create_user(email=f"examiner-{world.cohort_ids[0]}@race.example",
                                        name="Yusuf Examiner", password=PASSWORD,
                                        roles=("coach",), locale="en")
        ids = []
        for cohort_id in world.cohort_ids:
            enroll(_db.session.get(Cohort, cohort_id), examiner, "examiner", actor=None)
            enrollment = _db.session.scalar(select(Enrollment).filter_by(
                cohort_id=cohort_id, role="participant"))
            enrollment.examiner_id = examiner.id
            ids.append(enrollment.id)
        _db.session.commit()
        return examiner.email, ids


def test_parallel_submissions_save_one_rubric(race_app, make_world, sign_in_live):
    world = make_world(with_course=False)
    email, enrollment_ids = assign_examiner(race_app, world)
    examiner = sign_in_live(email)
    keys = load_rubric().keys
    for enrollment_id in enrollment_ids:
        responses = run_together(
            lambda value: examiner.post(f"/seminar/{enrollment_id}", {
                **{f"score_{key}": value for key in keys}, "comments": "", "revision": 0}),
            [str(60 + n) for n in range(WORKERS)])
        saved = [r for r in responses if r.status_code == 302]
        refused = [r for r in responses if r.status_code == 200
                   and any(reason in r.text for reason in REFUSALS)]
        assert (len(saved), len(refused)) == (1, WORKERS - 1), [
            getattr(r, "status_code", r) for r in responses]
    with race_app.app_context():
        rows = _db.session.execute(
            select(SeminarScore.enrollment_id, func.count(SeminarScore.id))
            .where(SeminarScore.enrollment_id.in_(enrollment_ids))
            .group_by(SeminarScore.enrollment_id)).all()
    assert sorted(rows) == [(enrollment_id, 1) for enrollment_id in sorted(enrollment_ids)]
