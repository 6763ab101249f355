"""Background work: on RQ workers when REDIS_URL is set, otherwise in-process — the same
function either way, so both paths are the same code. When Redis is configured but cannot be
reached, the work runs in-process too, with a warning in the log, rather than fail."""
import logging

import click
from flask import after_this_request, current_app, has_request_context
from flask.cli import AppGroup
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Worker

QUEUE_NAME = "madangan"
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
