"""Fixtures of the concurrency tests: a database of their own whose transactions commit for
real, the course content they share, a threaded live server on it, and a way to start many
workers at the same instant.

The database is PostgreSQL beside the test database when TEST_DATABASE_URL is set, else a
SQLite file; either way every worker has a connection and a transaction of its own.
"""
import re
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import flask_migrate
import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.auth import services as accounts
from app.content.loader import ActivitySource, CourseSource, ModuleSource
from app.content.models import Course
from app.courses.sync import sync_courses
from app.enrolment.services import enroll
from app.extensions import limiter
from app.extensions import db as _db
from app.organisations.models import Organisation
from app.rounds.models import Cohort, Program
from app.rounds.services import set_program_courses
from tests.conftest import PASSWORD, live_database_url, served, testing_config

ROUNDS = 3  # each scenario runs this many times: a race lost once in a while shows up
COURSE = "race-course"
LESSONS = [f"lesson-{n}" for n in range(1, ROUNDS + 1)]
QUIZZES = [f"quiz-{n}" for n in range(1, ROUNDS + 1)]
QUESTIONS = 10  # one point in ten each, so an attempt can score any multiple of ten
PASS_MARK = 50
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START_TIMEOUT = 60  # seconds the workers wait for each other at the start line
FINISH_TIMEOUT = 120


def quiz_spec():
    """A quiz of QUESTIONS single-choice questions whose right answer is the first choice."""
    return {"pass_mark": PASS_MARK, "questions": [
        {"key": f"q{n}", "kind": "single", "prompt": f"Question {n}?", "explanation": "",
         "choices": ["Right", "Wrong"], "correct": [0]} for n in range(QUESTIONS)]}


def race_course():
    """One course with a lesson and a quiz per round, none of them locked behind another."""
    activities = [ActivitySource(slug=slug, kind="lesson", title=f"Lesson {slug}", minutes=10,
                                 body_html="<p>Read me.</p>", spec=None, requires=None)
                  for slug in LESSONS]
    activities += [ActivitySource(slug=slug, kind="quiz", title=f"Quiz {slug}", minutes=10,
                                  body_html="", spec=quiz_spec(), requires=None)
                   for slug in QUIZZES]
    return CourseSource(slug=COURSE, title="Race course", summary="Done in parallel.",
                        language="en", jp=Decimal(2),
                        modules=[ModuleSource(slug="module", title="Module",
                                              activities=activities)])


@pytest.fixture(scope="session")
def race_app(tmp_path_factory):
    """An app on a migrated database of its own, with the race course; one connection per
    worker, so 50 workers really run at once."""
    app = create_app({
        **testing_config(live_database_url(tmp_path_factory, "race")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 50, "max_overflow": 5},
    })
    with app.app_context():
        flask_migrate.upgrade()
        sync_courses([race_course()])
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="session")
def race_server(race_app):
    """The race app served on loopback by a threaded server, a thread per request as in
    production; yields its base URL."""
    with served(race_app) as url:
        yield url


@dataclass
class World:
    """One test's committed rounds and people."""
    cohort_ids: list
    organiser_email: str
    participant_emails: list


@pytest.fixture
def make_world(race_app, request):
    """Commit an organisation of the test's own with an organiser, a program (with the race
    course, or none) and `rounds` rounds (Cohort fields in `cohort`) of `participants`
    participants each, enrolled unless `enrolled` is false."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[-40:].strip("-")

    def make(*, rounds=ROUNDS, participants=1, enrolled=True, with_course=True, **cohort):
        with race_app.app_context():
            organisation = Organisation(slug=f"org-{name}", name=f"Org {name}",
                                        short_name="Race")
            program = Program(organisation=organisation, slug="race", title="Race")
            _db.session.add(program)
            _db.session.flush()
            if with_course:
                set_program_courses(program, _db.session.scalars(
                    select(Course).filter_by(slug=COURSE)).all())
            organiser = accounts.create_user(
                email=f"organiser@{name}.example", name="Rina Organiser", password=PASSWORD,
                roles=("organiser",), organisation=organisation, locale="en")
            values = {"starts_on": date(2026, 1, 5), "ends_on": date(2026, 1, 30),
                      "status": "running", **cohort}
            rounds_made, emails = [], []
            for number in range(1, rounds + 1):
                round_ = Cohort(program=program, name=f"Round {number}", **values)
                _db.session.add(round_)
                _db.session.flush()
                rounds_made.append(round_)
                for person in range(1, participants + 1):
                    user = accounts.create_user(
                        email=f"p{number}-{person}@{name}.example", password=PASSWORD,
                        name=f"Participant {number}.{person}", locale="en")
                    emails.append(user.email)
                    if enrolled:
                        enroll(round_, user, actor=None)
            world = World([r.id for r in rounds_made], organiser.email, emails)
            _db.session.commit()
        return world

    return make


def csrf_token(page):
    """The CSRF token of a page's forms, as a browser would send it back."""
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {page.url}"
    return found.group(1)


@dataclass
class Browser:
    """A signed-in browser's cookies and CSRF token, which any number of workers can use
    at once, each with a connection of its own."""
    server: str
    cookies: requests.cookies.RequestsCookieJar
    csrf_token: str

    def post(self, path, data=None, follow=False):
        """Post a form, in a tab of its own that starts with the signed-in cookies."""
        with requests.Session() as tab:
            tab.cookies = self.cookies.copy()
            return tab.post(self.server + path, data={**(data or {}),
                                                      "csrf_token": self.csrf_token},
                            allow_redirects=follow, timeout=FINISH_TIMEOUT)


@pytest.fixture
def sign_in_live(race_server):
    """Sign in through the live server's form; returns a Browser."""
    limiter.reset()  # every sign-in comes from 127.0.0.1: start with the full allowance

    def sign_in(email):
        with requests.Session() as session:
            form = session.get(race_server + "/sign-in")
            response = session.post(race_server + "/sign-in", allow_redirects=False, data={
                "email": email, "password": PASSWORD, "csrf_token": csrf_token(form)})
            assert response.status_code == 302, response.text
            home = session.get(race_server + "/")
            return Browser(race_server, session.cookies.copy(), csrf_token(home))

    return sign_in


def run_together(work, arguments):
    """Call `work(argument)` for every argument, each in a thread of its own, all released
    together by a barrier; returns the results in the arguments' order, with an exception a
    call raised in place of its result."""
    start = threading.Barrier(len(arguments), timeout=START_TIMEOUT)
    results = [None] * len(arguments)

    def run(index, argument):
        start.wait()
        try:
            results[index] = work(argument)
        except Exception as error:  # reported by the caller's assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, argument), daemon=True)
               for index, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=FINISH_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a worker never finished"
    return results
