"""Two app servers and one worker, as production runs them: separate gunicorn processes on
their own ports and a `flask jobs work` process, sharing one database and one Redis.

The database is a fresh one of its own: PostgreSQL when TEST_DATABASE_URL is set (as in
production), else a SQLite file, which several processes on one host can share too.
"""
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.auth.models import User
from app.extensions import db as _db
from app.learning.models import Completion
from app.progress.queries import required_activities
from app.rounds.models import Cohort, Enrollment
from tests.conftest import (PASSWORD, empty_redis, free_port, live_database_url,
                            on_the_suite_clock, testing_config)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# A Redis database of its own, emptied before and after, so no count or job leaks between runs.
REDIS_URL = "redis://127.0.0.1:6379/7"
SIGN_IN_LIMIT = 5
DEMO_ROUND = "Angkatan II"
COMPLETED = ("participant@madangan.example", "participant2@madangan.example")
ORGANISER = "organiser@madangan.example"
START_TIMEOUT = 30
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Cluster:
    """The processes' addresses, and their logs for a failure report."""
    a: str
    b: str
    database_url: str
    cohort_id: int = 0
    logs: dict = field(default_factory=dict)

    def log_text(self):
        return "\n".join(f"----- {name} -----\n{path.read_text(errors='replace')}"
                         for name, path in self.logs.items() if path.exists())

    def wait_for_log(self, name, line, timeout=30):
        """Wait until a process has logged the line: a worker logs a job's end only after
        the job's own commit, which a page may already show."""
        deadline = time.monotonic() + timeout
        while line not in self.logs[name].read_text(errors="replace"):
            assert time.monotonic() < deadline, f"{name} did not log {line!r} within {timeout} s"
            time.sleep(0.1)


def run_flask(env, *args):
    """Run a `flask` command as a deployment script would; fail with its output."""
    done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


def complete_demo_round(database_url):
    """Let the demo round's two named participants complete it, committed for real.

    The round's rules are eased to the required activities alone: what completion takes is
    tested in tests/cohorts and tests/certificates; here only where the work runs matters."""
    app = create_app(testing_config(database_url))
    with app.app_context():
        cohort = _db.session.scalar(select(Cohort).filter_by(name=DEMO_ROUND))
        program = cohort.program
        program.min_quiz_score = program.min_attendance_percent = None
        program.requires_action_plan = False
        activities = _db.session.execute(required_activities(program.id)).all()
        enrollments = _db.session.scalars(
            select(Enrollment).join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort.id, User.email.in_(COMPLETED))).all()
        for enrollment in enrollments:
            done = set(_db.session.scalars(select(Completion.activity_id)
                                           .filter_by(enrollment_id=enrollment.id)))
            _db.session.add_all(
                Completion(enrollment_id=enrollment.id, activity_id=activity_id,
                           score=100 if kind == "quiz" else None)
                for activity_id, kind in activities if activity_id not in done)
        cohort_id = cohort.id
        _db.session.commit()
        _db.engine.dispose()
    return cohort_id


def start(name, command, env, log_dir, cluster):
    """Start a process in a session of its own, its output going to a log file."""
    log = log_dir / f"{name}.log"
    cluster.logs[name] = log
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(process):
    """Ask the process to stop, as a service manager would; kill it if it has not within
    15 s, and anything it forked that outlived it."""
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()
    _signal_group(process, signal.SIGKILL)


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)  # its session's group, started by start()
    except ProcessLookupError:
        pass  # the whole group has ended


def wait_until_healthy(url, process, cluster):
    """Poll the server's /health until it answers; fail with the logs if it never does."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}\n{cluster.log_text()}")
        try:
            if requests.get(url + "/health", timeout=5).text == "ok":
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # still starting
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer /health within {START_TIMEOUT} s\n{cluster.log_text()}")


@pytest.fixture(scope="module")
def redis():
    with empty_redis(REDIS_URL, "The scale-out test") as connection:
        yield connection


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, redis):
    """Migrate and seed a database, then start servers A and B and one RQ worker on it."""
    database_url = live_database_url(tmp_path_factory, "scale")
    log_dir = tmp_path_factory.mktemp("scale-logs")
    ports = free_port(), free_port()
    while ports[1] == ports[0]:
        ports = ports[0], free_port()
    cluster = Cluster(a=f"http://127.0.0.1:{ports[0]}", b=f"http://127.0.0.1:{ports[1]}",
                      database_url=database_url)
    env = on_the_suite_clock({
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        # One real key on every host: a session or CSRF token signed by one verifies on all.
        "SECRET_KEY": secrets.token_hex(32),
        # Not production: its cookies are Secure, and over plain http on loopback no client
        # sends them back. Production differs only in those flags and its key check
        # (tests/test_config.py); it shares state the same way.
        "MADANGAN_ENV": "development",
        "SIGN_IN_RATE_LIMIT": f"{SIGN_IN_LIMIT} per minute",
        # As behind one proxy, which names the client in X-Forwarded-For.
        "PROXY_COUNT": "1",
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "PUBLIC_URL": cluster.a,  # in production, the proxy's address
        "MAIL_SERVER": "",  # emails go to the worker's log
        "PYTHONUNBUFFERED": "1",
    })
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "demo", "--password", PASSWORD)

    cluster.cohort_id = complete_demo_round(database_url)
    processes = []
    try:
        for name, port in zip("ab", ports):
            processes.append(start(
                f"server-{name}",
                # gunicorn's control socket has one default path per user: two masters on one
                # host would take it from each other, and the test needs none.
                [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                 "--no-control-socket", "tests.suite_app:app"],
                env, log_dir, cluster))
        processes.append(start("worker", [str(BIN / "flask"), "jobs", "work"],
                               env, log_dir, cluster))
        for url, process in zip((cluster.a, cluster.b), processes):
            wait_until_healthy(url, process, cluster)
        yield cluster
    finally:
        for process in processes:
            stop(process)


def forget_sign_in_attempts(redis):
    """Every request comes from 127.0.0.1: forget earlier attempts so each test has the full
    sign-in limit."""
    for key in redis.scan_iter("LIMITS*"):
        redis.delete(key)


@pytest.fixture
def fresh_limits(redis):
    forget_sign_in_attempts(redis)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Add the servers' and the worker's logs to a failing test's report."""
    report = yield
    cluster = item.funcargs.get("cluster")
    if report.failed and isinstance(cluster, Cluster):
        report.sections.append(("scale-out logs", cluster.log_text()))
    return report


def csrf_token(page):
    """The CSRF token of a page's forms, as a browser would send it back."""
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {page.url}"
    return found.group(1)


def sign_in(browser, server, email, password=PASSWORD):
    """Post the sign-in form on `server` as `browser`; returns the response to the post."""
    form = browser.get(server + "/sign-in")
    return browser.post(server + "/sign-in", data={
        "email": email, "password": password, "csrf_token": csrf_token(form)})


def use_english(browser, server):
    """Switch the signed-in user's interface to English, so pages can be quoted."""
    page = browser.get(server + "/")
    response = browser.post(server + "/language",
                            data={"locale": "en", "csrf_token": csrf_token(page)})
    assert response.ok


@pytest.fixture
def browser():
    with requests.Session() as session:
        yield session


@pytest.fixture
def behind_proxy():
    """Browsers at the given addresses, as a proxy in front of the servers names them."""
    sessions = []

    def at(address):
        session = requests.Session()
        session.headers["X-Forwarded-For"] = address
        sessions.append(session)
        return session

    yield at
    for session in sessions:
        session.close()


@pytest.fixture(scope="module")
def bulk_run(cluster, redis):
    """The organiser, signed in on A, starts the demo round's bulk issue there; yields the
    organiser's browser and the run's progress path."""
    forget_sign_in_attempts(redis)
    with requests.Session() as organiser:
        assert sign_in(organiser, cluster.a, ORGANISER).ok
        use_english(organiser, cluster.a)
        tab = organiser.get(f"{cluster.a}/manage/cohorts/{cluster.cohort_id}/certificates")
        started = organiser.post(
            f"{cluster.a}/manage/cohorts/{cluster.cohort_id}/certificates/bulk",
            data={"csrf_token": csrf_token(tab)}, allow_redirects=False)
        assert started.status_code == 302, started.text
        yield organiser, started.headers["Location"]


def wait_for_run(browser, url, timeout=60):
    """Reload the progress page, as it reloads itself, until the run ends; returns the page."""
    deadline = time.monotonic() + timeout
    while True:
        page = browser.get(url)
        assert (page.status_code, page.url) == (200, url), "the run's page is not shown"
        if 'http-equiv="refresh"' not in page.text:
            return page
        assert time.monotonic() < deadline, f"the run has not ended within {timeout} s"
        time.sleep(0.25)
