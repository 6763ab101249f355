"""`flask notify …`: reminders that fall due, for cron or a scheduler to run."""
import click
from flask import current_app
from flask.cli import AppGroup

from app import clock
from app.extensions import db
from app.reminders.services import create_due_reminders

notify_cli = AppGroup("notify", help="Notifications and reminders.")


@notify_cli.command("due")
def due():
    """Create the reminders now due (milestones due soon, sessions tomorrow), each only once,
    and email them (the commit queues the emails); safe to run as often as you like."""
    counts = create_due_reminders(clock.now(), current_app.config["REMINDER_DAYS_BEFORE_MILESTONE"])
    db.session.commit()
    click.echo(f"{counts.milestones + counts.sessions} reminders created: "
               f"{counts.milestones} for milestones due soon, "
               f"{counts.sessions} for sessions tomorrow.")
