"""`flask backup` and `flask restore`: the whole database to one file and back, exactly.

SQLite is copied with its online backup API, which gives a consistent copy while the app
keeps serving; PostgreSQL is dumped with `pg_dump --format=custom` and restored with
`pg_restore --clean --if-exists --no-owner --single-transaction`, so a failed restore changes
nothing. PostgreSQL's client tools must be of the server's major version (pg_dump refuses a
newer server).
"""
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def backup_database(database_url, output):
    """Write a backup of the database at `database_url` to the file `output`."""
    url = make_url(database_url)
    output = Path(output)
    if url.get_backend_name() == "sqlite":
        with closing(_open_sqlite(_sqlite_path(url))) as source, \
                closing(sqlite3.connect(output)) as copy:
            source.backup(copy)
    elif url.get_backend_name() == "postgresql":
        _run_postgresql_tool(url, "pg_dump", "--format=custom", f"--file={output}")
    else:
        raise BackupError(f"cannot back up a {url.get_backend_name()} database")


def restore_database(database_url, backup):
    """Replace every table of the database at `database_url` with the backup's."""
    url = make_url(database_url)
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"no backup file at {backup}")
    if url.get_backend_name() == "sqlite":
        with closing(_open_sqlite(backup)) as source, \
                closing(sqlite3.connect(_sqlite_path(url))) as target:
            source.backup(target)
    elif url.get_backend_name() == "postgresql":
        _run_postgresql_tool(url, "pg_restore", "--clean", "--if-exists", "--no-owner",
                             "--single-transaction", str(backup))
    else:
        raise BackupError(f"cannot restore a {url.get_backend_name()} database")


def _sqlite_path(url):
    if url.database in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database has nothing to back up or restore")
    return Path(url.database)


def _open_sqlite(path):
    """A connection to an existing Madangan database (one the migrations made), refusing any
    other file before it can overwrite anything."""
    if not Path(path).is_file():
        raise BackupError(f"no SQLite database at {path}")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        connection.close()
        raise BackupError(f"{path} is not a Madangan database: {error}") from error
    return connection


def _run_postgresql_tool(url, tool, *arguments):
    """Run pg_dump or pg_restore against the database, the password passed in the
    environment rather than on the command line, where `ps` would show it."""
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    try:
        done = subprocess.run([tool, f"--dbname={libpq_url}", *arguments], env=environment,
                              capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{tool} is not installed (PostgreSQL's client tools)") from error
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(output):
    """Back up the whole database to OUTPUT (safe while the app runs)."""
    try:
        backup_database(db.engine.url, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the database to {output} ({Path(output).stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(
    "--yes", prompt="This replaces everything in the database with the backup. Continue?",
    help="Restore without asking.")
@with_appcontext
def restore_command(backup):
    """Replace the whole database with BACKUP, made by `flask backup`."""
    db.engine.dispose()  # hold no connection (nor lock) of ours while the tables are replaced
    try:
        restore_database(db.engine.url, backup)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the database from {backup}.")
