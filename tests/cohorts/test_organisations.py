"""The administrator manages organisations and who organises for them."""
import pytest
from sqlalchemy import select

from app.organisations.models import Organisation


def organisation_form(**overrides):
    return {"name": "BPSDM Provinsi Jawa Tengah", "short_name": "BPSDM Jateng",
            "slug": "bpsdm-jateng", "region_code": "33", **overrides}


@pytest.mark.parametrize("who, status", [("admin", 200), ("organiser", 403),
                                         ("participant", 403)])
def test_only_admins_manage_organisations(request, client, sign_in, who, status):
    sign_in(request.getfixturevalue(who))
    assert client.get("/admin/organisations").status_code == status
    assert client.get("/admin/organisations/new").status_code == status


def test_admin_adds_an_organisation(client, sign_in, db, admin):
    sign_in(admin)
    response = client.post("/admin/organisations/new", data=organisation_form())
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).filter_by(slug="bpsdm-jateng"))
    assert organisation.region_code == "33"
    assert "BPSDM Provinsi Jawa Tengah" in client.get("/admin/organisations").text


@pytest.mark.parametrize("field, value", [("region_code", "99.99"), ("slug", "bpsdm-jabar"),
                                          ("slug", "Not A Slug")])
def test_bad_organisation_details_are_refused(client, sign_in, db, admin, organisation,
                                              field, value):
    sign_in(admin)
    response = client.post("/admin/organisations/new",
                           data=organisation_form(**{field: value}))
    assert response.status_code == 200
    assert db.session.scalar(select(Organisation).filter_by(name="BPSDM Provinsi Jawa Tengah")) \
        is None


def test_admin_makes_and_unmakes_an_organiser(client, sign_in, db, admin, organisation,
                                              make_user):
    user = make_user(email="yudi@madangan.example", name="Yudi")
    sign_in(admin)
    url = f"/admin/organisations/{organisation.id}"
    client.post(url + "/organisers", data={"email": "YUDI@madangan.example"})
    db.session.refresh(user)
    assert user.organisation_ids() == {organisation.id}
    assert "Yudi" in client.get(url).text
    client.post(url + f"/organisers/{user.id}/remove", data={})
    db.session.refresh(user)
    assert user.organisation_ids() == set()


def test_an_unknown_email_is_named(client, sign_in, admin, organisation):
    sign_in(admin)
    response = client.post(f"/admin/organisations/{organisation.id}/organisers",
                           data={"email": "nobody@madangan.example"}, follow_redirects=True)
    assert "nobody@madangan.example" in response.text
