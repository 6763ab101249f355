"""`flask notify …` and `flask mail …`: reminders that fall due and emails waiting to be
sent, for cron or a scheduler to run."""
import click
from flask.cli import AppGroup

from app.notifications.outbox import send_due_emails
from app.notifications.reminders import send_due_reminders

notify_cli = AppGroup("notify", help="Notifications and reminders.")
mail_cli = AppGroup("mail", help="The outbox of emails.")


@notify_cli.command("due")
def due():
    """Create the reminders now due (milestones due soon, sessions tomorrow), each only once,
    and email them; safe to run as often as you like."""
    counts = send_due_reminders()
    click.echo(f"{counts.milestones + counts.sessions} reminders created: "
               f"{counts.milestones} for milestones due soon, "
               f"{counts.sessions} for sessions tomorrow.")


@mail_cli.command("send")
def send():
    """Send every email whose attempt is due (a new one, or a failed one whose wait is over);
    safe to run while the app's jobs send too."""
    outcome = send_due_emails()
    click.echo(f"{outcome.sent} emails sent, {outcome.failed} failed and will be tried again, "
               f"{outcome.given_up} given up.")
