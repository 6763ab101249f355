"""A background worker killed (SIGKILL) in the middle of a round's bulk certificate issue leaves
only whole certificates — number, audit event, xAPI statement and notification, committed
together — with no gap in the numbers, and a run that no longer claims to be running once
another run has taken over; running it again issues the rest, each certificate once."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import create_engine, func, select

from app import create_app
from app.audit.models import AuditEvent
from app.certificates.bulk import start_bulk_issue
from app.certificates.models import BulkIssue, Certificate
from app.extensions import db as _db
from app.notifications.models import Notification
from app.rounds.models import Cohort
from app.xapi.models import XapiStatement
from tests import conftest
from tests.conftest import live_database_url, on_the_suite_clock

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")
REDIS_URL = "redis://127.0.0.1:6379/8"  # a Redis database of its own, emptied before and after
COUNT = 40
PREFIX = "BPSDM-JABAR/PROGRAM/2026/"


@pytest.fixture
def redis():
    with conftest.empty_redis(REDIS_URL, "The killed-worker test") as connection:
        yield connection


@pytest.fixture
def round_of_completers(tmp_path_factory):
    """A committed database with a round of COUNT participants who completed it; yields
    (its app, its URL, the round's id)."""
    database_url = live_database_url(tmp_path_factory, "faults")
    app = create_app({**conftest.testing_config(database_url), "REDIS_URL": REDIS_URL})
    with app.app_context():
        flask_migrate.upgrade()
        cohort_id = conftest.commit_completed_round(COUNT)
        _db.session.remove()
    yield app, database_url, cohort_id
    with app.app_context():
        _db.engine.dispose()


def flask_env(database_url):
    return on_the_suite_clock({**os.environ, "DATABASE_URL": database_url,
                               "REDIS_URL": REDIS_URL, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                               "PYTHONUNBUFFERED": "1"})


def issued_count(engine):
    """How many certificates exist, as another connection sees them: a bare read on the DBAPI
    connection. Through SQLAlchemy it would begin as the app begins every transaction outside
    a request, as a SQLite writer (BEGIN IMMEDIATE), and queue behind the worker's commits
    until the run was over."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT count(*) FROM certificate")
        count = cursor.fetchone()[0]
        connection.rollback()
        return count
    finally:
        connection.close()


def children(pid):
    return [int(child) for child in
            Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def kill_mid_run(worker, engine, log):
    """SIGKILL the worker, its work horse and the horse's renderers as soon as some
    certificates exist, as the out-of-memory killer or a lost host would; returns how many
    there were just before."""
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and worker.poll() is None and seen == 0:
        seen = issued_count(engine)
        time.sleep(0.005)
    alive = worker.poll() is None
    # RQ runs each job in a forked work horse with a process group of its own.
    groups = [worker.pid, *children(worker.pid)] if alive else []
    for group in groups:
        os.killpg(group, signal.SIGKILL)
    worker.wait()
    assert alive and seen > 0, log.read_text()
    return seen


def test_a_worker_killed_mid_run_leaves_whole_certificates_and_a_rerun_issues_the_rest(
        redis, round_of_completers, tmp_path):
    app, database_url, cohort_id = round_of_completers
    with app.app_context():
        killed_run = start_bulk_issue(None, _db.session.get(Cohort, cohort_id)).id
        _db.session.remove()
    log = tmp_path / "worker.log"
    engine = create_engine(database_url)
    with log.open("wb") as out:
        worker = subprocess.Popen([FLASK, "jobs", "work"], cwd=ROOT, env=flask_env(database_url),
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        kill_mid_run(worker, engine, log)

    with app.app_context():
        certificates = _db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
        assert 0 < len(certificates) <= COUNT
        assert sum(c.pdf is not None for c in certificates) < COUNT  # the kill cut it short
        assert [c.number for c in certificates] == [
            f"{PREFIX}{n:04}" for n in range(1, len(certificates) + 1)]
        numbers_audited = sorted(event.details["number"] for event in _db.session.scalars(
            select(AuditEvent).filter_by(action="certificate.issued")))
        assert numbers_audited == [c.number for c in certificates]
        assert sorted(_db.session.scalars(select(XapiStatement.subject).where(
            XapiStatement.subject.like("certificate:%")))) == sorted(
            f"certificate:{c.id}" for c in certificates)
        assert _db.session.scalar(select(func.count(Notification.id)).filter_by(
            kind="certificate_issued")) == len(certificates)
        assert _db.session.get(BulkIssue, killed_run).status == "running"  # it cannot tell
        _db.session.remove()

    rerun = subprocess.run([FLASK, "certificates", "issue", "--cohort", str(cohort_id)],
                           cwd=ROOT, env=flask_env(database_url), capture_output=True,
                           text=True, timeout=300)

    assert rerun.returncode == 0, rerun.stderr
    assert f"{COUNT} of {COUNT} certificates have their PDF." in rerun.stdout
    with app.app_context():
        certificates = _db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
        assert [c.number for c in certificates] == [f"{PREFIX}{n:04}" for n in range(1, COUNT + 1)]
        assert len({c.enrollment_id for c in certificates}) == COUNT
        assert all(c.pdf.startswith(b"%PDF") for c in certificates)
        assert _db.session.scalar(select(func.count(AuditEvent.id)).filter_by(
            action="certificate.issued")) == COUNT
        killed = _db.session.get(BulkIssue, killed_run)
        assert killed.status == "failed" and "Interrupted" in killed.error
        _db.session.remove()
    engine.dispose()
