"""Sending kept statements to the Learning Record Store.

A statement is only marked sent once the LRS accepted it; a failed attempt is counted, its
error kept and the next attempt put off (exponentially, at most an hour). Nothing is ever
deleted. Resending is harmless because every statement carries its own id, and runs at the
same time skip each other's rows where the database can lock them.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

import requests
from flask import current_app
from sqlalchemy import func, or_, select

from app import clock
from app.extensions import db
from app.xapi.models import XapiStatement
from app.xapi.statements import VERSION

log = logging.getLogger("madangan.xapi")

BATCH_SIZE = 50
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
ACCEPTED = (200, 204, 409)  # 409: the LRS has these ids already


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    waiting: int = 0


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt."""
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 12), LONGEST_RETRY)


def _post(statements):
    """POST the statements to the LRS; None when accepted, else what went wrong."""
    config = current_app.config
    try:
        response = requests.post(
            config["XAPI_ENDPOINT"].rstrip("/") + "/statements",
            json=[statement.body for statement in statements],
            headers={"X-Experience-API-Version": VERSION},
            auth=(config["XAPI_USERNAME"], config["XAPI_PASSWORD"]),
            timeout=config["XAPI_TIMEOUT_SECONDS"])
    except requests.RequestException as error:
        return f"{type(error).__name__}: {error}"
    if response.status_code in ACCEPTED:
        return None
    return f"HTTP {response.status_code}: {response.text[:500]}"


def _unsent(now, everything):
    query = select(XapiStatement).where(XapiStatement.sent_at.is_(None))
    if not everything:
        query = query.where(or_(XapiStatement.next_attempt_at.is_(None),
                                XapiStatement.next_attempt_at <= now))
    return query


def send_pending_statements(everything=False):
    """Send the statements due now, oldest first, in batches; with `everything`, also those
    waiting to retry. Commits its own work; returns an Outcome. Without an LRS configured it
    sends nothing: the statements stay, to be seen and exported."""
    outcome = Outcome()
    if not current_app.config["XAPI_ENDPOINT"]:
        return outcome
    # A session of its own: inside a request it runs while the request's session commits.
    session = db.session.session_factory(expire_on_commit=False)
    try:
        now = clock.now()
        while True:
            batch = session.scalars(
                _unsent(now, everything)
                .order_by(XapiStatement.created_at, XapiStatement.id)
                .limit(BATCH_SIZE).with_for_update(skip_locked=True)).all()
            if not batch:
                break
            error = _post(batch)
            now = clock.now()
            for statement in batch:
                if error is None:
                    statement.sent_at = now
                else:
                    statement.attempts += 1
                    statement.last_error = error
                    statement.next_attempt_at = now + retry_delay(statement.attempts)
            session.commit()
            if error is not None:
                # The LRS is down or refuses: the rest waits for the next run.
                log.warning("The LRS refused %s statements: %s", len(batch), error)
                outcome.failed += len(batch)
                break
            outcome.sent += len(batch)
        outcome.waiting = session.scalar(select(func.count()).select_from(XapiStatement)
                                         .where(XapiStatement.sent_at.is_(None)))
        session.commit()
        return outcome
    finally:
        session.close()
