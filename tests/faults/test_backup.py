"""`flask backup` and `flask restore`, run as an operator would: a backup of the demo data with
issued certificates (their PDFs included), restored after rows were deleted, changed and
added, gives back every table exactly — every row, every column."""
import os
import subprocess
import sys
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import MetaData, create_engine, delete, select, text, update

from app import create_app
from app.auth.models import User
from app.certificates.models import Certificate
from app.demo import seed_demo
from app.extensions import db as _db
from app.organisations.models import Organisation
from app.rounds.models import Attendance
from tests import conftest
from tests.conftest import PASSWORD, live_database_url
from tests.scaleout.conftest import complete_demo_round

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")


def flask_command(database_url, *args, answer=None):
    """Run a `flask` command against the database, as an operator would."""
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    return subprocess.run([FLASK, *args], cwd=ROOT, env=env, input=answer, capture_output=True,
                          text=True, timeout=300)


def everything(database_url):
    """Every table's rows, ordered by primary key, and on PostgreSQL where each sequence
    stands (so rows added after a restore get fresh ids)."""
    engine = create_engine(database_url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            contents = {}
            for table in metadata.sorted_tables:
                rows = connection.execute(select(table).order_by(
                    *table.primary_key.columns)).all()
                contents[table.name] = [tuple(row) for row in rows]
            if engine.dialect.name == "postgresql":
                contents["sequences"] = connection.execute(text(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "ORDER BY sequencename")).all()
        return contents
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A committed database with the demo data and the demo round's certificates, PDFs
    rendered; yields its URL."""
    database_url = live_database_url(tmp_path_factory, "faults")
    app = create_app(conftest.testing_config(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(PASSWORD)
        _db.session.commit()
        _db.engine.dispose()
    cohort_id = complete_demo_round(database_url)
    issued = flask_command(database_url, "certificates", "issue", "--cohort", str(cohort_id))
    assert issued.returncode == 0, issued.stderr
    return database_url


def change_everything(database_url):
    """Delete, change and add rows in several tables, committed."""
    app = create_app(conftest.testing_config(database_url))
    with app.app_context():
        _db.session.execute(delete(Certificate))
        _db.session.execute(delete(Attendance))  # the audit log cannot be emptied
        _db.session.execute(update(User).values(name="Changed"))
        _db.session.add(Organisation(slug="after-backup", name="After the backup",
                                     short_name="After"))
        _db.session.commit()
        _db.engine.dispose()


def test_a_restore_gives_back_every_row_of_every_table(seeded, tmp_path):
    before = everything(seeded)
    assert len(before["certificate"]) == 7 + 2  # the finished round's and the two just issued
    backup = tmp_path / "madangan.backup"

    made = flask_command(seeded, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 0
    change_everything(seeded)
    assert everything(seeded) != before
    restored = flask_command(seeded, "restore", "--yes", str(backup))

    assert restored.returncode == 0, restored.stderr
    assert "Restored the database" in restored.stdout
    assert everything(seeded) == before


def test_the_backup_holds_the_certificates_pdfs(seeded, tmp_path):
    engine = create_engine(seeded)
    with engine.connect() as connection:
        pdfs = connection.execute(select(Certificate.pdf).order_by(Certificate.id)).scalars().all()
    engine.dispose()
    assert len(pdfs) == 7 + 2 and all(pdf.startswith(b"%PDF") for pdf in pdfs)
    backup = tmp_path / "madangan.backup"
    assert flask_command(seeded, "backup", str(backup)).returncode == 0
    change_everything(seeded)

    assert flask_command(seeded, "restore", "--yes", str(backup)).returncode == 0

    engine = create_engine(seeded)
    with engine.connect() as connection:
        assert connection.execute(
            select(Certificate.pdf).order_by(Certificate.id)).scalars().all() == pdfs
    engine.dispose()


def test_restore_asks_first_and_changes_nothing_when_told_no(seeded, tmp_path):
    backup = tmp_path / "madangan.backup"
    assert flask_command(seeded, "backup", str(backup)).returncode == 0
    change_everything(seeded)
    changed = everything(seeded)

    refused = flask_command(seeded, "restore", str(backup), answer="n\n")

    assert refused.returncode != 0
    assert "This replaces everything in the database with the backup" in refused.stdout
    assert everything(seeded) == changed


def test_restore_refuses_a_file_that_is_not_a_backup(seeded, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    before = everything(seeded)

    refused = flask_command(seeded, "restore", "--yes", str(not_a_backup))

    assert refused.returncode != 0 and "Error:" in refused.stderr
    assert everything(seeded) == before
