"""The administrator's account pages."""
import pytest
from sqlalchemy import select

from app.auth.models import User
from tests.conftest import PASSWORD


def new_user_form(**overrides):
    return {"name": "Siti Rahma", "email": "siti@madangan.example", "nip": "",
            "position": "Analis Kebijakan", "institution": "Diskominfo Jabar",
            "region_code": "32", "locale": "id", "roles": ["participant"],
            "organisation_id": "0", "password": "a-long-password", **overrides}


@pytest.mark.parametrize("who, status", [("admin", 200), ("organiser", 403),
                                         ("participant", 403)])
def test_only_admins_see_the_user_list(request, client, sign_in, who, status):
    sign_in(request.getfixturevalue(who))
    assert client.get("/admin/users").status_code == status


def test_admin_adds_a_user_who_can_then_sign_in(client, sign_in, db, admin):
    sign_in(admin)
    response = client.post("/admin/users/new", data=new_user_form())
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="siti@madangan.example"))
    assert user.roles == {"participant"} and user.region_code == "32"
    client.post("/sign-out", data={})
    assert client.post("/sign-in", data={"email": user.email,
                                         "password": "a-long-password"}).location == "/"


def test_a_bad_nip_is_named_and_nothing_is_saved(client, sign_in, db, admin):
    sign_in(admin)
    response = client.post("/admin/users/new", data=new_user_form(nip="1234"))
    assert response.status_code == 200
    assert "A NIP has exactly 18 digits." in response.text \
        or "NIP terdiri atas tepat 18 digit." in response.text
    assert db.session.scalar(select(User).filter_by(email="siti@madangan.example")) is None


def test_an_organiser_needs_an_organisation(client, sign_in, db, admin):
    sign_in(admin)
    response = client.post("/admin/users/new", data=new_user_form(roles=["organiser"]))
    assert response.status_code == 200
    assert db.session.scalar(select(User).filter_by(email="siti@madangan.example")) is None


def test_an_organiser_is_scoped_to_the_chosen_organisation(client, sign_in, db, admin,
                                                           organisation):
    sign_in(admin)
    client.post("/admin/users/new", data=new_user_form(
        roles=["organiser", "coach"], organisation_id=str(organisation.id)))
    user = db.session.scalar(select(User).filter_by(email="siti@madangan.example"))
    assert user.roles == {"organiser", "coach"}
    assert user.organisation_ids() == {organisation.id}


def test_a_taken_email_is_refused(client, sign_in, db, admin, participant):
    sign_in(admin)
    response = client.post("/admin/users/new", data=new_user_form(email=participant.email))
    assert response.status_code == 200
    assert participant.email in response.text


def test_admin_deactivates_and_reactivates_a_user(client, sign_in, db, admin, participant):
    sign_in(admin)
    client.post(f"/admin/users/{participant.id}/active", data={})
    assert db.session.get(User, participant.id).active is False
    client.post(f"/admin/users/{participant.id}/active", data={})
    assert db.session.get(User, participant.id).active is True


def test_admin_cannot_deactivate_themselves(client, sign_in, db, admin):
    sign_in(admin)
    client.post(f"/admin/users/{admin.id}/active", data={})
    assert db.session.get(User, admin.id).active is True


def test_users_create_command(app, db, organisation):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "Rina@Madangan.example", "--name", "Rina",
        "--role", "organiser", "--role", "coach", "--organisation", organisation.slug,
        "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="rina@madangan.example"))
    assert user.roles == {"organiser", "coach"}


def test_users_create_command_names_a_bad_nip(app, db):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "x@madangan.example", "--name", "X", "--nip", "12",
        "--password", PASSWORD])
    assert result.exit_code != 0
    assert "--nip" in result.output and "18 digits" in result.output
