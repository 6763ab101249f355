"""Sessions: a new one at sign-in, and signing out, deactivation or a password change end every
other session of the account, including "keep me signed in" cookies and stolen copies."""
import pytest

from tests.conftest import PASSWORD

NEW_PASSWORD = "seven lanterns over Sumedang"


@pytest.fixture
def second_client(app, client):
    """Another browser of the same person: a phone beside the laptop."""
    return app.test_client()


def signed_in(client):
    return client.get("/").status_code == 200


def session_cookie(client):
    return client.get_cookie("session").value


def sign_in_with(client, user, password=PASSWORD, **extra):
    response = client.post("/sign-in", data={"email": user.email, "password": password, **extra})
    assert response.status_code == 302, response.text
    return response


def test_sign_in_issues_a_new_session_and_the_earlier_one_opens_nothing(client, participant):
    client.get("/sign-in")
    before = session_cookie(client)
    sign_in_with(client, participant)
    assert session_cookie(client) != before
    client.set_cookie("session", before)  # a cookie planted before the victim signed in
    assert not signed_in(client)


def test_signing_out_ends_the_other_sessions_too(client, second_client, participant):
    sign_in_with(client, participant)
    sign_in_with(second_client, participant)
    stolen = session_cookie(client)
    assert signed_in(client) and signed_in(second_client)
    client.post("/sign-out", data={})
    assert not signed_in(second_client)
    client.set_cookie("session", stolen)  # a copy of the cookie taken before signing out
    assert not signed_in(client)


def test_signing_out_ends_a_remembered_sign_in(client, second_client, participant):
    sign_in_with(client, participant, remember="y")
    remembered = client.get_cookie("remember_token").value
    client.delete_cookie("session")  # the browser restarted: only the long-lived cookie is left
    assert signed_in(client)
    sign_in_with(second_client, participant)
    second_client.post("/sign-out", data={})
    client.delete_cookie("session")
    client.set_cookie("remember_token", remembered)
    assert not signed_in(client)


def test_deactivation_ends_every_session_even_after_reactivation(client, second_client, sign_in,
                                                                 db, admin, participant):
    sign_in_with(second_client, participant)
    sign_in(admin)
    client.post(f"/admin/users/{participant.id}/active", data={})
    assert not signed_in(second_client)
    client.post(f"/admin/users/{participant.id}/active", data={})  # active again
    assert not signed_in(second_client)  # the old session stays ended
    sign_in_with(second_client, participant)
    assert signed_in(second_client)


def test_a_password_change_keeps_this_session_and_ends_the_others(client, second_client,
                                                                  participant):
    sign_in_with(client, participant)
    sign_in_with(second_client, participant)
    response = client.post("/account/password", data={
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(second_client)
    assert second_client.post("/sign-in", data={"email": participant.email,
                                                "password": PASSWORD}).status_code == 200
    sign_in_with(second_client, participant, NEW_PASSWORD)


def test_a_session_id_from_before_the_generation_scheme_opens_nothing(client, participant):
    with client.session_transaction() as session:
        session["_user_id"] = str(participant.id)  # a bare id, as an old cookie would hold
        session["_fresh"] = True
    assert not signed_in(client)
