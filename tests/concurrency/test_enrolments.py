"""Parallel enrolments into a round with few places, through the organiser's real form and
through the API on a live server: exactly as many succeed as there are places, and everyone
else is told the round is full."""
import requests
from sqlalchemy import func, select

from app.api.tokens import create_token
from app.audit.models import AuditEvent
from app.auth.services import find_user_by_email
from app.extensions import limiter
from app.extensions import db as _db
from app.rounds.models import Enrollment
from tests.concurrency.conftest import FINISH_TIMEOUT, ROUNDS, run_together

PLACES = 5
WORKERS = 50


def participants_per_round(race_app, cohort_ids):
    with race_app.app_context():
        return sorted(_db.session.execute(
            select(Enrollment.cohort_id, func.count(Enrollment.id))
            .where(Enrollment.cohort_id.in_(cohort_ids))
            .group_by(Enrollment.cohort_id)).all())


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
        added = _db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.cohort_id.in_(world.cohort_ids), AuditEvent.action == "enrollment.added"))
    assert participants_per_round(race_app, world.cohort_ids) == [
        (cohort_id, PLACES) for cohort_id in world.cohort_ids]
    assert added == PLACES * ROUNDS


def test_parallel_api_enrolments_never_exceed_the_capacity(race_app, race_server, make_world):
    world = make_world(participants=WORKERS, enrolled=False, capacity=PLACES, status="open")
    with race_app.app_context():
        _api_token, token = create_token(find_user_by_email(world.organiser_email), "Race",
                                         "write")
        _db.session.commit()

    def enrol(cohort_id, email):
        return requests.post(
            f"{race_server}/api/v1/cohorts/{cohort_id}/enrollments",
            json={"enrollments": [{"name": email, "email": email, "role": "participant"}]},
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
            timeout=FINISH_TIMEOUT)

    for number, cohort_id in enumerate(world.cohort_ids):
        limiter.reset()  # one token sends every request: keep the test under its limit
        emails = world.participant_emails[number * WORKERS:(number + 1) * WORKERS]
        responses = run_together(lambda email: enrol(cohort_id, email), emails)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] * PLACES + [422] * (WORKERS - PLACES), statuses
        details = {r.json()["errors"][0]["detail"] for r in responses if r.status_code == 422}
        assert details == {f"Over capacity: the round has {PLACES} places, {PLACES} are taken, "
                           "and this participant is beyond them."}, details
    assert participants_per_round(race_app, world.cohort_ids) == [
        (cohort_id, PLACES) for cohort_id in world.cohort_ids]
