"""Parallel enrolments into a round with few places, through the organiser's real form on a
live server: exactly as many succeed as there are places, and everyone else is told the round
is full."""
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.cohorts.models import Enrollment
from app.extensions import db as _db
from tests.concurrency.conftest import ROUNDS, run_together

PLACES = 5
WORKERS = 30


def test_parallel_enrolments_never_exceed_the_capacity(race_app, make_world, sign_in_live):
    world = make_world(participants=WORKERS, enrolled=False, capacity=PLACES, status="open")
    organiser = sign_in_live(world.organiser_email)

    for number, cohort_id in enumerate(world.cohort_ids):
        people = f"/manage/cohorts/{cohort_id}/people"
        emails = world.participant_emails[number * WORKERS:(number + 1) * WORKERS]
        responses = run_together(
            lambda email: organiser.post(people, {"email": email, "role": "participant"}),
            emails)

        enrolled = [r for r in responses if r.status_code == 302]
        refused = [r for r in responses if r.status_code == 200
                   and f"Round {number + 1} is full ({PLACES} places)." in r.text]
        assert (len(enrolled), len(refused)) == (PLACES, WORKERS - PLACES), (
            [r.status_code for r in responses])
        assert {r.headers["Location"] for r in enrolled} == {people}
    with race_app.app_context():
        participants = _db.session.execute(
            select(Enrollment.cohort_id, func.count(Enrollment.id))
            .where(Enrollment.cohort_id.in_(world.cohort_ids))
            .group_by(Enrollment.cohort_id)).all()
        added = _db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.cohort_id.in_(world.cohort_ids), AuditEvent.action == "enrollment.added"))
    assert sorted(participants) == [(cohort_id, PLACES) for cohort_id in world.cohort_ids]
    assert added == PLACES * ROUNDS
