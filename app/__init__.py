"""Madangan: cohort-based learning journeys for digital-government capacity building."""
import os

from flask import Flask, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config, input_guards
from app.api.problems import is_api_request
from app.config import PROJECT_ROOT
from app.extensions import babel, bootstrap, csrf, db, limiter, login_manager, mail, migrate
from app.models import render_migration_type


def create_app(test_config=None):
    """Create and configure an instance of the application."""
    app = Flask(__name__, instance_relative_config=True)
    input_guards.init_app(app)
    configure(app, test_config)
    init_extensions(app)
    register_blueprints(app)
    register_commands(app)
    from app import accessible_forms, api, jobs, security_headers, templating, xapi
    from app.notifications import delivery
    for area in (jobs, delivery, api, xapi, accessible_forms, security_headers, templating):
        area.init_app(app)
    return app


def configure(app, test_config):
    """Settings from the environment, then the test's; refuse to start on unsafe ones."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.check(app.config)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    if app.config["PROXY_COUNT"]:
        # Behind proxies every request comes from the nearest one: take the client's address
        # from the headers they set, so rate limits count per client, not for everyone.
        proxies = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def init_extensions(app):
    from app import tables  # noqa: F401  (every area's tables, for the ORM and Alembic)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True, render_item=render_migration_type)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)


def register_blueprints(app):
    """Every area's pages; each area's views register its own template helpers."""
    from app import health
    from app.admin import outbox, views as admin
    from app.attendance import views as attendance
    from app.auth import invitations, views as auth
    from app.benchmarking import views_dashboard, views_outcomes, views_scores, views_targets
    from app.certificates import verify, views as certificates, views_bulk
    from app.courses import views as courses
    from app.enrolment.views import guides, people, rosters
    from app.mentoring.views import home as mentoring, participants, plans
    from app.notifications import views as notifications
    from app.quizzes.views import staff as quiz_staff, taking as quizzes
    from app.reports.views import dashboard, jp
    from app.rounds.views import manage, programs, sessions
    from app.seminars.views import manage as seminar_manage, programs as seminar_programs
    from app.seminars.views import scoring as seminars
    for module in (health, auth, admin, invitations, courses, quizzes, quiz_staff, mentoring,
                   participants, plans, manage, people, dashboard, sessions, attendance,
                   rosters, programs, jp, guides, notifications, outbox, certificates, verify,
                   views_bulk, views_scores, views_dashboard, views_targets, views_outcomes,
                   seminars, seminar_manage, seminar_programs):
        app.register_blueprint(module.bp)


def register_commands(app):
    from app.auth.cli import users_cli
    from app.backup import backup_command, restore_command
    from app.bench.cli import bench_cli
    from app.benchmarking.cli import spbe_cli
    from app.certificates.cli import certificates_cli
    from app.courses.cli import content_cli
    from app.demo import seed_cli
    from app.emails.cli import mail_cli
    from app.jobs import jobs_cli
    from app.quizzes.cli import quizzes_cli
    from app.regions.cli import regions_cli
    from app.reminders.cli import notify_cli
    for command in (users_cli, content_cli, seed_cli, jobs_cli, notify_cli, mail_cli,
                    certificates_cli, regions_cli, spbe_cli, bench_cli, quizzes_cli,
                    backup_command, restore_command):
        app.cli.add_command(command)


def select_locale():
    """The signed-in user's language, else the one chosen this visit, else Indonesian; the API
    answers in the language its caller accepts."""
    from flask import current_app
    languages = current_app.config["LANGUAGES"]
    if is_api_request():
        return request.accept_languages.best_match(languages)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return None  # Flask-Babel falls back to BABEL_DEFAULT_LOCALE


# How long a SQLite connection waits for the database's single write lock before it gives up
# with "database is locked": parallel writers queue for it instead of failing at once.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Requests that only read; any other request is taken to write.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Let SQLite enforce foreign keys, wait for its write lock, and leave transaction control
    to SQLAlchemy."""
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """Begin a writer's transaction with SQLite's write lock (BEGIN IMMEDIATE), readers' without.

    A transaction that reads first and writes later cannot wait for the lock: SQLite fails it at
    once with "database is locked" when another writer holds it, since waiting could deadlock.
    Taking the lock up front makes parallel writers queue for it (busy_timeout), each reading
    what the one before committed. Requests that only read, most of them, share the database.
    Commands and background jobs are writers.
    """
    if conn.dialect.name == "sqlite":
        writes = not has_request_context() or request.method not in READING_METHODS
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
