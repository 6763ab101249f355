"""The holder downloads their certificate as an Open Badges 3.0 credential."""
import json

import pytest

pytestmark = pytest.mark.usefixtures("stub_pdf")


def test_my_certificates_link_to_the_badge(client, sign_in, holder, certificate):
    sign_in(holder)
    assert f"/certificates/{certificate.id}/badge.json" in client.get("/certificates").text


def test_the_holder_downloads_the_credential_named_after_the_number(
        db, client, sign_in, holder, certificate):
    certificate.number = "BPSDM JABAR/DL/2026/0001"
    db.session.flush()
    sign_in(holder)
    response = client.get(f"/certificates/{certificate.id}/badge.json")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="BPSDM-JABAR-DL-2026-0001.json"'
    credential = json.loads(response.data)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["name"] == "Dewi Participant"


@pytest.mark.parametrize("who", ["organiser", "outsider", "other_organiser", "coach"])
def test_nobody_but_the_holder_downloads_it(request, client, sign_in, certificate, who):
    sign_in(request.getfixturevalue(who))
    assert client.get(f"/certificates/{certificate.id}/badge.json").status_code == 404


def test_signing_in_comes_first(client, certificate):
    response = client.get(f"/certificates/{certificate.id}/badge.json")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
