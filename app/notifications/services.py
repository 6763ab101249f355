"""Telling people what happened: one in-app notification per event and person, which is also
emailed unless they opted out of that kind."""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notifications.models import EmailOptOut, Notification
from app.rounds.schedule import format_local_time


def _day(payload):
    return format_date(date.fromisoformat(payload["due_on"]), "long")


def _time_in_zone(payload):
    return format_local_time(datetime.fromisoformat(payload["starts"]), payload["timezone"])


@dataclass(frozen=True)
class NotificationKind:
    label: str      # what the preferences page calls it
    message: str    # the sentence shown and emailed; the payload fills its placeholders
    # Placeholders shown in the reader's language and zone, from the payload's plain values.
    formats: dict[str, Callable[[dict], str]] = field(default_factory=dict)


NOTIFICATION_KINDS = {
    "feedback_received": NotificationKind(
        _l("Feedback on your work"), _l("%(reviewer)s commented on your %(work)s.")),
    "revision_requested": NotificationKind(
        _l("Revision requested"), _l("%(reviewer)s asks you to revise your %(work)s.")),
    "plan_approved": NotificationKind(
        _l("Work approved"), _l("%(reviewer)s approved your %(work)s.")),
    "plan_endorsed": NotificationKind(
        _l("Action plan endorsed"), _l("%(reviewer)s endorsed your action plan.")),
    "submission_received": NotificationKind(
        _l("Work submitted for your review"), _l("%(participant)s submitted %(work)s.")),
    "plan_awaiting_endorsement": NotificationKind(
        _l("Action plan awaiting your endorsement"),
        _l("%(reviewer)s approved the action plan of %(participant)s; it awaits your "
           "endorsement.")),
    "milestone_due": NotificationKind(
        _l("Milestone due soon"), _l("Your milestone “%(title)s” is due on %(due_on)s."),
        formats={"due_on": _day}),
    "session_tomorrow": NotificationKind(
        _l("Session tomorrow"), _l("“%(title)s” starts tomorrow at %(starts)s."),
        formats={"starts": _time_in_zone}),
    "certificate_issued": NotificationKind(
        _l("Certificate issued"), _l("Your certificate for %(program)s is ready.")),
}


def _plain(value):
    """Dates and times are kept as ISO text, so the reader's locale formats them later."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def notify(user_id, kind, *, link="", dedupe_key=None, **payload):
    """Record a notification for one user; with a `dedupe_key`, only the first such
    notification is kept, even when two processes send it at once."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if dedupe_key is not None and db.session.scalar(select(Notification.id).filter_by(
            user_id=user_id, dedupe_key=dedupe_key)) is not None:
        return None
    notification = Notification(user_id=user_id, kind=kind, link=link, dedupe_key=dedupe_key,
                                payload={key: _plain(value) for key, value in payload.items()})
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:
        return None
    return notification


def describe(notification):
    """The notification as a sentence in the reader's language."""
    kind = NOTIFICATION_KINDS[notification.kind]
    payload = notification.payload
    return kind.message % {**payload, **{key: show(payload) for key, show in kind.formats.items()}}


def mark_read(notification, now):
    """Mark one notification read; reading it again keeps the first time."""
    if notification.read_at is None:
        notification.read_at = now
        db.session.flush()


def mark_all_read(user, now):
    """Mark all of the user's unread notifications read; return how many there were."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=now).execution_options(synchronize_session="fetch"))
    return result.rowcount


def set_email_choices(user, wanted_kinds):
    """Email the user only the kinds in `wanted_kinds`; the others become opt-outs."""
    unwanted = set(NOTIFICATION_KINDS) - set(wanted_kinds)
    db.session.execute(delete(EmailOptOut).where(EmailOptOut.user_id == user.id,
                                                 EmailOptOut.kind.not_in(unwanted)))
    already = set(db.session.scalars(select(EmailOptOut.kind).filter_by(user_id=user.id)))
    db.session.add_all(EmailOptOut(user_id=user.id, kind=kind)
                       for kind in sorted(unwanted - already))
    db.session.flush()
