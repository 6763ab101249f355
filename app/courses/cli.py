"""`flask content …`: bring course files into the database."""
import click
from flask import current_app
from flask.cli import AppGroup

from app.content.loader import ContentError, load_content
from app.courses.sync import sync_courses
from app.extensions import db

content_cli = AppGroup("content", help="Course content under content/.")


@content_cli.command("sync")
@click.option("--path", type=click.Path(file_okay=False), default=None,
              help="Content folder (default: CONTENT_DIR, the project's content/).")
def sync(path):
    """Create or update courses from the content files; safe to run again."""
    root = path or current_app.config["CONTENT_DIR"]
    try:
        sources = load_content(root)
    except ContentError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException("content has errors; nothing was changed") from None
    with click.progressbar(length=len(sources), label="Syncing courses") as bar:
        report = sync_courses(sources, on_progress=bar.update)
    db.session.commit()
    click.echo(f"{len(sources)} courses: {report}.")
