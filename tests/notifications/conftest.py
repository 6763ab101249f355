"""Fixtures of the notification tests: action-plan milestones, a Redis queue of our own,
notifications made as the services make them, emails of the outbox and an outage of the
mail server."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import clock
from app.jobs import queue
from app.mentoring.models import Milestone, Submission
from app.emails.models import OutgoingEmail
from app.notifications.services import notify
from tests.conftest import free_port

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


@pytest.fixture
def make_email(db):
    """An email of the outbox in the state given (flushed, not committed, no job started)."""
    def make(recipient="erik@madangan.example", subject="Madangan: Feedback on your work",
             **state):
        email = OutgoingEmail(recipient=recipient, subject=subject, text="Hello Erik,\n",
                              **{"next_attempt_at": clock.now(), **state})
        db.session.add(email)
        db.session.flush()
        return email
    return make


class Outage:
    """Takes the test's SMTP server out of reach (`start()`) and back (`end()`)."""

    def __init__(self, config, monkeypatch, port):
        self.config, self.monkeypatch, self.port = config, monkeypatch, port

    def start(self):
        self.monkeypatch.setitem(self.config, "MAIL_PORT", free_port())  # nobody listens

    def end(self):
        self.monkeypatch.setitem(self.config, "MAIL_PORT", self.port)


@pytest.fixture
def outage(app, smtp_server, monkeypatch):
    return Outage(app.config, monkeypatch, smtp_server.port)
