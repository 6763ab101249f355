"""Choosing a password: long enough, not common, not one's own name; changing it needs the
current one; it is stored as scrypt at OWASP strength."""
import pytest

from app.auth import services as accounts
from app.auth.passwords import MIN_LENGTH, common_passwords, weakness
from tests.conftest import PASSWORD

NEW_PASSWORD = "seven lanterns over Sumedang"


@pytest.mark.parametrize("password", [
    "password1234", "qwertyuiop123", "123456789qwerty", "iloveyou2026!", "!!madangan2026",
    "Bismillah123456", "Indonesia1945!",
])
def test_common_passwords_and_their_decorated_forms_are_refused(request_context, password):
    assert weakness(password) is not None


def test_the_list_is_the_twenty_thousand_most_common(request_context):
    assert len(common_passwords()) > 19_000 and "123456" in common_passwords()


@pytest.mark.parametrize("password", ["dewi.lestari2026", "DewiLestari!!!", "lestari123456"])
def test_a_password_made_of_ones_own_name_or_email_is_refused(request_context, password):
    assert weakness(password, email="dewi.lestari@jabarprov.go.id", name="Dewi Lestari") \
        is not None


@pytest.mark.parametrize("password", [NEW_PASSWORD, "kopi-tubruk-di-jatinangor", "Ψ∆ unicode ok 🌋"])
def test_long_uncommon_passwords_of_any_characters_are_accepted(request_context, password):
    assert weakness(password, email="dewi@jabarprov.go.id", name="Dewi Lestari") is None


def change(client, current, new, confirm=None):
    return client.post("/account/password", data={"current": current, "password": new,
                                                  "confirm": confirm or new})


def test_the_change_password_page_is_for_signed_in_people(client):
    assert client.get("/account/password").status_code == 302


@pytest.mark.parametrize("current, new, confirm, message", [
    ("not my password", NEW_PASSWORD, None, "This is not your current password."),
    (PASSWORD, "short one", None, f"A password has at least {MIN_LENGTH} and at most 200"),
    (PASSWORD, "password123456", None, "This password is one of the most common passwords"),
    (PASSWORD, "Dewi Participant 1", None, "A password made of your own name or email"),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "The two passwords differ."),
])
def test_a_refused_change_names_the_reason_and_keeps_the_old_password(
        client, sign_in_en, participant, current, new, confirm, message):
    sign_in_en(participant)
    response = change(client, current, new, confirm)
    assert response.status_code == 200 and message in response.text
    assert accounts.authenticate(participant.email, PASSWORD) == participant


def test_a_change_is_recorded_in_the_audit_log(client, sign_in, db, participant):
    sign_in(participant)
    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    assert accounts.authenticate(participant.email, NEW_PASSWORD) == participant
    assert "auth.password_changed" in audit_actions(db)


def test_the_hash_is_scrypt_with_the_configured_cost(client, sign_in, db, app, participant):
    sign_in(participant)
    change(client, PASSWORD, NEW_PASSWORD)
    db.session.refresh(participant)
    assert participant.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert NEW_PASSWORD not in participant.password_hash


def test_the_admin_cannot_give_a_new_account_a_common_password(client, sign_in_en, admin):
    sign_in_en(admin)
    response = client.post("/admin/users/new", data={
        "name": "Budi Santoso", "email": "budi@sumedangkab.go.id", "password": "password123456",
        "locale": "id", "roles": ["participant"], "organisation_id": 0})
    assert response.status_code == 200
    assert "This password is one of the most common passwords" in response.text
    assert accounts.find_user_by_email("budi@sumedangkab.go.id") is None


def audit_actions(db):
    from app.audit.models import AuditEvent
    return [event.action for event in db.session.scalars(db.select(AuditEvent))]


@pytest.mark.parametrize("password, message", [
    ("short", "a password has at least 12 characters"),
    ("password123456", "one of the most common passwords"),
])
def test_the_users_command_refuses_a_weak_password(app, db, password, message):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "budi@madangan.example", "--name", "Budi",
        "--password", password])
    assert result.exit_code == 2 and message in result.output
    assert accounts.find_user_by_email("budi@madangan.example") is None
