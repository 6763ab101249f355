"""`flask mail send`: the emails waiting to be sent, for cron or a scheduler to run."""
import click
from flask.cli import AppGroup

from app.emails.outbox import send_due_emails

mail_cli = AppGroup("mail", help="The outbox of emails.")


@mail_cli.command("send")
def send():
    """Send every email whose attempt is due (a new one, or a failed one whose wait is over);
    safe to run while the app's jobs send too."""
    outcome = send_due_emails()
    click.echo(f"{outcome.sent} emails sent, {outcome.failed} failed and will be tried again, "
               f"{outcome.given_up} given up.")
