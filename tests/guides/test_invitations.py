"""Inviting a mentor who has no account yet: the organiser enrols them by email and name, an
email with a link goes out once that is committed (and is tried again while the mail server
fails), and the link lets them choose a password once, for 14 days. The emails go to a real
SMTP server (aiosmtpd)."""
import re
import socket
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from app import clock
from app.auth import services as accounts
from app.auth.invitations import INVITATION, awaits_password, invitation_token, send_invitation
from app.auth.models import User
from app.emails.models import OutgoingEmail
from app.rounds.models import Enrollment

NEW_PASSWORD = "a brand new secret"
DAY = timedelta(days=1)


def invite_url(cohort):
    return f"/manage/cohorts/{cohort.id}/guides/mentors"


def text_of(message):
    return message.get_body(("plain",)).get_content()


def link_in(message):
    return re.search(r"http://localhost:5000(/invite/[\w.-]+)", text_of(message)).group(1)


def role_in(db, cohort, user):
    return db.session.scalar(select(Enrollment.role).filter_by(cohort_id=cohort.id,
                                                               user_id=user.id))


@pytest.fixture
def invite(client, cohort, signed_in):
    def post(email="iwan@sumedangkab.go.id", name="Iwan Setiawan"):
        return client.post(invite_url(cohort), data={"mentor_email": email, "mentor_name": name})

    return post


@pytest.fixture
def invited(db, invite, smtp_server):
    """A newcomer invited as mentor: (their account, the path of their invitation link)."""
    assert invite().status_code == 302
    [message] = smtp_server.messages
    iwan = accounts.find_user_by_email("iwan@sumedangkab.go.id")
    iwan.locale = "en"  # so the tests can quote the pages he sees once signed in
    db.session.flush()
    return iwan, link_in(message)


@pytest.fixture
def other_client(app, client):
    """The invitee's own browser, where nobody is signed in, reading English; a test client
    like `client`."""
    browser = app.test_client()
    browser.post("/language", data={"locale": "en", "next": "/"})
    return browser


def choose(client, link, password=NEW_PASSWORD, confirm=None):
    return client.post(link, data={"password": password, "confirm": confirm or password})


# --- inviting ------------------------------------------------------------------------------

def test_inviting_a_newcomer_makes_their_account_enrols_them_and_emails_the_link(
        db, client, cohort, invite, smtp_server, signed_in):
    response = invite(email="Iwan@SumedangKab.go.id")
    assert response.status_code == 302
    assert response.location == f"/manage/cohorts/{cohort.id}/guides"
    iwan = accounts.find_user_by_email("iwan@sumedangkab.go.id")
    assert (iwan.name, iwan.roles, iwan.locale) == ("Iwan Setiawan", {"mentor"}, "id")
    assert awaits_password(iwan) and role_in(db, cohort, iwan) == "mentor"
    [message] = smtp_server.to("iwan@sumedangkab.go.id")
    # In the newcomer's language, Indonesian until they choose another.
    assert message["Subject"] == "Buat kata sandi Anda untuk Madangan"
    body = text_of(message)
    assert "Yth. Iwan Setiawan," in body and "Rina Organiser telah membuatkan Anda akun" in body
    assert "selama 14 hari" in body
    assert link_in(message).startswith("/invite/")
    page = client.get(response.location).text
    assert ("Iwan Setiawan is a mentor of the round; an invitation to choose a password was "
            "emailed to iwan@sumedangkab.go.id.") in page
    assert "Iwan Setiawan" in page.split('id="mentors-heading"', 1)[1]


def test_the_link_uses_the_public_address_not_the_requests_host(db, app, organiser,
                                                                smtp_server):
    iwan = accounts.create_user(email="iwan@sumedangkab.go.id", name="Iwan")
    with app.test_request_context(base_url="http://attacker.example"):
        assert send_invitation(iwan, organiser)
    db.session.commit()
    [message] = smtp_server.messages
    assert "attacker.example" not in text_of(message)
    assert "http://localhost:5000/invite/" in text_of(message)


def test_someone_who_can_sign_in_is_enrolled_without_an_email(db, client, cohort, invite,
                                                              smtp_server, make_user):
    budi = make_user(email="budi@unpad.ac.id", name="Budi Santoso", roles=())
    response = invite(email="budi@unpad.ac.id", name="")
    assert role_in(db, cohort, budi) == "mentor"
    assert db.session.get(User, budi.id).roles == {"mentor"}
    assert smtp_server.messages == []
    assert "Budi Santoso is a mentor of the round and can sign in with their account." in \
        client.get(response.location).text


def test_inviting_a_mentor_who_has_not_chosen_a_password_sends_the_invitation_again(
        db, cohort, invite, smtp_server):
    invite()
    invite(name="")
    assert len(smtp_server.to("iwan@sumedangkab.go.id")) == 2
    assert db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=cohort.id, role="mentor")) == 1


def test_someone_in_the_round_in_another_role_cannot_be_invited_as_mentor(
        db, cohort, invite, smtp_server, participant):
    response = invite(email=participant.email)
    assert response.status_code == 200
    assert "dewi@madangan.example is already in this round as Participant." in response.text
    assert role_in(db, cohort, participant) == "participant"
    assert smtp_server.messages == []


def test_a_newcomer_needs_a_name(db, invite, smtp_server):
    response = invite(name="")
    assert response.status_code == 200
    assert "Nobody has an account with iwan@sumedangkab.go.id yet" in response.text
    assert accounts.find_user_by_email("iwan@sumedangkab.go.id") is None
    assert smtp_server.messages == []


def test_without_a_mail_server_the_invitation_is_written_to_the_log(db, invite, caplog, app):
    assert not app.config["MAIL_SERVER"]
    with caplog.at_level("INFO", logger="madangan.mail"):
        assert invite().status_code == 302
    assert "Email to iwan@sumedangkab.go.id" in caplog.text
    assert "http://localhost:5000/invite/" in caplog.text


def test_a_mail_server_that_is_down_keeps_the_mentor_and_the_invitation_to_retry(
        db, client, cohort, invite, app, monkeypatch, caplog, set_clock):
    now = set_clock(clock.now())
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", unused_port())
    with caplog.at_level("WARNING", logger="madangan.mail"):
        response = invite()
    assert response.status_code == 302
    iwan = accounts.find_user_by_email("iwan@sumedangkab.go.id")
    assert role_in(db, cohort, iwan) == "mentor"
    email = db.session.scalar(select(OutgoingEmail).filter_by(recipient=iwan.email))
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.next_attempt_at == now + timedelta(minutes=1)
    assert "to iwan@sumedangkab.go.id failed (attempt 1)" in caplog.text


def unused_port():
    """A port on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_invitation_without_csrf_token_is_refused(db, client, cohort, signed_in,
                                                     smtp_server):
    response = client.post(invite_url(cohort), data={"mentor_email": "iwan@example.org",
                                                     "mentor_name": "Iwan"}, csrf=False)
    assert response.status_code == 400
    assert accounts.find_user_by_email("iwan@example.org") is None
    assert smtp_server.messages == []


# --- following the link --------------------------------------------------------------------

def test_following_the_link_sets_the_password_and_signs_the_mentor_in(db, invited,
                                                                      other_client):
    iwan, link = invited
    page = other_client.get(link)
    assert page.status_code == 200
    assert "iwan@sumedangkab.go.id" in page.text and 'autocomplete="new-password"' in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"  # the token never leaves the site
    response = choose(other_client, link)
    assert response.status_code == 302 and response.location == "/"
    assert accounts.authenticate("iwan@sumedangkab.go.id", NEW_PASSWORD) == iwan
    home = other_client.get("/mentoring/")
    assert home.status_code == 200  # signed in, as a mentor


def test_the_new_password_works_on_the_sign_in_page(db, invited, other_client, app):
    iwan, link = invited
    choose(other_client, link)
    response = app.test_client().post("/sign-in", data={"email": iwan.email,
                                                        "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/"


def test_a_used_link_no_longer_works(db, invited, other_client):
    iwan, link = invited
    choose(other_client, link)
    again = other_client.get(link)
    assert again.status_code == 404
    assert "This invitation was already used, or it is no longer valid." in again.text
    assert choose(other_client, link, password="someone else's pick").status_code == 404
    assert accounts.authenticate(iwan.email, NEW_PASSWORD) == iwan
    assert accounts.authenticate(iwan.email, "someone else's pick") is None


@pytest.mark.parametrize("password, confirm, error", [
    ("too short", "too short", "A password has at least 12 and at most 200 characters."),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "The two passwords differ."),
])
def test_the_password_must_be_long_enough_and_typed_twice_alike(db, invited, other_client,
                                                                password, confirm, error):
    iwan, link = invited
    other_client.post("/language", data={"locale": "en", "next": "/"})
    response = choose(other_client, link, password, confirm)
    assert response.status_code == 200 and error in response.text
    assert awaits_password(db.session.get(User, iwan.id))


def invitation_made_days_ago(set_clock, user, days):
    """A link made `days` ago: made with the clock set back, which then returns to now."""
    now = clock.now()
    set_clock(now - days * DAY)
    link = "/invite/" + invitation_token(user)
    set_clock(now)
    return link


def test_an_expired_link_does_not_work(db, invited, other_client, set_clock):
    iwan, _link = invited
    old = invitation_made_days_ago(set_clock, iwan, 15)
    response = other_client.get(old)
    assert response.status_code == 404
    assert "This invitation has expired: invitations work for 14 days." in response.text
    assert choose(other_client, old).status_code == 404
    assert awaits_password(db.session.get(User, iwan.id))


def test_a_link_of_13_days_still_works(db, invited, other_client, set_clock):
    iwan, _link = invited
    assert other_client.get(invitation_made_days_ago(set_clock, iwan, 13)).status_code == 200


def forged(app, user, link):
    token = link.rsplit("/", 1)[1]
    return {
        "tampered": link[:-2] + ("AA" if not link.endswith("AA") else "BB"),
        "truncated": link[:-10],
        "garbage": "/invite/not-a-token",
        "other key": "/invite/" + URLSafeTimedSerializer(
            "guessed-secret", salt=INVITATION.salt).dumps([user.id, token.split(".")[0]]),
        "other salt": "/invite/" + URLSafeTimedSerializer(app.secret_key).dumps([user.id, "x"]),
    }


@pytest.mark.parametrize("kind", ["tampered", "truncated", "garbage", "other key",
                                  "other salt"])
def test_a_forged_link_does_not_work(db, app, invited, other_client, kind):
    iwan, link = invited
    bad = forged(app, iwan, link)[kind]
    response = other_client.get(bad)
    assert response.status_code == 404
    assert "This invitation cannot be used" in response.text
    assert choose(other_client, bad).status_code == 404
    assert awaits_password(db.session.get(User, iwan.id))


def test_an_invitation_is_no_way_to_reset_a_password(db, client, organiser, other_client):
    link = "/invite/" + invitation_token(organiser)
    assert other_client.get(link).status_code == 404
    assert choose(other_client, link).status_code == 404
    assert accounts.authenticate(organiser.email, NEW_PASSWORD) is None


def test_a_deactivated_account_cannot_use_its_invitation(db, invited, other_client):
    iwan, link = invited
    accounts.set_active(db.session.get(User, iwan.id), False)
    assert other_client.get(link).status_code == 404
