"""The database goes away under a live server: every page that needs it answers 503 with a
page that says to retry (in the reader's language, with Retry-After), the API answers 503
problem details, and the first requests after it returns succeed, sessions intact.

Two faults, each on its own database: PostgreSQL cut off by a TCP proxy in between (its
host gone: pooled connections break, new ones are refused), and SQLite shut by another
process holding its exclusive lock (a stuck writer). Both run on every run of the suite."""
import os
import sqlite3
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, event, make_url, text

from app import create_app
from app.extensions import db as _db
from tests import conftest
from tests.conftest import PASSWORD, live_database_url, serving
from tests.faults.conftest import CuttableProxy, csrf_token

ORGANISER = "organiser@madangan.example"
# Pages that read the database, for a signed-in organiser and anyone; and one that writes.
SIGNED_IN_PAGES = ("/", "/manage/", "/certificates", "/notifications")
RETRY = "Please try again in a minute"
# Where PostgreSQL is when the suite runs on SQLite (TEST_DATABASE_URL unset).
POSTGRES_URL = os.environ.get("FAULTS_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def postgres_database_url(tmp_path_factory):
    """The suite's own live database on PostgreSQL, or one beside POSTGRES_URL's."""
    if os.environ.get("TEST_DATABASE_URL"):
        return live_database_url(tmp_path_factory, "faults")
    url = make_url(POSTGRES_URL)
    database = url.set(database="madangan_faults")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "madangan_faults" WITH (FORCE)'))
        connection.execute(text('CREATE DATABASE "madangan_faults"'))
    engine.dispose()
    return database.render_as_string(hide_password=False)


def sqlite_database_url(tmp_path_factory):
    """The suite's own live database on SQLite, or a file of its own."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return live_database_url(tmp_path_factory, "faults")
    return "sqlite:///" + str(tmp_path_factory.mktemp("faults") / "faults.sqlite")


class PostgresGoesAway:
    """The app reaches PostgreSQL through a proxy that cut() shuts."""

    def __init__(self, tmp_path_factory):
        url = make_url(postgres_database_url(tmp_path_factory))
        self.proxy = CuttableProxy(url.host, url.port or 5432)
        self.database_url = url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
            hide_password=False)

    def prepare(self, engine):
        """Nothing to adjust: a refused connection fails at once."""

    def cut(self):
        self.proxy.cut()

    def restore(self):
        self.proxy.restore()


class SqliteLockedAway:
    """Another process's exclusive lock keeps the app from reading or writing SQLite; the
    app waits for it a fifth of a second rather than the app's 30 s, to keep the test quick."""

    def __init__(self, tmp_path_factory):
        self.database_url = sqlite_database_url(tmp_path_factory)
        self.path = Path(make_url(self.database_url).database)
        self.holder = None

    def prepare(self, engine):
        @event.listens_for(engine, "connect")
        def wait_briefly(dbapi_connection, connection_record):
            dbapi_connection.execute("PRAGMA busy_timeout=200")

    def cut(self):
        self.holder = sqlite3.connect(self.path, isolation_level=None)
        self.holder.execute("BEGIN EXCLUSIVE")

    def restore(self):
        self.holder.execute("ROLLBACK")
        self.holder.close()


@pytest.fixture(scope="module", params=[PostgresGoesAway, SqliteLockedAway],
                ids=["postgresql-host-gone", "sqlite-locked"])
def outage(request, tmp_path_factory):
    """(the fault, the live server's base URL)."""
    fault = request.param(tmp_path_factory)
    app = create_app(conftest.testing_config(fault.database_url))
    with app.app_context():
        fault.prepare(_db.engine)
    with serving(app) as base:
        yield fault, base


@pytest.fixture
def organiser(outage):
    """The demo organiser's browser, signed in, reading English."""
    _fault, base = outage
    with requests.Session() as browser:
        form = browser.get(base + "/sign-in")
        signed_in = browser.post(base + "/sign-in", data={
            "email": ORGANISER, "password": PASSWORD, "csrf_token": csrf_token(form)})
        assert signed_in.url == base + "/", signed_in.text
        browser.post(base + "/language",
                     data={"locale": "en", "next": "/", "csrf_token": csrf_token(signed_in)})
        yield browser


@pytest.fixture
def database_away(outage):
    fault, _base = outage
    fault.cut()
    try:
        yield
    finally:
        fault.restore()


def assert_friendly_503(response, language):
    assert response.status_code == 503, response.text
    # 30 s, or what the sign-in rate limit, which sets the header after us, says
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.text
    assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()


def test_pages_answer_503_in_the_readers_language_while_the_database_is_away(
        outage, organiser, database_away):
    _fault, base = outage

    for path in SIGNED_IN_PAGES:
        page = organiser.get(base + path)
        assert_friendly_503(page, "en")
        assert page.headers["Retry-After"] == "30"
        assert RETRY in page.text and "Nothing you have saved is lost" in page.text


def test_a_visitor_signing_in_while_the_database_is_away_gets_503_in_the_default_language(
        outage, database_away):
    _fault, base = outage
    with requests.Session() as visitor:
        form = visitor.get(base + "/sign-in")  # the form itself needs no database
        assert form.status_code == 200

        response = visitor.post(base + "/sign-in", data={
            "email": ORGANISER, "password": PASSWORD, "csrf_token": csrf_token(form)})

        assert_friendly_503(response, "id")


def test_the_api_answers_503_problem_details_while_the_database_is_away(outage, database_away):
    _fault, base = outage

    response = requests.get(base + "/api/v1/verify/no-such-code",
                            headers={"Accept-Language": "en"})

    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0  # the API's rate limit sets it last
    problem = response.json()
    assert (problem["status"], problem["title"]) == (503, "Service Unavailable")
    assert problem["detail"].startswith("The database cannot be reached")


def test_the_app_recovers_when_the_database_returns(outage, organiser):
    fault, base = outage
    fault.cut()
    try:
        assert organiser.get(base + "/manage/").status_code == 503
    finally:
        fault.restore()

    for path in SIGNED_IN_PAGES:
        page = organiser.get(base + path)
        assert (page.status_code, page.url) == (200, base + path), page.text
    assert "Rina Kartika" in organiser.get(base + "/").text  # still signed in
