"""Notifications are emailed once the transaction that made them commits: once each, in the
reader's language, unless they opted out, through the outbox; on RQ workers when Redis is
configured."""
import logging
from datetime import timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import select

from app import clock
from app.notifications.delivery import queue_notification_emails
from app.emails.smtp import send_email
from app.emails.models import OutgoingEmail
from app.emails.outbox import send_due_emails
from app.notifications.services import NOTIFICATION_KINDS, set_email_choices
from tests.conftest import free_port


@pytest.fixture
def reader(make_user):
    """Reads English, so the emails can be quoted as the code has them."""
    return make_user(name="Erik Reader", email="erik@madangan.example", locale="en")


def text_of(message):
    return message.get_body(("plain",)).get_content()


def test_a_committed_notification_is_emailed_to_its_user(db, smtp_server, reader,
                                                         make_notification):
    notification = make_notification(reader)
    assert smtp_server.messages == []  # not while the transaction may still roll back
    db.session.commit()
    [message] = smtp_server.messages
    assert message["To"] == "erik@madangan.example"
    assert message["From"] == "Madangan <no-reply@madangan.example>"
    assert message["Subject"] == "Madangan: Feedback on your work"
    assert text_of(message) == (
        "Hello Erik Reader,\n\n"
        "Hendra Coach commented on your action plan.\n\n"
        "Open it in Madangan: http://localhost:5000/journey/1\n\n"
        "-- \n"
        "Choose which notifications Madangan emails you: "
        "http://localhost:5000/notifications/preferences\n")
    html = message.get_body(("html",)).get_content()
    assert '<a href="http://localhost:5000/journey/1">Open it in Madangan</a>' in html
    assert notification.emailed_at is not None


def test_the_email_is_in_the_readers_language(db, smtp_server, participant, reader,
                                              make_notification):
    for user in (participant, reader):
        make_notification(user, "certificate_issued", program="Digital Leadership")
    db.session.commit()
    [dewi] = smtp_server.to("dewi@madangan.example")
    [erik] = smtp_server.to("erik@madangan.example")
    assert "Sertifikat Anda untuk Digital Leadership sudah siap." in text_of(dewi)
    assert dewi["Subject"].endswith("Sertifikat diterbitkan")
    assert "Your certificate for Digital Leadership is ready." in text_of(erik)
    assert erik["Subject"] == "Madangan: Certificate issued"


def test_nothing_is_emailed_when_the_transaction_rolls_back(db, smtp_server, reader,
                                                            make_notification):
    db.session.commit()  # keep the reader
    make_notification(reader)
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == []


def test_every_notification_of_a_transaction_is_emailed_once(db, smtp_server, reader,
                                                             make_user, make_notification):
    other = make_user(email="fitri@madangan.example", locale="en")
    make_notification(reader)
    make_notification(reader, "revision_requested")
    make_notification(other, "plan_approved")
    db.session.commit()
    db.session.commit()
    assert sorted((m["To"], m["Subject"]) for m in smtp_server.messages) == [
        ("erik@madangan.example", "Madangan: Feedback on your work"),
        ("erik@madangan.example", "Madangan: Revision requested"),
        ("fitri@madangan.example", "Madangan: Work approved"),
    ]


def test_kinds_the_user_opted_out_of_are_shown_but_not_emailed(db, smtp_server, reader,
                                                               make_notification):
    set_email_choices(reader, set(NOTIFICATION_KINDS) - {"feedback_received"})
    feedback = make_notification(reader)
    make_notification(reader, "revision_requested")
    db.session.commit()
    assert [m["Subject"] for m in smtp_server.messages] == ["Madangan: Revision requested"]
    assert feedback.emailed_at is None


def test_opt_outs_are_per_user(db, smtp_server, reader, make_user, make_notification):
    other = make_user(email="fitri@madangan.example", locale="en")
    set_email_choices(other, set())
    make_notification(reader)
    make_notification(other)
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["erik@madangan.example"]


def test_inactive_users_get_no_email(db, smtp_server, reader, make_notification):
    reader.active = False
    notification = make_notification(reader)
    db.session.commit()
    assert smtp_server.messages == []
    assert notification.emailed_at is None


def test_each_notification_is_queued_once(db, smtp_server, reader, make_notification):
    notification = make_notification(reader)
    assert queue_notification_emails([notification.id]) == 1
    assert queue_notification_emails([notification.id]) == 0
    db.session.commit()  # the commit's own queueing finds it emailed too
    assert len(smtp_server.messages) == 1


def test_a_failed_send_leaves_the_email_in_the_outbox_to_be_sent_later(
        app, db, monkeypatch, smtp_server, set_clock, reader, make_notification):
    make_notification(reader)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
    db.session.commit()
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    assert (email.status, email.subject) == ("failed", "Madangan: Feedback on your work")
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_server.port)
    set_clock(clock.now() + timedelta(minutes=1))
    assert send_due_emails().sent == 1
    assert len(smtp_server.messages) == 1


def test_a_failing_mail_server_does_not_undo_the_commit(app, db, monkeypatch, caplog, reader,
                                                        make_notification):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    notification = make_notification(reader)
    db.session.commit()
    assert "failed (attempt 1): ConnectionRefusedError" in caplog.text
    assert notification.id is not None and notification.emailed_at is not None
    assert db.session.scalar(select(OutgoingEmail.status)) == "failed"


def test_without_a_mail_server_the_email_is_written_to_the_log(db, caplog, reader,
                                                               make_notification):
    caplog.set_level(logging.INFO, logger="madangan.mail")
    notification = make_notification(reader)
    db.session.commit()
    [record] = [r for r in caplog.records if r.name == "madangan.mail"]
    assert record.levelno == logging.INFO
    assert "erik@madangan.example" in record.getMessage()
    assert "Subject: Madangan: Feedback on your work" in record.getMessage()
    assert "Hendra Coach commented on your action plan." in record.getMessage()
    assert notification.emailed_at is not None


def test_send_email_sends_text_and_html_to_every_recipient(app, smtp_server):
    with app.app_context():
        send_email(["a@madangan.example", "b@madangan.example"], "Halo", "Apa kabar?",
                   html="<p>Apa kabar?</p>")
    [message] = smtp_server.messages
    assert sorted(message["To"].split(", ")) == ["a@madangan.example", "b@madangan.example"]
    assert text_of(message).strip() == "Apa kabar?"
    assert message.get_body(("html",)).get_content().strip() == "<p>Apa kabar?</p>"


def test_on_rq_the_email_is_a_job_that_a_worker_runs(db, smtp_server, redis_queue, reader,
                                                     make_notification):
    notification = make_notification(reader)
    db.session.commit()
    assert smtp_server.messages == []
    [job] = redis_queue.jobs
    email = db.session.scalar(select(OutgoingEmail))
    assert job.func_name == "app.emails.outbox.send_queued_email"
    assert job.args == (email.id,)

    assert SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    [message] = smtp_server.messages
    assert message["To"] == "erik@madangan.example"
    assert job.latest_result().return_value == "sent"
    db.session.refresh(notification)
    assert notification.emailed_at is not None
