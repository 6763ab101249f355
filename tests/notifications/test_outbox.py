"""Every email goes through the outbox: stored in the transaction that causes it, sent once
that commits, tried again after 1, 5, 25 and 125 minutes and then every 6 hours while the
mail server fails, and given up after 8 attempts. The server is a real one (aiosmtpd)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.emails.models import OutgoingEmail
from app.emails.outbox import queue_email, send_due_emails, send_queued_email

MINUTE = timedelta(minutes=1)


@pytest.fixture
def now(set_clock):
    return set_clock(clock.now())


def queue(to="erik@madangan.example", subject="Madangan: Feedback on your work"):
    return queue_email(to, subject, "Hello Erik,\n", "<p>Hello Erik,</p>")


def emails(db):
    return db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()


def test_an_email_is_stored_and_sent_once_the_write_commits(db, smtp_server, now):
    email = queue()
    assert (email.status, email.attempts) == ("queued", 0)
    assert smtp_server.messages == []  # not while the transaction may still roll back
    db.session.commit()
    [message] = smtp_server.messages
    assert (message["To"], message["Subject"]) == ("erik@madangan.example",
                                                   "Madangan: Feedback on your work")
    assert message.get_body(("html",)).get_content().strip() == "<p>Hello Erik,</p>"
    db.session.refresh(email)
    assert (email.status, email.attempts, email.sent_at) == ("sent", 1, now)
    assert email.next_attempt_at is None


def test_a_rolled_back_write_queues_and_sends_nothing(db, smtp_server):
    queue()
    db.session.rollback()
    db.session.commit()
    assert emails(db) == [] and smtp_server.messages == []


def test_a_mail_server_that_is_down_fails_the_email_and_schedules_the_next_attempt(
        db, outage, now):
    outage.start()
    email = queue()
    db.session.commit()
    db.session.refresh(email)
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert email.next_attempt_at == now + MINUTE and email.sent_at is None


def test_the_waits_grow_and_the_email_is_given_up_after_eight_attempts(
        db, smtp_server, outage, set_clock, now):
    outage.start()
    email = queue()
    db.session.commit()
    waits = []
    for _attempt in range(7):
        db.session.refresh(email)
        waits.append(email.next_attempt_at - clock.now())
        set_clock(email.next_attempt_at)
        send_due_emails()
    assert waits == [MINUTE, 5 * MINUTE, 25 * MINUTE, 125 * MINUTE] + [6 * 60 * MINUTE] * 3
    db.session.refresh(email)
    assert (email.status, email.attempts, email.next_attempt_at) == ("given_up", 8, None)
    outage.end()
    set_clock(clock.now() + timedelta(days=30))
    assert send_due_emails().sent == 0
    assert smtp_server.messages == []


def test_flask_mail_send_sends_the_due_emails_only(app, db, smtp_server, outage, set_clock,
                                                   now):
    outage.start()
    queue("first@madangan.example")
    db.session.commit()
    set_clock(now + MINUTE / 2)
    queue("second@madangan.example")
    db.session.commit()
    outage.end()
    set_clock(now + MINUTE)  # the first one's next attempt, not yet the second's
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 emails sent, 0 failed and will be tried again, 0 given up.\n"
    assert [m["To"] for m in smtp_server.messages] == ["first@madangan.example"]
    assert [e.status for e in emails(db)] == ["sent", "failed"]


def test_the_job_sends_nothing_twice_nor_early(db, smtp_server, outage, now):
    sent = queue()
    db.session.commit()
    assert send_queued_email(sent.id) is None
    outage.start()
    failed = queue("fitri@madangan.example")
    db.session.commit()
    outage.end()
    assert send_queued_email(failed.id) is None  # its next attempt is a minute away
    assert [m["To"] for m in smtp_server.messages] == ["erik@madangan.example"]


def test_a_run_of_the_command_sends_nothing_twice(app, db, smtp_server):
    queue()
    db.session.commit()
    assert send_due_emails().sent == 0
    assert len(smtp_server.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 1
