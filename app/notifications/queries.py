"""Reading a user's notifications and email choices, and the outbox."""
from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.notifications.models import EmailOptOut, Notification


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
