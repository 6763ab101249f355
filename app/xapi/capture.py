"""Writing statements in the same transaction as the learning they record.

After each flush, the learning it wrote (completions, quiz attempts, attendance, certificates)
is turned into XapiStatement rows on the flush's own connection: a statement commits with its
learning and rolls back with it, so none is lost and none records learning that never was.
Once the outermost transaction commits, a job sends them to the LRS.
"""
import logging
import threading
from datetime import timedelta

from flask import current_app
from flask_sqlalchemy.session import Session
from sqlalchemy import event, insert

from app import clock
from app.jobs import enqueue_after_response
from app.xapi import queries
from app.xapi.delivery import send_pending_statements
from app.xapi.models import XapiStatement
from app.xapi.statements import KINDS_BY_MODEL, voiding

log = logging.getLogger("madangan.xapi")

WRITTEN = "xapi_statements_written"

_clock = threading.Lock()
_last_created_at = None


def _created_at():
    """Now, but always later than the last statement this process wrote, so statements keep
    the order they were made in even within one flush."""
    global _last_created_at
    with _clock:
        now = clock.now()
        if _last_created_at is not None and now <= _last_created_at:
            now = _last_created_at + timedelta(microseconds=1)
        _last_created_at = now
        return now


def _changes(session):
    """[(kind, action, obj)] of the learning this flush wrote or undid."""
    changes = []
    for objects, new in ((session.new, True), (session.dirty, False)):
        for obj in objects:
            kind = KINDS_BY_MODEL.get(type(obj))
            if kind is not None:
                action = kind.change(obj, new)
                if action is not None:
                    changes.append((kind, action, obj))
    # Sets have no order; statements are written in the order the rows were made.
    changes.sort(key=lambda change: (change[0].name, change[2].id))
    return changes


def _records(connection, changes):
    rows = []
    for kind in {kind for kind, action, _obj in changes if action == "record"}:
        objects = [obj for k, action, obj in changes if k is kind and action == "record"]
        facts = kind.load(connection, [obj.id for obj in objects])
        for obj in objects:
            verb, body = kind.build(obj, facts[obj.id])
            rows.append({"id": body["id"], "user_id": facts[obj.id].user_id, "verb": verb,
                         "subject": kind.subject(obj), "body": body})
    return rows


def _voids(connection, changes):
    """Void the latest statement, not voided yet, about each subject whose learning was
    undone; learning recorded before statements were kept has nothing to void."""
    undone = {kind.subject(obj): (kind, obj) for kind, action, obj in changes
              if action == "void"}
    if not undone:
        return []
    kept = queries.statements_about(connection, list(undone))
    voided = {row.body["object"]["id"] for row in kept if row.verb == "voided"}
    latest = {}
    for row in kept:
        if row.verb != "voided" and row.id not in voided:
            latest[row.subject] = row
    rows = []
    for subject, (kind, obj) in undone.items():
        if subject in latest:
            target = latest[subject]
            body = voiding(target.body, kind.void_timestamp(obj) or clock.now())
            rows.append({"id": body["id"], "user_id": target.user_id, "verb": "voided",
                         "subject": subject, "body": body})
    return rows


def _capture(session, flush_context):
    """Write the statements of the learning this flush wrote, on its connection."""
    changes = _changes(session)
    if not changes:
        return
    connection = session.connection()
    rows = _records(connection, changes) + _voids(connection, changes)
    if not rows:
        return
    for row in sorted(rows, key=lambda row: row["body"]["timestamp"]):
        row["created_at"] = _created_at()
    connection.execute(insert(XapiStatement), rows)
    session.info[WRITTEN] = True


def _send_committed(session):
    """Send the statements of a transaction that committed for good (not a savepoint)."""
    if session.in_nested_transaction() or not session.info.pop(WRITTEN, None):
        return
    if not current_app.config["XAPI_ENDPOINT"]:
        return
    try:
        enqueue_after_response(send_pending_statements)
    except Exception:
        # The statements are kept and a later run sends them; the learning has committed and
        # must not fail with the LRS.
        log.exception("Could not send learning records")


def _forget(session, transaction):
    """A transaction that ended without committing sends nothing."""
    if transaction.parent is None:
        session.info.pop(WRITTEN, None)


def init_app(app):
    """Listen to every Flask-SQLAlchemy session (the test suite makes its own)."""
    for name, listener in (("after_flush", _capture), ("after_commit", _send_committed),
                           ("after_transaction_end", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
