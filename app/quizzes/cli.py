"""`flask quizzes close-late`: submit the attempts whose time ran out while nobody was on the
page, so their scores count (run it every few minutes from cron, like `flask notify due`)."""
import click
from flask.cli import AppGroup

from app.extensions import db
from app.quizzes.attempts import close_late_attempts

quizzes_cli = AppGroup("quizzes", help="Quiz attempts.")


@quizzes_cli.command("close-late")
def close_late():
    """Submit every attempt past its time limit with the answers it holds."""
    closed = close_late_attempts()
    db.session.commit()
    click.echo(f"Closed {closed} attempts past their time limit.")
