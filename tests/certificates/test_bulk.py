"""Bulk issuance: one certificate per completed participant, gap-free numbers and every PDF,
however often it runs or wherever it was killed; its pages and the ZIP."""
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock, create_app
from app.certificates.bulk import latest_bulk_issue, run_bulk_issue, start_bulk_issue
from app.certificates.models import BulkIssue, Certificate
from app.enrolment.services import enroll
from app.extensions import db as _db
from app.rounds.models import Enrollment
from tests import conftest
from tests.conftest import on_the_suite_clock

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "BPSDM-JABAR/PROGRAM/2026/"


@pytest.fixture
def add_participants(db, cohort, make_user, complete):
    """Enrol `count` participants who completed the journey (and `incomplete` who did not)."""
    def add(count, incomplete=0):
        enrollments = []
        for n in range(count + incomplete):
            user = make_user(name=f"Peserta {n + 1}")
            enroll(cohort, user, actor=None)
            enrollment = db.session.scalar(select(Enrollment).filter_by(
                cohort_id=cohort.id, user_id=user.id))
            enrollments.append(complete(enrollment) if n < count else enrollment)
        return enrollments

    return add


def current_certificates(session, cohort_id):
    return session.scalars(
        select(Certificate).join(Enrollment)
        .where(Enrollment.cohort_id == cohort_id, Certificate.revoked_at.is_(None))
        .order_by(Certificate.number)).all()


def assert_complete_run(session, cohort_id, count):
    """Exactly one certificate per completed participant, numbered 1..count, each with a PDF."""
    certificates = current_certificates(session, cohort_id)
    assert len({c.enrollment_id for c in certificates}) == len(certificates) == count
    numbers = sorted(c.number for c in certificates)
    assert numbers == [f"{PREFIX}{n:04}" for n in range(1, count + 1)]
    assert all(c.pdf and c.pdf.startswith(b"%PDF") for c in certificates)


def test_bulk_issue_certifies_every_completed_participant_once(db, cohort, organiser,
                                                               add_participants):
    add_participants(3, incomplete=1)
    bulk = start_bulk_issue(organiser, cohort)
    db.session.expire_all()
    bulk = db.session.get(BulkIssue, bulk.id)
    assert (bulk.status, bulk.issued, bulk.total, bulk.error) == ("done", 3, 3, "")
    assert bulk.finished_at is not None
    assert_complete_run(db.session, cohort.id, 3)


def test_running_again_issues_nothing_twice(db, cohort, organiser, add_participants):
    add_participants(2)
    first = start_bulk_issue(organiser, cohort)
    run_bulk_issue(first.id)
    second = start_bulk_issue(organiser, cohort)
    assert second.id != first.id and second.status == "done"
    db.session.expire_all()
    assert_complete_run(db.session, cohort.id, 2)


def test_a_rerun_renders_the_missing_pdfs_and_reports_progress(db, cohort, organiser,
                                                               add_participants):
    add_participants(3)
    bulk = start_bulk_issue(organiser, cohort)
    db.session.expire_all()
    lost = current_certificates(db.session, cohort.id)[1]
    lost.pdf = None
    db.session.flush()
    seen = []
    assert run_bulk_issue(bulk.id, progress=lambda done, total: seen.append((done, total))) \
        == "done"
    assert seen[0] == (2, 3) and seen[-1] == (3, 3)
    db.session.expire_all()
    assert_complete_run(db.session, cohort.id, 3)


FORKS_OF_THIS_PROCESS = []
os.register_at_fork(before=lambda: FORKS_OF_THIS_PROCESS.append(1))


def test_the_renderers_are_not_forked_from_the_process_that_runs_it(db, cohort, organiser,
                                                                    add_participants):
    """A run may be in a threaded web server (no Redis): a fork of it could copy a lock another
    thread holds and hang, so the PDF workers come from a clean forkserver."""
    add_participants(2)
    FORKS_OF_THIS_PROCESS.clear()
    start_bulk_issue(organiser, cohort)
    db.session.expire_all()
    assert_complete_run(db.session, cohort.id, 2)
    assert FORKS_OF_THIS_PROCESS == []


def test_the_organiser_starts_a_run_and_follows_it(client, sign_in, db, cohort, organiser,
                                                   add_participants):
    add_participants(2)
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/certificates/bulk", data={})
    bulk = latest_bulk_issue(cohort)
    assert response.status_code == 302
    assert response.location == f"/manage/bulk-issues/{bulk.id}"
    page = client.get(response.location).text
    assert "2 of 2" in page and 'http-equiv="refresh"' not in page

    bulk.status = "running"
    db.session.flush()
    page = client.get(f"/manage/bulk-issues/{bulk.id}").text
    assert '<meta http-equiv="refresh" content="2">' in page


def test_without_redis_the_run_starts_once_the_response_is_sent(client, sign_in, db, cohort,
                                                                organiser, add_participants):
    """The organiser's click is answered at once, with the progress page to follow; the run
    works after the response, as a worker would."""
    add_participants(2)
    sign_in(organiser)
    response = FlaskClient.open(client, f"/manage/cohorts/{cohort.id}/certificates/bulk",
                                method="POST", data={"csrf_token": client.csrf_token()})
    assert response.status_code == 302
    assert latest_bulk_issue(cohort).status == "queued"
    assert current_certificates(db.session, cohort.id) == []
    response.close()
    assert latest_bulk_issue(cohort).status == "done"
    assert_complete_run(db.session, cohort.id, 2)


def test_a_run_that_stopped_moving_can_be_started_again(client, sign_in_en, db, cohort,
                                                        organiser, add_participants):
    """Its worker was killed: the page says so and offers a new run, which finishes the work
    and closes the stalled one; a run that is still moving is never doubled."""
    add_participants(2)
    stuck = BulkIssue(cohort_id=cohort.id, status="running", total=2, issued=0,
                      progressed_at=clock.now() - timedelta(minutes=4))
    db.session.add(stuck)
    db.session.flush()
    sign_in_en(organiser)
    assert "may have stopped" not in client.get(f"/manage/bulk-issues/{stuck.id}").text
    start = f"/manage/cohorts/{cohort.id}/certificates/bulk"
    assert client.post(start, data={}).location == f"/manage/bulk-issues/{stuck.id}"

    stuck.progressed_at = clock.now() - timedelta(minutes=6)
    db.session.flush()
    page = client.get(f"/manage/bulk-issues/{stuck.id}").text
    assert "the background worker running it may have stopped" in page
    assert 'http-equiv="refresh"' not in page and "Start again" in page
    again = client.post(start, data={})
    rerun = latest_bulk_issue(cohort)
    assert again.location == f"/manage/bulk-issues/{rerun.id}" and rerun.id != stuck.id
    assert (rerun.status, rerun.issued) == ("done", 2)
    db.session.refresh(stuck)
    assert stuck.status == "failed" and f"run {rerun.id} took over" in stuck.error


def test_the_zip_holds_one_pdf_per_participant(client, sign_in, db, cohort, organiser,
                                               add_participants):
    add_participants(3)
    start_bulk_issue(organiser, cohort)
    sign_in(organiser)
    response = client.get(f"/manage/cohorts/{cohort.id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = [f"BPSDM-JABAR-PROGRAM-2026-{n:04}.pdf" for n in (1, 2, 3)]
    assert sorted(archive.namelist()) == names
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_the_fragment_offers_a_run_and_the_zip(app, db, cohort, organiser, request_context):
    from flask import render_template
    html = render_template("certificates/_bulk.html", cohort=cohort, bulk=None)
    assert f'action="/manage/cohorts/{cohort.id}/certificates/bulk"' in html
    assert f'href="/manage/cohorts/{cohort.id}/certificates.zip"' in html


@pytest.mark.parametrize("method, path", [
    ("post", "/manage/cohorts/{cohort}/certificates/bulk"),
    ("get", "/manage/bulk-issues/{bulk}"),
    ("get", "/manage/cohorts/{cohort}/certificates.zip"),
])
def test_another_organisations_organiser_gets_404(client, sign_in, db, cohort, organiser,
                                                  other_organiser, method, path):
    bulk = BulkIssue(cohort_id=cohort.id, status="done")
    db.session.add(bulk)
    db.session.flush()
    sign_in(other_organiser)
    response = getattr(client, method)(path.format(cohort=cohort.id, bulk=bulk.id), data={})
    assert response.status_code == 404
    assert db.session.scalar(select(BulkIssue).where(BulkIssue.id != bulk.id)) is None


# --- killed half-way, on a real database of its own ------------------------------------------

COUNT = 16


@pytest.fixture
def separate_database(tmp_path):
    """A file SQLite database made by the migrations, with a cohort of COUNT participants who
    completed it; outside the test's rolled-back transaction, so other processes see it."""
    url = "sqlite:///" + str(tmp_path / "bulk.sqlite")
    app = create_app(conftest.testing_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        cohort_id = conftest.commit_completed_round(COUNT)
        _db.session.remove()
    yield app, url, tmp_path / "bulk.sqlite", cohort_id
    with app.app_context():
        _db.engine.dispose()


def issue_command(url, cohort_id):
    env = on_the_suite_clock({**os.environ, "DATABASE_URL": url})
    env.pop("REDIS_URL", None)
    return [str(Path(sys.executable).parent / "flask"), "certificates", "issue",
            "--cohort", str(cohort_id)], env


def counts(path):
    connection = sqlite3.connect(path, timeout=0.2)
    try:  # read to the end and close, so no lock outlives the look
        return connection.execute("SELECT count(*), count(pdf) FROM certificate").fetchall()[0]
    finally:
        connection.close()


def test_a_run_killed_half_way_completes_when_run_again(separate_database):
    app, url, path, cohort_id = separate_database
    command, env = issue_command(url, cohort_id)
    with (path.parent / "first-run.log").open("w+") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                                   stdout=log, stderr=subprocess.STDOUT)
        seen = (0, 0)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None and seen[0] == 0:
            try:
                seen = counts(path)
            except sqlite3.OperationalError:
                pass  # the writer holds the lock for a moment
            time.sleep(0.02)
        running = process.poll() is None
        if running:
            os.killpg(process.pid, signal.SIGKILL)  # the command and its rendering workers
        process.wait()
        log.seek(0)
        output = log.read()
    assert running and seen[0] > 0, output

    partial = counts(path)
    assert partial[1] < COUNT  # the kill interrupted it

    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{COUNT} of {COUNT} certificates have their PDF." in rerun.stdout
    with app.app_context():
        assert_complete_run(_db.session, cohort_id, COUNT)
        _db.session.remove()
