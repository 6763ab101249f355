"""`flask regions …` and `flask spbe …`: bring the shipped reference data into the database."""
from pathlib import Path

import click
from flask.cli import AppGroup

from app.benchmarking.frameworks import (FRAMEWORKS_DIR, FrameworkError, framework_folders,
                                         load_framework, sync_framework)
from app.extensions import db

spbe_cli = AppGroup("spbe", help="SPBE evaluation frameworks.")


@spbe_cli.command("load")
@click.option("--folder", type=click.Path(file_okay=False, exists=True), default=None,
              help="One framework folder (default: every folder under "
                   "app/benchmarking/data/frameworks).")
def load_frameworks_command(folder):
    """Create or update the evaluation frameworks from their data files; safe to run again.

    Every folder is checked before anything is saved.
    """
    folders = [Path(folder)] if folder else framework_folders(FRAMEWORKS_DIR)
    loaded, problems = [], []
    for path in folders:
        try:
            loaded.append(load_framework(path))
        except FrameworkError as error:
            problems += [f"{path.name}/{problem}" for problem in error.problems]
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException("frameworks have errors; nothing was changed")
    for data in loaded:
        framework, summary = sync_framework(data)
        click.echo(f"{framework.slug}: {len(data.indicators)} indicators, "
                   f"{len(data.bands)} bands ({'created' if summary['created'] else 'updated'}"
                   f", {summary['elements changed']} elements changed).")
    db.session.commit()
