"""Background work: on RQ workers when REDIS_URL is set, otherwise run at once in-process —
the same function either way, so both paths are the same code."""
import click
from flask import current_app
from flask.cli import AppGroup
from redis import Redis
from rq import Queue, Worker

QUEUE_NAME = "madangan"
jobs_cli = AppGroup("jobs", help="Run background jobs.")


def queue():
    return Queue(QUEUE_NAME, connection=Redis.from_url(current_app.config["REDIS_URL"]))


def enqueue(function, *args):
    """Run `function(*args)` on a worker when Redis is configured, else now; the function
    must be importable by name and take plain arguments."""
    if current_app.config["REDIS_URL"]:
        return queue().enqueue(function, *args)
    return function(*args)


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def work(burst):
    """Run an RQ worker inside the app, so jobs see its configuration and database."""
    Worker([queue()], connection=queue().connection).work(burst=burst)
