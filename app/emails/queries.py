"""What the administrator's outbox shows."""
from sqlalchemy import func, select

from app.extensions import db
from app.emails.models import EMAIL_STATUSES, SENT, OutgoingEmail


def unsent_emails():
    """The outbox's emails not sent yet (queued, failed, given up), newest first, as a Select
    to paginate."""
    return (select(OutgoingEmail).where(OutgoingEmail.status != SENT)
            .order_by(OutgoingEmail.created_at.desc(), OutgoingEmail.id.desc()))


def email_status_counts():
    """How many emails of the outbox are in each status; one grouped query."""
    counts = dict(db.session.execute(select(OutgoingEmail.status, func.count())
                                     .group_by(OutgoingEmail.status)).all())
    return {status: counts.get(status, 0) for status in EMAIL_STATUSES}
