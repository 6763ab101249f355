"""Fixtures of the notification tests: action-plan milestones, a Redis queue of our own, and
notifications made as the services make them."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.jobs import queue
from app.mentoring.models import Milestone, Submission
from app.notifications.services import notify

# A Redis database of the notification tests alone: each test empties it.
REDIS_URL = "redis://127.0.0.1:6379/11"
ONE_DAY = timedelta(days=1)


@pytest.fixture
def make_notification(db):
    """Notify `user` (flushed, not committed) as a reviewer would."""
    def make(user, kind="feedback_received", link="/journey/1", dedupe_key=None, **payload):
        payload = payload or {"reviewer": "Hendra Coach", "work": "action plan"}
        return notify(user.id, kind, link=link, dedupe_key=dedupe_key, **payload)
    return make


@pytest.fixture
def make_milestone(db):
    """A milestone of the enrolment's action plan (made on first use)."""
    def make(enrollment, due_on, title="Draft the SPBE roadmap", status="planned"):
        plan = db.session.scalar(db.select(Submission).filter_by(
            enrollment_id=enrollment.id, kind="action_plan"))
        if plan is None:
            plan = Submission(enrollment_id=enrollment.id, kind="action_plan", content={})
            db.session.add(plan)
            db.session.flush()
        position = len(db.session.scalars(db.select(Milestone.id).filter_by(
            submission_id=plan.id)).all()) + 1
        milestone = Milestone(submission_id=plan.id, position=position, title=title,
                              due_on=due_on, status=status)
        db.session.add(milestone)
        db.session.flush()
        return milestone
    return make


def local(day, hour, zone="Asia/Jakarta"):
    """`hour` o'clock on `day` in `zone`, as an aware datetime."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


@pytest.fixture
def redis_queue(app, db):
    """The app on RQ, with a Redis database of its own emptied before and after."""
    app.config["REDIS_URL"] = REDIS_URL
    jobs = queue()
    jobs.connection.flushdb()
    try:
        yield jobs
    finally:
        jobs.connection.flushdb()
        jobs.connection.close()
        app.config["REDIS_URL"] = None
