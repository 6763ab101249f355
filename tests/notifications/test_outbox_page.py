"""The administrator's outbox: the emails not sent yet with their last error and the counts
by status, and the buttons that try them again."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.emails.models import OutgoingEmail

PAGE = "/admin/outbox"


def status_of(db, email):
    return db.session.scalar(select(OutgoingEmail.status).filter_by(id=email.id))


@pytest.fixture
def given_up(make_email):
    """Two emails given up while the mail server was down."""
    return [make_email(recipient=f"{name}@madangan.example", status="given_up", attempts=8,
                       next_attempt_at=None, last_error="ConnectionRefusedError: down")
            for name in ("ani", "budi")]


@pytest.mark.parametrize("url, method", [
    (PAGE, "get"), (PAGE + "/1/retry", "post"), (PAGE + "/retry-given-up", "post")])
@pytest.mark.parametrize("who", ["participant", "organiser", "coach"])
def test_only_administrators_see_or_retry_the_outbox(client, sign_in, request, url, method,
                                                     who):
    sign_in(request.getfixturevalue(who))
    assert getattr(client, method)(url, data={}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_the_page_lists_unsent_emails_with_their_errors_and_the_counts(
        client, sign_in_en, admin, make_email, given_up, count_queries):
    make_email(recipient="sent@madangan.example", status="sent", attempts=1)
    make_email(recipient="fitri@madangan.example", status="failed", attempts=2,
               last_error="SMTPRecipientsRefused: mailbox full")
    make_email(recipient="new@madangan.example")
    sign_in_en(admin)
    with count_queries() as queries:
        page = client.get(PAGE).text
    for count in ("1 sent", "1 waiting", "1 failed, to be tried again", "2 given up"):
        assert count in page
    assert "SMTPRecipientsRefused: mailbox full" in page and "ConnectionRefusedError" in page
    assert "sent@madangan.example" not in page
    assert page.index("new@madangan.example") < page.index("fitri@madangan.example")
    assert page.count("Retry now") == 4 and "Retry all given up" in page
    assert len(queries) <= 6  # user, roles, page count, emails, counts by status


def test_without_emails_the_page_says_all_are_sent(client, sign_in_en, admin):
    sign_in_en(admin)
    page = client.get(PAGE).text
    assert "Every email has been sent." in page and "Retry all given up" not in page


def test_retry_now_sends_the_email_and_is_audited(db, client, sign_in_en, admin,
                                                  smtp_server, given_up):
    sign_in_en(admin)
    response = client.post(f"{PAGE}/{given_up[0].id}/retry", data={})
    assert response.status_code == 302 and response.location == PAGE
    assert [m["To"] for m in smtp_server.messages] == ["ani@madangan.example"]
    assert [status_of(db, email) for email in given_up] == ["sent", "given_up"]
    assert "The email to ani@madangan.example is being sent again." in client.get(PAGE).text
    event = db.session.scalar(select(AuditEvent).filter_by(action="email.retried"))
    assert event.actor_id == admin.id
    assert event.details == {"email": "ani@madangan.example",
                             "subject": "Madangan: Feedback on your work"}


def test_retry_all_given_up_sends_them_and_is_audited(db, client, sign_in_en, admin,
                                                      smtp_server, given_up, make_email):
    failing = make_email(recipient="later@madangan.example", status="failed", attempts=1)
    sign_in_en(admin)
    assert client.post(PAGE + "/retry-given-up", data={}).status_code == 302
    assert sorted(m["To"] for m in smtp_server.messages) == ["ani@madangan.example",
                                                             "budi@madangan.example"]
    assert status_of(db, failing) == "failed"  # it waits for its own next attempt
    assert "2 emails that were given up are being sent again." in client.get(PAGE).text
    event = db.session.scalar(select(AuditEvent).filter_by(action="email.retried_given_up"))
    assert (event.actor_id, event.details) == (admin.id, {"count": 2})


def test_a_sent_email_is_not_sent_again(db, client, sign_in_en, admin, smtp_server,
                                        make_email):
    sent = make_email(status="sent", attempts=1)
    sign_in_en(admin)
    client.post(f"{PAGE}/{sent.id}/retry", data={})
    assert smtp_server.messages == []
    assert "The email to erik@madangan.example was sent already." in client.get(PAGE).text


@pytest.mark.parametrize("url", [PAGE + "/1/retry", PAGE + "/retry-given-up"])
def test_the_retry_buttons_need_a_csrf_token(client, sign_in, admin, url):
    sign_in(admin)
    assert client.post(url, data={}, csrf=False).status_code == 400
