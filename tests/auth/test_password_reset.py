"""A forgotten password: a link by email that works once, for an hour, for that account only;
the page answers alike for accounts that exist and those that do not."""
import re
from datetime import timedelta

import pytest

from app import clock
from app.audit.models import AuditEvent
from app.auth import services as accounts
from tests.conftest import PASSWORD

NEW_PASSWORD = "seven lanterns over Sumedang"
SENT = "a link to choose a new password is on its way"


def ask(client, email):
    return client.post("/password/forgot", data={"email": email}, follow_redirects=True)


def link_in(message):
    url = re.search(r"http://\S+/password/reset/\S+", message.get_content()).group(0)
    return url.split("localhost:5000", 1)[1]


def choose(client, link, password=NEW_PASSWORD, confirm=None):
    return client.post(link, data={"password": password, "confirm": confirm or password})


def in_english(client):
    client.post("/language", data={"locale": "en", "next": "/"})


@pytest.fixture
def english(client):
    in_english(client)


def test_the_link_arrives_by_email_in_the_holders_language(client, smtp_server, participant):
    response = ask(client, participant.email)
    assert response.status_code == 200
    [message] = smtp_server.to(participant.email)
    assert message["Subject"] == "Pilih kata sandi baru untuk Madangan"  # Dewi reads Indonesian
    assert "/password/reset/" in message.get_content()


def test_the_answer_is_the_same_for_an_unknown_email(client, english, smtp_server, participant):
    known = ask(client, participant.email)
    unknown = ask(client, "nobody@madangan.example")
    assert SENT in known.text and SENT in unknown.text

    def page(response, email):  # without the email and the per-response CSP nonce
        return re.sub(r'nonce="[^"]+"', "", response.text.replace(email, ""))
    assert page(known, participant.email) == page(unknown, "nobody@madangan.example")
    assert len(smtp_server.messages) == 1


def test_the_link_sets_a_new_password_once(client, english, smtp_server, db, participant):
    ask(client, participant.email)
    link = link_in(smtp_server.to(participant.email)[0])
    page = client.get(link)
    assert page.status_code == 200 and participant.email in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"  # the token never leaves the site
    assert choose(client, link).location == "/sign-in"
    assert accounts.authenticate(participant.email, NEW_PASSWORD) == participant
    assert accounts.authenticate(participant.email, PASSWORD) is None
    in_english(client)  # the reset began a fresh session
    again = client.get(link)
    assert again.status_code == 404 and "already used" in again.text
    assert choose(client, link, "another fine password").status_code == 404
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent))]
    assert "auth.password_reset_sent" in actions and "auth.password_reset" in actions


def test_the_new_password_is_checked_like_any_other(client, english, smtp_server, participant):
    ask(client, participant.email)
    link = link_in(smtp_server.to(participant.email)[0])
    response = choose(client, link, "password123456")
    assert response.status_code == 200 and "most common passwords" in response.text
    assert accounts.authenticate(participant.email, PASSWORD) == participant


def test_a_reset_ends_every_session_of_the_account(app, client, smtp_server, participant):
    laptop = app.test_client()
    laptop.post("/sign-in", data={"email": participant.email, "password": PASSWORD})
    assert laptop.get("/").status_code == 200
    ask(client, participant.email)
    choose(client, link_in(smtp_server.to(participant.email)[0]))
    assert laptop.get("/").status_code == 302


def test_a_link_older_than_an_hour_has_expired(client, smtp_server, set_clock, participant):
    asked_at = set_clock(clock.now() - timedelta(seconds=3601))
    ask(client, participant.email)
    set_clock(asked_at + timedelta(seconds=3601))
    in_english(client)
    link = link_in(smtp_server.to(participant.email)[0])
    response = client.get(link)
    assert response.status_code == 404 and "has expired" in response.text
    assert choose(client, link).status_code == 404


@pytest.mark.parametrize("forge", [
    lambda link: link[:-3] + "xyz",
    lambda link: link.rsplit(".", 1)[0],
    lambda link: "/password/reset/not-a-token",
])
def test_a_forged_link_opens_nothing(client, smtp_server, participant, forge):
    ask(client, participant.email)
    link = forge(link_in(smtp_server.to(participant.email)[0]))
    assert client.get(link).status_code == 404
    assert choose(client, link).status_code == 404
    assert accounts.authenticate(participant.email, PASSWORD) == participant


def test_an_invitation_link_is_not_a_reset_link(client, db, participant):
    from app.auth.invitations import invitation_token
    assert client.get("/password/reset/" + invitation_token(participant)).status_code == 404


def test_a_deactivated_account_gets_no_link(client, smtp_server, db, participant):
    participant.active = False
    db.session.flush()
    ask(client, participant.email)
    assert smtp_server.messages == []


def test_reset_links_are_limited_per_account(client, app, smtp_server, participant):
    limit = int(app.config["PASSWORD_RESET_RATE_LIMIT"].split()[0])
    statuses = [client.post("/password/forgot", data={"email": participant.email}).status_code
                for _ in range(limit + 1)]
    assert statuses == [302] * limit + [429]
    assert len(smtp_server.to(participant.email)) == limit
