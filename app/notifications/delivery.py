"""Emailing notifications, in the transaction that creates them.

Session events collect the ids of new notifications while a transaction flushes them, and
before it commits put their emails in the outbox (app.emails.outbox), which sends them
once it has committed: nobody is emailed about work that was rolled back, and a mail server
that fails delays the emails rather than loses them.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_sqlalchemy.session import Session
from sqlalchemy import event, select

from app import clock
from app.auth.models import User
from app.extensions import db
from app.links import absolute_url, path_for
from app.notifications.models import EmailOptOut, Notification
from app.emails.outbox import queue_email
from app.notifications.services import NOTIFICATION_KINDS, describe

PENDING = "notifications_to_email"


def _collect_new(session, flush_context):
    """Remember the notifications this flush inserted."""
    ids = {obj.id for obj in session.new if isinstance(obj, Notification)}
    if ids:
        session.info.setdefault(PENDING, set()).update(ids)


def _queue_emails(session):
    """Before a transaction commits for good (not a savepoint), queue the emails of the
    notifications it made."""
    if session.in_nested_transaction():
        return
    session.flush()  # notifications added since the last flush
    ids = session.info.pop(PENDING, None)
    if ids:
        queue_notification_emails(sorted(ids))


def _forget(session, transaction):
    """A transaction that ended without committing (rolled back, or closed) emails nothing."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def init_app(app):
    """Listen to every Flask-SQLAlchemy session (the test suite makes its own)."""
    for name, listener in (("after_flush", _collect_new), ("before_commit", _queue_emails),
                           ("after_transaction_end", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def render_email(notification, user):
    """(subject, text, html) of the email about `notification`, in the user's language."""
    with force_locale(user.locale):
        context = {
            "name": user.name,
            "locale": user.locale,
            "sentence": describe(notification),
            "link": absolute_url(notification.link) if notification.link else "",
            "preferences_url": absolute_url(path_for("notifications.preferences")),
        }
        subject = _("Madangan: %(what)s", what=NOTIFICATION_KINDS[notification.kind].label)
        text = [_("Hello %(name)s,", name=user.name), "", context["sentence"]]
        if context["link"]:
            text += ["", _("Open it in Madangan: %(url)s", url=context["link"])]
        text += ["", "-- ", _("Choose which notifications Madangan emails you: %(url)s",
                              url=context["preferences_url"])]
        # The request's context processors are left out: there may be no request, or one of
        # another user whose session has just committed.
        html = current_app.jinja_env.get_template("notifications/email.html").render(context)
        return subject, "\n".join(text) + "\n", html


def queue_notification_emails(notification_ids):
    """Queue the emails of these notifications for those who want them, marking each emailed
    (handed to the outbox); return how many were queued."""
    rows = db.session.execute(
        select(Notification, User).join(User, User.id == Notification.user_id)
        .where(Notification.id.in_(notification_ids), Notification.emailed_at.is_(None),
               User.active.is_(True))
        .order_by(Notification.id)).all()
    opted_out = set(db.session.execute(select(EmailOptOut.user_id, EmailOptOut.kind).where(
        EmailOptOut.user_id.in_({user.id for _notification, user in rows}))).all())
    queued = 0
    for notification, user in rows:
        if (user.id, notification.kind) in opted_out:
            continue
        subject, text, html = render_email(notification, user)
        queue_email(user.email, subject, text, html)
        notification.emailed_at = clock.now()
        queued += 1
    return queued
