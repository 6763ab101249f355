"""Statements are kept with the learning and reach the LRS: never lost when it is down, sent
exactly once when it is back, and kept for export when there is none."""
import json
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.content.models import Activity
from app.learning.models import Completion
from app.xapi import delivery
from app.xapi.delivery import retry_delay, send_pending_statements
from tests.xapi.conftest import PASSWORD, USERNAME


def complete(db, enrollment, slug):
    activity = db.session.scalar(select(Activity).filter_by(slug=slug).limit(1))
    db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id))
    db.session.flush()


def test_nothing_is_kept_or_sent_when_the_transaction_rolls_back(db, enrollment, lrs, kept):
    db.session.commit()  # keep the cast
    complete(db, enrollment, "m1-lesson-1")
    assert len(kept()) == 1  # written with the learning, in its transaction
    db.session.rollback()
    assert kept() == [] and lrs.requests == []


def test_a_rolled_back_savepoint_takes_its_statements_with_it(db, enrollment, lrs, kept):
    with db.session.begin_nested() as savepoint:
        complete(db, enrollment, "m1-lesson-1")
        savepoint.rollback()
    complete(db, enrollment, "m1-lesson-2")
    db.session.commit()
    [statement] = kept()
    assert statement.body["object"]["id"].endswith("/m1-lesson-2")
    assert [s["id"] for s in lrs.statements] == [statement.id]


def test_statements_reach_the_lrs_with_the_version_header_and_basic_auth(
        db, enrollment, lrs, kept):
    complete(db, enrollment, "m1-lesson-1")
    complete(db, enrollment, "m1-lesson-2")
    assert lrs.requests == []  # not while the transaction may still roll back
    db.session.commit()
    [(path, headers, body)] = lrs.requests
    assert path == "/xapi/statements"
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Content-Type"] == "application/json"
    assert lrs.credentials() == (USERNAME, PASSWORD)
    assert body == [s.body for s in kept()]
    assert all(s.sent_at is not None and s.attempts == 0 for s in kept())


def test_a_down_lrs_loses_nothing_and_flask_xapi_send_delivers_later(
        app, client, sign_in, db, participant, cohort, lrs, kept):
    sign_in(participant)
    lrs.unavailable()
    response = client.post(f"/journey/{cohort.id}/platforms/m1-lesson-1/done", data={})
    assert response.status_code == 302  # the learner's request does not fail with the LRS
    lrs.stop()
    response = client.post(f"/journey/{cohort.id}/platforms/m1-lesson-2/done", data={})
    assert response.status_code == 302
    assert lrs.statements == []
    assert len(kept()) == 2 and all(s.sent_at is None for s in kept())

    before = clock.now()
    outcome = send_pending_statements(everything=True)  # e.g. an admin's "Send now"
    assert (outcome.sent, outcome.failed, outcome.waiting) == (0, 2, 2)
    for statement in kept():
        assert statement.sent_at is None and statement.attempts >= 1
        assert "ConnectionError" in statement.last_error
        assert statement.next_attempt_at >= before + timedelta(minutes=1)
    assert send_pending_statements().failed == 0  # waiting to retry: not tried again yet

    lrs.start()
    result = app.test_cli_runner().invoke(args=["xapi", "send"])
    assert result.exit_code == 0, result.output
    assert result.output == "2 statements sent, 0 failed, 0 waiting.\n"
    assert [s["id"] for s in lrs.statements] == [s.id for s in kept()]
    assert [s["object"]["id"][-11:] for s in lrs.statements] == ["m1-lesson-1", "m1-lesson-2"]
    assert all(s.sent_at is not None for s in kept())

    result = app.test_cli_runner().invoke(args=["xapi", "send"])
    assert result.output == "0 statements sent, 0 failed, 0 waiting.\n"
    assert len(lrs.statements) == 2  # exactly once


def test_a_refusing_lrs_keeps_the_error_and_backs_off(db, enrollment, lrs, kept):
    lrs.unavailable()
    complete(db, enrollment, "m1-lesson-1")
    db.session.commit()
    [statement] = kept()
    assert (statement.sent_at, statement.attempts) == (None, 1)
    assert statement.last_error.startswith("HTTP 503: Service Unavailable")
    outcome = send_pending_statements(everything=True)
    assert outcome.failed == 1
    [statement] = kept()
    assert statement.attempts == 2 and len(lrs.requests) == 2
    assert lrs.statements == []


def test_the_retry_delay_doubles_up_to_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(7) == timedelta(hours=1) and retry_delay(400) == timedelta(hours=1)


def test_an_lrs_that_has_them_already_counts_as_sent(db, enrollment, lrs, kept):
    lrs.status = 409
    complete(db, enrollment, "m1-lesson-1")
    db.session.commit()
    [statement] = kept()
    assert statement.sent_at is not None and statement.attempts == 0


def test_statements_are_sent_in_batches_oldest_first(db, enrollment, lrs, kept, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    lrs.unavailable()
    for slug in ("m1-lesson-1", "m1-lesson-2", "final-quiz"):
        complete(db, enrollment, slug)
    db.session.commit()
    lrs.status = 200
    assert send_pending_statements(everything=True).sent == 3
    assert [len(body) for _path, _headers, body in lrs.requests[1:]] == [2, 1]
    assert [s["id"] for s in lrs.statements] == [s.id for s in kept()]


def test_without_an_lrs_nothing_is_sent_and_everything_can_be_exported(
        app, db, enrollment, no_lrs, kept, tmp_path):
    complete(db, enrollment, "m1-lesson-1")
    db.session.commit()
    [statement] = kept()
    assert statement.sent_at is None and statement.attempts == 0
    assert send_pending_statements(everything=True).sent == 0
    result = app.test_cli_runner().invoke(args=["xapi", "send"])
    assert result.exit_code != 0 and "No LRS is configured" in result.output

    output = tmp_path / "statements.json"
    result = app.test_cli_runner().invoke(args=["xapi", "export", "--unsent",
                                                "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text()) == [statement.body]
    result = app.test_cli_runner().invoke(args=["xapi", "export"])
    assert json.loads(result.output) == [statement.body]
