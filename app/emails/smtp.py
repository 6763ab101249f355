"""Sending one email: over SMTP with Flask-Mail when MAIL_SERVER is set, otherwise to the log,
so development and the in-process job path need no mail server."""
import logging

from flask import current_app
from flask_mail import Connection, Message

from app.extensions import mail

log = logging.getLogger("madangan.mail")


def send_email(to, subject, body, html=None):
    """Send a plain-text email (with an optional HTML part) to one address or a list."""
    recipients = [to] if isinstance(to, str) else list(to)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("Email to %s\nSubject: %s\n\n%s", ", ".join(recipients), subject, body)
        return
    message = Message(subject=subject, recipients=recipients, body=body, html=html,
                      sender=config["MAIL_DEFAULT_SENDER"])
    # Read the settings now rather than Flask-Mail's copy from start-up, so a server set in
    # the configuration later (a test's SMTP server, say) is the one used.
    settings = mail.init_mail(config, current_app.debug)
    with Connection(settings) as connection:
        connection.send(message)
