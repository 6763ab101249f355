"""Background work: on RQ workers when REDIS_URL is set, otherwise in-process — the same
function either way, so both paths are the same code. When Redis is configured but cannot be
reached, the work runs in-process too, with a warning in the log, rather than fail."""
import logging

import click
from flask import after_this_request, current_app, has_request_context
from flask.cli import AppGroup
from flask_sqlalchemy.session import Session
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Worker
from sqlalchemy import event

from app.extensions import db

QUEUE_NAME = "madangan"
ON_COMMIT = "jobs_on_commit"
REDIS_CONNECT_TIMEOUT_SECONDS = 2  # an unreachable Redis should not hold up a request long
log = logging.getLogger("madangan.jobs")
jobs_cli = AppGroup("jobs", help="Run background jobs.")


def queue():
    return Queue(QUEUE_NAME, connection=Redis.from_url(
        current_app.config["REDIS_URL"], socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS))


def enqueue(function, *args):
    """Run `function(*args)` on a worker when Redis is configured and reachable, else now,
    in-process. The function must be importable by name and take plain arguments."""
    job = _enqueue_on_redis(function, args)
    return job if job is not None else function(*args)


def enqueue_after_response(function, *args):
    """Like `enqueue`, for work no one should wait for: without Redis, during a request it
    runs once the response has been sent; elsewhere (commands, workers), at once."""
    job = _enqueue_on_redis(function, args)
    if job is not None:
        return job
    if not has_request_context():
        return function(*args)
    _run_after_response(current_app._get_current_object(), function, args)
    return None


def enqueue_on_commit(function, *args):
    """Like `enqueue_after_response`, once the app session's transaction commits for good:
    a worker never looks for rows that are not committed yet, and a rollback starts nothing."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the jobs belong to this transaction, even before it runs any SQL
    session.info.setdefault(ON_COMMIT, []).append((function, args))


def _start_committed(session):
    """Start the jobs of a transaction that committed for good (not a savepoint)."""
    if session.in_nested_transaction():
        return
    for function, args in session.info.pop(ON_COMMIT, ()):
        try:
            enqueue_after_response(function, *args)
        except Exception:
            # What the job was for is committed and waits for a later run (a command, a
            # retry); the request or command that committed it must not fail now.
            log.exception("Could not start the job %s%r", function.__qualname__, args)


def _forget(session, transaction):
    """A transaction that ended without committing (rolled back, or closed) starts nothing."""
    if transaction.parent is None:
        session.info.pop(ON_COMMIT, None)


def init_app(app):
    """Listen to every Flask-SQLAlchemy session (the test suite makes its own)."""
    for name, listener in (("after_commit", _start_committed),
                           ("after_transaction_end", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _enqueue_on_redis(function, args):
    """The queued RQ job, or None when the work is to run in-process: without Redis, or
    with Redis unreachable."""
    if not current_app.config["REDIS_URL"]:
        return None
    try:
        return queue().enqueue(function, *args)
    except (RedisConnectionError, RedisTimeoutError) as error:
        log.warning("Redis is unreachable (%s): running %s in-process", error,
                    function.__qualname__)
        return None


def _run_after_response(app, function, args):
    @after_this_request
    def schedule(response):
        response.call_on_close(lambda: _run_logged(app, function, args))
        return response


def _run_logged(app, function, args):
    """The response is gone: a failure can only be logged, as a worker would."""
    with app.app_context():
        try:
            function(*args)
        except Exception:
            log.exception("Background job %s%r failed", function.__qualname__, args)


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def work(burst):
    """Run an RQ worker inside the app, so jobs see its configuration and database."""
    Worker([queue()], connection=queue().connection).work(burst=burst)
