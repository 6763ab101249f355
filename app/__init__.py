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

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True, render_item=render_migration_type)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)

    from app.api import models as _api_models  # noqa: F401  (register tables)
    from app.audit import models as _audit_models  # noqa: F401
    from app.auth import models as _auth_models  # noqa: F401
    from app.benchmarking import models as _benchmarking_models  # noqa: F401
    from app.certificates import models as _certificate_models  # noqa: F401
    from app.cohorts import models as _cohort_models  # noqa: F401
    from app.courses import models as _course_models  # noqa: F401
    from app.mentoring import models as _mentoring_models  # noqa: F401
    from app.notifications import models as _notification_models  # noqa: F401
    from app.xapi import models as _xapi_models  # noqa: F401

    from app.auth.views import bp as auth_bp
    from app.auth.admin import bp as admin_bp
    from app.cohorts.views.manage import bp as manage_bp
    from app.cohorts.views.dashboard import bp as dashboard_bp
    from app.cohorts.views.sessions import bp as sessions_bp
    from app.cohorts.views.rosters import bp as rosters_bp
    from app.cohorts.views.programs import bp as programs_bp
    from app.cohorts.views.reports import bp as reports_bp
    from app.cohorts.views.guides import bp as guides_bp
    from app.auth.invitations import bp as invitations_bp
    from app.courses.views import bp as courses_bp
    from app.mentoring.views.home import bp as mentoring_bp
    from app.mentoring.views.participants import bp as mentees_bp
    from app.notifications.views import bp as notifications_bp
    from app.notifications.admin import bp as outbox_bp
    from app.mentoring.views.plans import bp as plans_bp
    from app.certificates.views import bp as certificates_bp
    from app.certificates.verify import bp as verify_bp
    from app.certificates.views_bulk import bp as bulk_bp
    from app.benchmarking.views_scores import bp as scores_bp
    from app.benchmarking.views_dashboard import bp as benchmark_bp
    from app.benchmarking.views_targets import bp as targets_bp
    from app.benchmarking.views_outcomes import bp as outcomes_bp

    from app.health import bp as health_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(mentees_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(rosters_bp)
    app.register_blueprint(programs_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(guides_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(scores_bp)
    app.register_blueprint(benchmark_bp)
    app.register_blueprint(targets_bp)
    app.register_blueprint(outcomes_bp)

    from app.auth.cli import users_cli
    from app.courses.cli import content_cli
    from app.demo import seed_cli
    from app.jobs import jobs_cli
    from app.notifications.cli import mail_cli, notify_cli
    from app.certificates.cli import certificates_cli
    from app.benchmarking.cli import regions_cli, spbe_cli
    from app.bench.cli import bench_cli
    from app.backup import backup_command, restore_command

    app.cli.add_command(users_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(notify_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(regions_cli)
    app.cli.add_command(spbe_cli)
    app.cli.add_command(bench_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    from app import jobs
    from app.notifications import delivery
    jobs.init_app(app)
    delivery.init_app(app)

    from app import api, xapi
    api.init_app(app)
    xapi.init_app(app)

    from app import accessible_forms, security_headers, templating
    accessible_forms.init_app(app)
    security_headers.init_app(app)
    templating.init_app(app)
    return app


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
