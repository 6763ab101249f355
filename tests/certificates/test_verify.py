"""Public verification: by code (page and Open Badges JSON) and by number and name."""
import pytest

from app.certificates import services
from tests.certificates.conftest import NIP

pytestmark = pytest.mark.usefixtures("stub_pdf", "english")


@pytest.fixture
def english(client):
    """Read the public pages in English, so tests can quote them as the code has them."""
    client.post("/language", data={"locale": "en", "next": "/"})


def test_it_shows_a_valid_certificate_without_signing_in(client, certificate):
    response = client.get(f"/verify/{certificate.verification_code}")
    assert response.status_code == 200
    page = response.text
    assert "This certificate is valid." in page
    assert "Dewi Participant" in page and "Digital Leadership" in page
    assert "10" in page  # JP


def test_it_shows_nothing_more_than_allowed(client, certificate, holder):
    page = client.get(f"/verify/{certificate.verification_code}").text
    assert NIP not in page
    assert holder.email not in page
    assert "Analis Kebijakan" not in page and "Diskominfo Jabar" not in page


def test_it_shows_a_revocation_with_date_and_reason(db, client, organiser, certificate,
                                                    request_context):
    services.revoke_certificate(organiser, certificate, "Name misspelt")
    page = client.get(f"/verify/{certificate.verification_code}").text
    assert "This certificate was revoked on" in page and "Name misspelt" in page
    assert "This certificate is valid." not in page


@pytest.mark.parametrize("path", ["/verify/not-a-code", "/verify/not-a-code.json"])
def test_an_unknown_code_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_json_is_an_open_badge_credential(client, certificate):
    response = client.get(f"/verify/{certificate.verification_code}.json")
    assert response.status_code == 200
    badge = response.json
    url = f"http://localhost:5000/verify/{certificate.verification_code}"
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["id"] == url
    assert badge["issuer"]["type"] == ["Profile"]
    assert badge["issuer"]["name"] == "BPSDM Provinsi Jawa Barat"
    assert badge["validFrom"] == "2026-12-12T00:00:00+07:00"
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["name"] == "Dewi Participant"
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Digital Leadership"
    assert {"id", "description", "criteria"} <= set(achievement)
    assert "narrative" in achievement["criteria"]
    assert "credentialStatus" not in badge
    assert NIP not in response.text and "proof" not in badge


def test_the_json_states_a_revocation(client, organiser, certificate, request_context):
    services.revoke_certificate(organiser, certificate, "Name misspelt")
    status = client.get(f"/verify/{certificate.verification_code}.json").json[
        "credentialStatus"]
    assert status["revoked"] is True and status["reason"] == "Name misspelt"


@pytest.mark.parametrize("name", ["Dewi Participant", "  dewi   PARTICIPANT "])
def test_lookup_by_number_and_name_leads_to_the_certificate(client, certificate, name):
    response = client.post("/verify", data={"number": certificate.number, "name": name})
    assert response.status_code == 302
    assert response.location.endswith(f"/verify/{certificate.verification_code}")


@pytest.mark.parametrize("number, name", [
    ("BPSDM-JABAR/PROGRAM/2026/9999", "Dewi Participant"),   # unknown number
    ("BPSDM-JABAR/PROGRAM/2026/0001", "Somebody Else"),      # wrong name
])
def test_a_wrong_combination_is_simply_not_found(client, certificate, number, name):
    response = client.post("/verify", data={"number": number, "name": name})
    assert response.status_code == 200
    assert "No certificate with this number and name was found." in response.text
    assert certificate.verification_code not in response.text


def test_the_lookup_form_needs_a_csrf_token(client, certificate):
    response = client.post("/verify", data={"number": certificate.number,
                                            "name": "Dewi Participant"}, csrf=False)
    assert response.status_code in (200, 400)
    assert response.status_code != 302


def test_the_lookup_form_is_rate_limited(client):
    codes = [client.post("/verify", data={"number": "X", "name": "Y"}).status_code
             for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
