"""Telling people what happened: one in-app notification per event and person, which is also
emailed unless they opted out of that kind."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notifications.models import Notification


@dataclass(frozen=True)
class NotificationKind:
    label: str      # what the preferences page calls it
    message: str    # the sentence shown and emailed; the payload fills its placeholders


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
    "milestone_due": NotificationKind(
        _l("Milestone due soon"), _l("Your milestone “%(title)s” is due on %(due_on)s.")),
    "session_tomorrow": NotificationKind(
        _l("Session tomorrow"), _l("“%(title)s” starts tomorrow at %(starts)s.")),
    "certificate_issued": NotificationKind(
        _l("Certificate issued"), _l("Your certificate for %(program)s is ready.")),
}


def notify(user_id, kind, *, link="", dedupe_key=None, **payload):
    """Record a notification for one user; with a `dedupe_key`, only the first such
    notification is kept, even when two processes send it at once."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if dedupe_key is not None and db.session.scalar(select(Notification.id).filter_by(
            user_id=user_id, dedupe_key=dedupe_key)) is not None:
        return None
    notification = Notification(user_id=user_id, kind=kind, link=link, dedupe_key=dedupe_key,
                                payload=payload)
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:
        return None
    return notification


def describe(notification):
    """The notification as a sentence in the reader's language."""
    return NOTIFICATION_KINDS[notification.kind].message % notification.payload
