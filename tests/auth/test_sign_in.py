"""Signing in and out."""
from tests.conftest import PASSWORD


def test_sign_in_page_has_a_csrf_protected_form(client):
    page = client.get("/sign-in").text
    assert 'name="csrf_token"' in page
    assert 'name="email"' in page and 'name="password"' in page


def test_sign_in_with_the_right_password_opens_my_learning(client, participant):
    response = client.post("/sign-in", data={"email": "DEWI@madangan.example ",
                                             "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, participant):
    response = client.post("/sign-in", data={"email": participant.email, "password": "nope"})
    assert response.status_code == 200
    assert "The email or password is not correct." in response.text \
        or "Email atau kata sandi tidak benar." in response.text
    assert client.get("/").status_code == 302


def test_an_unknown_email_gets_the_same_message(client):
    response = client.post("/sign-in", data={"email": "ghost@madangan.example",
                                             "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_deactivated_user_cannot_sign_in(client, db, participant):
    participant.active = False
    db.session.flush()
    response = client.post("/sign-in", data={"email": participant.email, "password": PASSWORD})
    assert response.status_code == 200


def test_sign_in_without_csrf_token_is_rejected(client, participant):
    response = client.post("/sign-in", data={"email": participant.email, "password": PASSWORD},
                           csrf=False)
    assert response.status_code == 400


def test_sign_in_follows_only_local_next_urls(client, participant):
    data = {"email": participant.email, "password": PASSWORD}
    assert client.post("/sign-in?next=/mentoring/", data=data).location == "/mentoring/"
    client.post("/sign-out", data={})
    assert client.post("/sign-in?next=https://evil.example/", data=data).location == "/"
    client.post("/sign-out", data={})
    assert client.post("/sign-in?next=//evil.example/", data=data).location == "/"


def test_sign_in_starts_a_fresh_session(client, participant):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/sign-in", data={"email": participant.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_needs_a_post(client, sign_in, participant):
    sign_in(participant)
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out", data={}).status_code == 302
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_open_session(client, sign_in, db, participant):
    sign_in(participant)
    participant.active = False
    db.session.flush()
    assert client.get("/").status_code == 302


def test_sign_in_attempts_are_rate_limited(client, app):
    limit = int(app.config["SIGN_IN_RATE_LIMIT"].split()[0])
    data = {"email": "ghost@madangan.example", "password": "guess"}
    statuses = [client.post("/sign-in", data=data).status_code for _ in range(limit + 1)]
    assert statuses == [200] * limit + [429]
    assert client.get("/sign-in").status_code == 200  # only attempts are limited
