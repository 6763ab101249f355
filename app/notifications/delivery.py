"""Emailing notifications once the transaction that created them has committed.

Session events collect the ids of new notifications while a transaction flushes them and hand
them to a background job when it commits, so nobody is emailed about work that was rolled
back. The job is its own unit of work and may run again safely: it skips what was emailed.
"""
import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_sqlalchemy.session import Session
from sqlalchemy import event, select, update

from app import clock
from app.auth.models import User
from app.extensions import db
from app.jobs import enqueue
from app.notifications.email import send_email
from app.notifications.links import absolute_url, path_for
from app.notifications.models import EmailOptOut, Notification
from app.notifications.services import NOTIFICATION_KINDS, describe

log = logging.getLogger("madangan.mail")

PENDING = "notifications_to_email"


def _collect_new(session, flush_context):
    """Remember the notifications this flush inserted."""
    ids = {obj.id for obj in session.new if isinstance(obj, Notification)}
    if ids:
        session.info.setdefault(PENDING, set()).update(ids)


def _send_committed(session):
    """Email the notifications of a transaction that committed for good (not a savepoint)."""
    if session.in_nested_transaction():
        return
    ids = session.info.pop(PENDING, None)
    if not ids:
        return
    try:
        enqueue(send_notification_emails, sorted(ids))
    except Exception:
        # The notifications stand and are shown in the app; a failed email must not fail the
        # request or command that already committed them.
        log.exception("Could not email notifications %s", sorted(ids))


def _forget(session, transaction):
    """A transaction that ended without committing (rolled back, or closed) emails nothing."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def init_app(app):
    """Listen to every Flask-SQLAlchemy session (the test suite makes its own)."""
    for name, listener in (("after_flush", _collect_new), ("after_commit", _send_committed),
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


def send_notification_emails(notification_ids):
    """Email these notifications to those who want them; return how many were sent.

    Each email is claimed (emailed_at set) before it goes out and released if sending fails,
    so a retried or duplicated job never sends one twice."""
    # A session of its own: inside a request it runs while the request's session commits.
    session = db.session.session_factory(expire_on_commit=False)
    try:
        rows = session.execute(
            select(Notification, User).join(User, User.id == Notification.user_id)
            .where(Notification.id.in_(notification_ids), Notification.emailed_at.is_(None),
                   User.active.is_(True))
            .order_by(Notification.id)).all()
        opted_out = set(session.execute(select(EmailOptOut.user_id, EmailOptOut.kind).where(
            EmailOptOut.user_id.in_({user.id for _notification, user in rows}))).all())
        sent = 0
        for notification, user in rows:
            if (user.id, notification.kind) in opted_out:
                continue
            subject, text, html = render_email(notification, user)
            if not _claim(session, notification.id):
                continue  # another worker has it
            try:
                send_email(user.email, subject, text, html=html)
            except Exception:
                _release(session, notification.id)
                raise
            sent += 1
        return sent
    finally:
        session.close()


def _claim(session, notification_id):
    """Mark the notification emailed, unless someone did already; commit. Whether we did."""
    claimed = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.emailed_at.is_(None))
        .values(emailed_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    session.commit()
    return claimed == 1


def _release(session, notification_id):
    """Mark the notification not emailed after all, so a later run sends it; commit."""
    session.execute(update(Notification).where(Notification.id == notification_id)
                    .values(emailed_at=None).execution_options(synchronize_session=False))
    session.commit()
