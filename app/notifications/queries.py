"""Reading a user's notifications and email choices, and the outbox."""
from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.notifications.models import EMAIL_STATUSES, SENT, EmailOptOut, Notification
from app.notifications.models import OutgoingEmail


def notifications_of(user):
    """The user's notifications, newest first, as a Select to paginate."""
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


# The bell's count, on every page: built once, in Core (no ORM entity to load).
_notification = Notification.__table__
UNREAD_COUNT = select(func.count()).select_from(_notification).where(
    _notification.c.user_id == bindparam("user_id"), _notification.c.read_at.is_(None))


def unread_count(user):
    return db.session.scalar(UNREAD_COUNT, {"user_id": user.id})


def own_notification(user, notification_id):
    """The user's notification with this id, or None when there is none or it is another's."""
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))


def opted_out_kinds(user):
    return set(db.session.scalars(select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id)))


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
