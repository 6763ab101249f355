"""Fifty parallel completions of the same lesson, through the real view on a live server,
leave one completion and one learning record; every request gets the ordinary answer."""
from sqlalchemy import select

from app.content.models import Activity
from app.extensions import db as _db
from app.learning.models import Completion
from app.rounds.models import Enrollment
from app.xapi.models import XapiStatement
from tests.concurrency.conftest import COURSE, LESSONS, run_together

WORKERS = 50


def test_fifty_parallel_completions_of_a_lesson_leave_one_row(
        race_app, make_world, sign_in_live):
    world = make_world(rounds=1)
    cohort_id = world.cohort_ids[0]
    learner = sign_in_live(world.participant_emails[0])

    for lesson in LESSONS:
        responses = run_together(
            lambda _: learner.post(f"/journey/{cohort_id}/{COURSE}/{lesson}/done"),
            range(WORKERS))

        assert [(r.status_code, r.headers.get("Location")) for r in responses] == (
            [(302, f"/journey/{cohort_id}/next")] * WORKERS)
    with race_app.app_context():
        completions = _db.session.execute(
            select(Activity.slug, Completion.id)
            .join(Completion, Completion.activity_id == Activity.id)
            .join(Enrollment, Enrollment.id == Completion.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id)).all()
        records = _db.session.scalars(select(XapiStatement.subject).where(
            XapiStatement.subject.in_([f"completion:{id_}" for _slug, id_ in completions]))
        ).all()
    assert sorted(slug for slug, _id in completions) == LESSONS
    assert len(records) == len(LESSONS)
