"""The outbox: every email the app sends is first a row written in the transaction that causes
it, sent by a job once that commits, and tried again with backoff while the mail server fails.

A row is locked while it is sent: on PostgreSQL other senders skip it, and SQLite has one
writer at a time, so the job after a commit and `flask mail send` never send an email twice.
"""
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from app import clock
from app.audit.services import record_event
from app.extensions import db
from app.jobs import enqueue_on_commit
from app.emails.smtp import send_email
from app.emails.models import FAILED, GIVEN_UP, QUEUED, SENT, OutgoingEmail

log = logging.getLogger("madangan.mail")

# The waits after the first failed attempts, then LATER_DELAY between the others.
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 25, 125))
LATER_DELAY = timedelta(hours=6)
MAX_ATTEMPTS = 8
WAITING = (QUEUED, FAILED)  # the statuses of emails still to be sent
LAST_ERROR_LENGTH = 1000


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt."""
    return RETRY_DELAYS[attempts - 1] if attempts <= len(RETRY_DELAYS) else LATER_DELAY


def queue_email(to, subject, text, html=None):
    """Put an email to one address in the outbox, in the caller's transaction (flushed, not
    committed): it is sent once that commits, and never if it rolls back."""
    email = OutgoingEmail(recipient=to, subject=subject, text=text, html=html,
                          next_attempt_at=clock.now())
    db.session.add(email)
    db.session.flush()
    enqueue_on_commit(send_queued_email, email.id)
    return email


def _due(now):
    return (select(OutgoingEmail)
            .where(OutgoingEmail.status.in_(WAITING), OutgoingEmail.next_attempt_at <= now)
            .order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
            .with_for_update(skip_locked=True))


def _attempt(session, email):
    """Send a locked email, record how it went and commit; its new status."""
    email.attempts += 1
    try:
        send_email(email.recipient, email.subject, email.text, html=email.html)
    except (OSError, smtplib.SMTPException) as error:
        email.last_error = f"{type(error).__name__}: {error}"[:LAST_ERROR_LENGTH]
        if email.attempts >= MAX_ATTEMPTS:
            email.status, email.next_attempt_at = GIVEN_UP, None
        else:
            email.status = FAILED
            email.next_attempt_at = clock.now() + retry_delay(email.attempts)
        log.warning("The email %s to %s failed (attempt %s): %s", email.id, email.recipient,
                    email.attempts, email.last_error)
    else:
        email.status, email.next_attempt_at, email.sent_at = SENT, None, clock.now()
    session.commit()
    return email.status


def send_queued_email(email_id):
    """The job after a commit: send this email if it is still due and nobody else is sending
    it; its status then, or None when there was nothing to do."""
    # A session of its own: inside a request it runs while the request's session commits.
    session = db.session.session_factory(expire_on_commit=False)
    try:
        email = session.scalar(_due(clock.now()).where(OutgoingEmail.id == email_id))
        return _attempt(session, email) if email is not None else None
    finally:
        session.close()


def send_due_emails():
    """Send every email whose attempt is due, one transaction each (for `flask mail send`,
    from cron or a scheduler); an Outcome. An email that fails now waits for a later run."""
    outcome = Outcome()
    session = db.session.session_factory(expire_on_commit=False)
    try:
        started = clock.now()
        while (email := session.scalar(_due(started).limit(1))) is not None:
            status = _attempt(session, email)
            outcome.sent += status == SENT
            outcome.failed += status == FAILED
            outcome.given_up += status == GIVEN_UP
        session.commit()
        return outcome
    finally:
        session.close()


def retry_email(actor, email):
    """Try an email that is not sent yet again now, once more after giving up."""
    if email.status == SENT:
        return False
    email.status, email.next_attempt_at = QUEUED, clock.now()
    db.session.flush()
    enqueue_on_commit(send_queued_email, email.id)
    record_event(actor, "email.retried", email=email.recipient, subject=email.subject)
    return True


def retry_given_up(actor):
    """Try every email that was given up once more, now; how many there were."""
    ids = db.session.scalars(update(OutgoingEmail).where(OutgoingEmail.status == GIVEN_UP)
                             .values(status=QUEUED, next_attempt_at=clock.now())
                             .returning(OutgoingEmail.id)
                             .execution_options(synchronize_session=False)).all()
    for email_id in sorted(ids):
        enqueue_on_commit(send_queued_email, email_id)
    if ids:
        record_event(actor, "email.retried_given_up", count=len(ids))
    return len(ids)
