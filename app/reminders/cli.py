"""`flask notify …`: reminders that fall due, for cron or a scheduler to run."""
import click
from flask.cli import AppGroup

from app.reminders.services import send_due_reminders

notify_cli = AppGroup("notify", help="Notifications and reminders.")


@notify_cli.command("due")
def due():
    """Create the reminders now due (milestones due soon, sessions tomorrow), each only once,
    and email them; safe to run as often as you like."""
    counts = send_due_reminders()
    click.echo(f"{counts.milestones + counts.sessions} reminders created: "
               f"{counts.milestones} for milestones due soon, "
               f"{counts.sessions} for sessions tomorrow.")
