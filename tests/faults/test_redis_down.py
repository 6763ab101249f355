"""Redis configured but down: background jobs run in-process, with a warning in the log, and
the request that queued them succeeds."""
import logging
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.certificates.models import BulkIssue, Certificate
from app.config import PROJECT_ROOT
from app.enrolment.services import enroll
from tests.conftest import complete_every_activity, free_port

UNREACHABLE = "Redis is unreachable"


@pytest.fixture
def redis_down(app):
    """REDIS_URL names a port nothing listens on."""
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    yield
    app.config["REDIS_URL"] = saved


def test_an_invitation_is_emailed_in_process_when_redis_is_down(
        client, sign_in, cohort, organiser, smtp_server, redis_down, caplog):
    sign_in(organiser)

    with caplog.at_level(logging.WARNING, logger="madangan.jobs"):
        response = client.post(f"/manage/cohorts/{cohort.id}/guides/mentors", data={
            "mentor_email": "iwan@sumedangkab.go.id", "mentor_name": "Iwan Setiawan"})

    assert response.status_code == 302
    assert len(smtp_server.to("iwan@sumedangkab.go.id")) == 1
    assert UNREACHABLE in caplog.text


def test_a_bulk_issue_runs_in_process_when_redis_is_down(
        db, client, sign_in, cohort, organiser, make_user, redis_down, caplog):
    for n in range(2):
        complete_every_activity(enroll(cohort, make_user(name=f"Peserta {n + 1}"),
                                       actor=None))
    db.session.flush()
    sign_in(organiser)

    with caplog.at_level(logging.WARNING, logger="madangan.jobs"):
        response = client.post(f"/manage/cohorts/{cohort.id}/certificates/bulk", data={})

    assert response.status_code == 302
    bulk = db.session.scalar(select(BulkIssue).filter_by(cohort_id=cohort.id))
    assert (bulk.status, bulk.issued, bulk.total) == ("done", 2, 2)
    pdfs = db.session.scalars(select(Certificate.pdf)).all()
    assert len(pdfs) == 2 and all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert UNREACHABLE in caplog.text


SIGN_IN_WITH_REDIS_DOWN = """
from app import create_app
from app.enrolment.services import enroll
app = create_app({"PASSWORD_HASH_METHOD": "scrypt:1024:8:1", "WTF_CSRF_ENABLED": False})
client = app.test_client()
print(client.get("/sign-in").status_code)
for _ in range(11):
    print(client.post("/sign-in", data={"email": "ghost@madangan.example",
                                        "password": "a wrong guess"}).status_code)
"""


def test_sign_in_limits_count_in_memory_while_redis_is_down(tmp_path):
    """The limiter's store is Redis when REDIS_URL is set; down, it falls back to memory, so
    sign-in neither fails nor goes unlimited. A process of its own: the limiter is global."""
    environment = {**os.environ, "FLASK_APP": "wsgi.py",
                   "DATABASE_URL": f"sqlite:///{tmp_path}/redis-down.sqlite",
                   "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], env=environment, check=True,
                   capture_output=True, cwd=PROJECT_ROOT)
    result = subprocess.run([sys.executable, "-c", SIGN_IN_WITH_REDIS_DOWN], env=environment,
                            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200"] + ["200"] * 10 + ["429"]
