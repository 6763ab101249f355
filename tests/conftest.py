"""Fixtures: an app whose schema comes from the migrations, a rolled-back transaction per test,
the app's clock set to the suite's own moment, factories that return callables, and a named
cast.

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1/madangan_test) to run the
suite on PostgreSQL; otherwise it runs on a fresh SQLite file. Set SHIFT_REAL_CLOCK to an
instant (e.g. 2027-12-31T23:58:00+07:00) to run it with the system's clock moved there, going
on from it (`make test-shifted`): no outcome may change.
"""
import os
import socket
import sys
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from email import message_from_bytes, policy
from pathlib import Path

import flask_migrate
import pytest
import time_machine
from aiosmtpd.controller import Controller
from flask import has_request_context, request, session
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from itsdangerous import URLSafeTimedSerializer
from redis import Redis
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.orm import RelationshipProperty
from werkzeug.serving import make_server

from app import READING_METHODS, clock, create_app
from app.auth import services as accounts
from app.content.models import Activity, Course
from app.courses.sync import sync_courses
from app.demo import seed_demo
from app.enrolment.services import enroll
from app.extensions import limiter
from app.extensions import db as _db
from app.learning.models import Completion
from app.organisations.models import Organisation
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment, Program
from app.rounds.schedule import new_checkin_code
from app.rounds.services import set_program_courses
from tests.factories import course_source

PASSWORD = "correct horse battery staple"

# The suite's moment, whatever the date it runs on: 12:00 WIB on the eleventh day of the cast's
# round (16 November to 11 December 2026). Every test starts there with the clock running on;
# a test that needs another moment sets it with `set_clock`.
SUITE_NOW = datetime(2026, 11, 26, 5, 0, tzinfo=timezone.utc)


def testing_config(database_url):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A cheap scrypt cost keeps the suite fast; tests/test_config.py asserts the default.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }


def live_database_url(tmp_path_factory, name):
    """A database of its own for a live server, whose requests commit for real: beside the
    test database on PostgreSQL (`<database>_<name>`), else a SQLite file."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_path_factory.mktemp(name) / f"{name}.sqlite")
    url = make_url(base)
    live = url.set(database=f"{url.database}_{name}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{live.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{live.database}"'))
    engine.dispose()
    return live.render_as_string(hide_password=False)


def on_the_suite_clock(environment):
    """The environment for a process that a test starts (a server, a worker, a command): it
    runs the app of tests/suite_app.py, whose clock goes on from the test's own."""
    return {**environment, "FLASK_APP": "tests/suite_app.py",
            "SUITE_CLOCK": clock.now().isoformat()}


@contextmanager
def served(app):
    """Serve the app on loopback with a thread per request, as in production; yields its
    base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@contextmanager
def serving(app):
    """Migrate the app's database, load the demo data and serve it on loopback; yields its
    base URL."""
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(PASSWORD)
        _db.session.commit()
    try:
        with served(app) as url:
            yield url
    finally:
        with app.app_context():
            _db.engine.dispose()


@contextmanager
def empty_redis(url, needed_for):
    """The Redis database at `url`, emptied before and after: tests that run workers or
    servers against it get a queue of their own."""
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except Exception as error:
        pytest.fail(f"{needed_for} needs Redis at {url}: {error}")
    connection.flushdb()
    try:
        yield connection
    finally:
        connection.flushdb()
        connection.close()


def complete_every_activity(enrollment, completed_at=None):
    """Record every activity there is as done by the enrollment, quizzes with full marks (at
    `completed_at`, now by default); not flushed."""
    _db.session.add_all(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                   completed_at=completed_at or clock.now(),
                                   score=100 if activity.kind == "quiz" else None)
                        for activity in _db.session.scalars(_db.select(Activity)))
    return enrollment


def commit_completed_round(count, password=PASSWORD):
    """In an app context on a migrated database of its own: commit an organisation, a program
    of one course and a running round of `count` participants (p0@…, p1@…) who completed it,
    ready for certificates; returns the round's id. For tests whose other processes
    (workers, commands) must see the data."""
    sync_courses([course_source("platforms", lessons=2)])
    organisation = Organisation(slug="bpsdm-jabar", name="BPSDM Jabar", short_name="BPSDM Jabar")
    program = Program(organisation=organisation, slug="program", title="Digital Leadership")
    _db.session.add(program)
    _db.session.flush()
    set_program_courses(program, _db.session.scalars(_db.select(Course)).all())
    cohort = Cohort(program=program, name="Angkatan I", starts_on=date(2026, 11, 16),
                    ends_on=date(2026, 12, 11), status="running")
    _db.session.add(cohort)
    _db.session.flush()
    for n in range(count):
        user = accounts.create_user(roles=("participant",), email=f"p{n}@madangan.example",
                                    name=f"Peserta {n}", password=password)
        complete_every_activity(enroll(cohort, user, actor=None))
    _db.session.commit()
    return cohort.id


# The system layer: tests that drive a browser, start servers or workers, race parallel
# clients, sweep every route with every role or hostile input, or seed the whole demo. The
# rest, most of the suite, is the unit layer: `make test-unit` runs it alone.
SYSTEM_TESTS = ("browser/", "scaleout/", "faults/", "concurrency/", "security/",
                "api/test_openapi_conformance.py", "test_demo.py")


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    missing = [where for where in SYSTEM_TESTS if not (tests / where).exists()]
    if missing:
        raise pytest.UsageError(f"SYSTEM_TESTS names what tests/ no longer has: {missing}")
    for item in items:
        if item.path.relative_to(tests).as_posix().startswith(SYSTEM_TESTS):
            item.add_marker(pytest.mark.system)


def pytest_configure(config):
    """With SHIFT_REAL_CLOCK set, every reading of the real time in this process (the
    datetime, date and time modules, in the app, the libraries and the tests) starts from that
    instant: a test that leans on the real date, not the app's clock, fails."""
    shifted = os.environ.get("SHIFT_REAL_CLOCK")
    if shifted:
        config.real_clock_shift = time_machine.travel(datetime.fromisoformat(shifted), tick=True)
        config.real_clock_shift.start()


def pytest_unconfigure(config):
    if hasattr(config, "real_clock_shift"):
        config.real_clock_shift.stop()


def pytest_report_header(config):
    if hasattr(config, "real_clock_shift"):
        return f"the real clock starts at {os.environ['SHIFT_REAL_CLOCK']}"


@pytest.fixture(scope="session", autouse=True)
def suite_clock():
    """The app's clock at SUITE_NOW from the start, so that session fixtures (a live server's
    demo data) are made at the suite's moment too."""
    replaced = clock.travel_to(SUITE_NOW)
    yield SUITE_NOW
    clock.restore(replaced)


@pytest.fixture(autouse=True)
def test_clock(suite_clock):
    """Each test starts at SUITE_NOW, and leaves the clock there for whatever comes next."""
    clock.travel_to(SUITE_NOW)
    yield SUITE_NOW
    clock.travel_to(SUITE_NOW)


@pytest.fixture
def set_clock():
    """`set_clock(moment)` stops the whole app's clock at `moment` (aware) for the rest of the
    test; `tick=True` lets it run on from there. Returns the moment."""
    def move(moment, tick=False):
        clock.travel_to(moment, tick=tick)
        return moment

    return move


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "madangan-test.sqlite"))


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(testing_config(database_url))
    with app.app_context():
        flask_migrate.downgrade(revision="base")  # a database left by an earlier run starts clean
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()  # close pooled connections before the interpreter does


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token with form posts, as a browser would.

    Pass csrf=False to post without one. Each request runs in its own app context, hence its
    own database session, as in production; afterwards the test's session is expired so the
    test reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context(), serving_a_request():
            response = super().open(*args, **kwargs)
            response.get_data()
        # A server closes the response once it is sent, after the request's teardown: the
        # in-process background jobs run then (app.jobs), before the test looks at them.
        response.close()
        _db.session.expire_all()
        return response

    def post(self, *args, csrf=True, **kwargs):
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)

    def csrf_token(self):
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", os.urandom(20).hex())
        return URLSafeTimedSerializer(self.application.secret_key,
                                      salt="wtf-csrf-token").dumps(raw)


@pytest.fixture
def db(app):
    """The database inside a transaction that is rolled back after the test."""
    with app.app_context():
        engines = _db._app_engines[app]
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        original_session = _db.session
        _db.session = _db._make_scoped_session({"join_transaction_mode": "create_savepoint"})
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original_session
            engines[None] = engine
            transaction.rollback()
            connection.close()


@pytest.fixture
def request_context(app):
    """For calling services directly: their messages are translated for a request's locale,
    here English, so a test can quote them as the code has them."""
    with app.test_request_context():
        session["locale"] = "en"
        yield


@pytest.fixture
def client(app, db):
    limiter.reset()  # each test starts with fresh sign-in attempt counts
    app.test_client_class = CsrfClient
    return app.test_client()


@pytest.fixture
def count_queries(db):
    """Collect the SQL queries run inside a `with count_queries() as statements:` block.

    Savepoints of the test's own transaction are left out: production runs without them.
    """
    @contextmanager
    def counting():
        statements = []

        def before_cursor_execute(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        engine = _db.engine.engine  # the real engine behind the test's connection
        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting


# --- lazy loads are errors in request paths ----------------------------------------------
# A page loads what it shows up front (joinedload, selectinload, or plain data); a lazy load
# that reaches the database while the test client serves a request is an N+1 in waiting, so
# it fails the test. Lazy loads answered from the identity map run no SQL and pass; services
# that tests call directly are not request paths and may lazy-load.

_serving = ContextVar("serving_a_request", default=False)


class LazyLoadInRequest(AssertionError):
    """A relationship was lazy-loaded from the database while a request was served."""


@contextmanager
def serving_a_request():
    token = _serving.set(True)
    try:
        yield
    finally:
        _serving.reset(token)


def lazy_loaded_relationship(orm_execute_state):
    """`Parent.relationship` for the lazy load this execution is."""
    path = orm_execute_state.loader_strategy_path
    prop = path[-1] if path is not None and len(path) else None
    if not isinstance(prop, RelationshipProperty):  # a many-to-one fetched by primary key
        parent = orm_execute_state.lazy_loaded_from.mapper
        target = orm_execute_state.bind_mapper
        props = [p for p in parent.relationships if p.mapper is target]
        prop = props[0] if len(props) == 1 else None
        if prop is None:
            return f"{parent.class_.__name__} → {target.class_.__name__ if target else '?'}"
    return f"{prop.parent.class_.__name__}.{prop.key}"


def reloads_an_eager_relationship():
    """Whether SQLAlchemy's immediate loader runs this load: it reloads a relationship that is
    loaded eagerly (lazy="selectin", …) along with an expired object it refreshes, once per
    object the request itself touches; raise_on_sql lets it pass too."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_qualname == "_ImmediateLoader._load_for_path":
            return True
        frame = frame.f_back
    return False


def _refuse_lazy_loads(orm_execute_state):
    if (_serving.get() and orm_execute_state.is_select
            and orm_execute_state.lazy_loaded_from is not None
            and not reloads_an_eager_relationship()):
        raise LazyLoadInRequest(
            f"lazy load of {lazy_loaded_relationship(orm_execute_state)} while serving a "
            "request: load it with the page's query (joinedload/selectinload) or pass plain "
            "data")


class CommitInARead(AssertionError):
    """A request that only reads (GET, HEAD, OPTIONS) committed a write."""


def _refuse_commits_in_reads(session):
    if (_serving.get() and has_request_context() and request.method in READING_METHODS
            and not session.in_nested_transaction()):
        raise CommitInARead(
            f"{request.method} {request.path} committed: a read never writes; do the write "
            "on the POST that causes it, or in a job")


REQUEST_GUARDS = (("do_orm_execute", _refuse_lazy_loads),
                  ("before_commit", _refuse_commits_in_reads))


@pytest.fixture(scope="session", autouse=True)
def guard_requests():
    """Every request the suite's client sends fails its test if it lazy-loads or if, only
    reading, it commits."""
    for name, guard in REQUEST_GUARDS:
        event.listen(FlaskSession, name, guard)
    yield
    for name, guard in REQUEST_GUARDS:
        event.remove(FlaskSession, name, guard)


def free_port():
    """A TCP port on loopback that nothing listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What a test SMTP server on `port` received: `messages` are parsed `EmailMessage`s, in
    order of arrival."""

    def __init__(self):
        self.messages = []
        self.port = None

    async def handle_DATA(self, server, session, envelope):
        # Lines travel with CRLF; tests compare text as Python writes it.
        raw = envelope.content.replace(b"\r\n", b"\n")
        self.messages.append(message_from_bytes(raw, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address):
        """The messages addressed to `address`."""
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that the app sends its email to during the
    test, through app.emails.smtp.send_email; yields its Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port, "MAIL_USE_TLS": False,
                "MAIL_USE_SSL": False, "MAIL_USERNAME": None, "MAIL_PASSWORD": None}
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    try:
        yield inbox
    finally:
        app.config.update(saved)
        controller.stop()


# --- factories -----------------------------------------------------------------------------

@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(roles=("participant",), organisation=None, **overrides):
        n = next(counter)
        values = {"email": f"user{n}@madangan.example", "name": f"User {n}",
                  "password": PASSWORD, **overrides}
        return accounts.create_user(roles=roles, organisation=organisation, **values)

    return make


@pytest.fixture
def make_organisation(db):
    counter = iter(range(1, 10_000))

    def make(**overrides):
        n = next(counter)
        values = {"slug": f"org-{n}", "name": f"Organisation {n}", "short_name": f"Org {n}",
                  **overrides}
        organisation = Organisation(**values)
        _db.session.add(organisation)
        _db.session.flush()
        return organisation

    return make


@pytest.fixture
def make_courses(db):
    """Sync exactly these course sources through the real content sync; return the courses."""

    def make(*sources):
        sync_courses(list(sources))
        return [_db.session.scalar(_db.select(Course).filter_by(slug=s.slug)) for s in sources]

    return make


@pytest.fixture
def make_program(db, make_organisation):
    def make(courses, organisation=None, **overrides):
        program = Program(organisation=organisation or make_organisation(),
                          slug=overrides.pop("slug", "program"),
                          title=overrides.pop("title", "Digital Leadership"), **overrides)
        _db.session.add(program)
        _db.session.flush()
        set_program_courses(program, courses)
        return program

    return make


@pytest.fixture
def make_cohort(db):
    def make(program, **overrides):
        values = {"name": "Angkatan I", "starts_on": date(2026, 11, 16),
                  "ends_on": date(2026, 12, 11), "status": "running", **overrides}
        cohort = Cohort(program=program, **values)
        _db.session.add(cohort)
        _db.session.flush()
        return cohort

    return make


@pytest.fixture
def make_session(db):
    """A session of the cohort; by default two hours from 08:00 WIB on the round's second day."""
    def make(cohort, **overrides):
        starts_at = overrides.pop("starts_at", datetime(2026, 11, 17, 1, 0, tzinfo=timezone.utc))
        values = {"title": "Opening lecture", "starts_at": starts_at,
                  "ends_at": starts_at + timedelta(hours=2), "jp": Decimal(2),
                  "checkin_code": new_checkin_code(), **overrides}
        session = CohortSession(cohort_id=cohort.id, **values)
        _db.session.add(session)
        _db.session.flush()
        return session

    return make


@pytest.fixture
def attend(db):
    """Record an enrolment's attendance at a session."""
    def record(enrollment, session, status="present"):
        db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                                  status=status))
        db.session.flush()

    return record


@pytest.fixture
def sign_in(client):
    """Sign a user in through the real sign-in form."""

    def sign_in_as(user, password=PASSWORD):
        response = client.post("/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.text
        return response

    return sign_in_as


@pytest.fixture
def sign_in_en(client, sign_in):
    """Sign in and switch to English, so a test can quote the messages as the code has them."""
    def sign_in_as(user):
        sign_in(user)
        client.post("/language", data={"locale": "en", "next": "/"})

    return sign_in_as


# --- the cast ------------------------------------------------------------------------------
# One organisation runs a program of two courses; its cohort has a coach, a mentor and a
# participant. An outsider belongs to another organisation's cohort, which the other
# organiser runs.

@pytest.fixture
def organisation(make_organisation):
    return make_organisation(slug="bpsdm-jabar", name="BPSDM Provinsi Jawa Barat",
                             short_name="BPSDM Jabar")


@pytest.fixture
def courses(make_courses):
    return make_courses(course_source("platforms", lessons=2), course_source("change", lessons=2))


@pytest.fixture
def program(make_program, organisation, courses):
    return make_program(courses, organisation=organisation)


@pytest.fixture
def cohort(make_cohort, program):
    return make_cohort(program)


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",), name="Ade Admin", email="admin@madangan.example")


@pytest.fixture
def organiser(make_user, organisation):
    """Reads English, so organiser-page tests can quote the messages as the code has them."""
    return make_user(roles=("organiser",), organisation=organisation, name="Rina Organiser",
                     email="rina@madangan.example", locale="en")


@pytest.fixture
def participant(make_user, cohort):
    user = make_user(name="Dewi Participant", email="dewi@madangan.example")
    enroll(cohort, user, actor=None)
    return user


@pytest.fixture
def enrollment(participant, cohort):
    return _db.session.scalar(_db.select(Enrollment).filter_by(user_id=participant.id,
                                                               cohort_id=cohort.id))


@pytest.fixture
def coach(make_user, cohort):
    user = make_user(roles=("coach",), name="Hendra Coach", email="hendra@madangan.example")
    enroll(cohort, user, "coach", actor=None)
    return user


@pytest.fixture
def mentor(make_user, cohort):
    user = make_user(roles=("mentor",), name="Asep Mentor", email="asep@madangan.example")
    enroll(cohort, user, "mentor", actor=None)
    return user


@pytest.fixture
def outsider(make_user, make_organisation, make_program, make_cohort, courses):
    other_cohort = make_cohort(make_program(courses, organisation=make_organisation(),
                                            slug="other"), name="Other round")
    user = make_user(name="Otto Outsider", email="otto@madangan.example")
    enroll(other_cohort, user, actor=None)
    return user


@pytest.fixture
def other_organiser(make_user, make_organisation):
    """An organiser of another organisation: every page of ours must 404 for them."""
    return make_user(roles=("organiser",), email="oscar@madangan.example", name="Oscar Other",
                     organisation=make_organisation(slug="bpsdm-jateng", name="BPSDM Jateng",
                                                    short_name="BPSDM Jateng"))


@pytest.fixture
def guided_enrollment(db, enrollment, coach, mentor):
    """The participant's enrollment with the cast's coach and mentor assigned to it."""
    enrollment.coach_id, enrollment.mentor_id = coach.id, mentor.id
    db.session.flush()
    return enrollment


@pytest.fixture
def other_coach(make_user, cohort):
    """A coach of the same round who does not guide the cast's participant."""
    user = make_user(roles=("coach",), name="Wulan Coach", email="wulan@madangan.example")
    enroll(cohort, user, "coach", actor=None)
    return user
