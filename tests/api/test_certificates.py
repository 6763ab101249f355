"""Certificates through the API: scoped like the web pages, the credential as JSON-LD, and
verification open to anyone."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.certificates import services
from app.enrolment.services import enroll
from app.rounds.models import Enrollment
from tests.api.conftest import assert_problem
from tests.certificates.conftest import (NIP, TODAY, certificate, complete,  # noqa: F401
                                         completed, holder, stub_pdf)


@pytest.fixture
def classmate_certificate(db, make_user, cohort, complete, stub_pdf, organiser):  # noqa: F811
    """A certificate of another participant of the same round."""
    classmate = make_user(name="Budi Classmate")
    enroll(cohort, classmate, actor=None)
    enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=classmate.id))
    return services.issue_certificate(organiser, complete(enrollment), today=TODAY)


@pytest.fixture
def outsider_certificate(db, outsider, complete, stub_pdf, organiser):  # noqa: F811
    enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=outsider.id))
    return services.issue_certificate(None, complete(enrollment), today=TODAY)


def ids(response):
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.get_json()]


def test_a_certificate_shows_what_was_certified_and_where_to_verify_it(
        api_as, holder, certificate, app):  # noqa: F811
    body = api_as(holder).get(f"/api/v1/certificates/{certificate.id}").get_json()
    assert body["number"] == certificate.number
    assert body["holder"] == {"name": "Dewi Participant", "nip": NIP}
    assert body["jp"] == str(certificate.jp) and body["revoked_at"] is None
    public = app.config["PUBLIC_URL"]
    assert body["verification_url"] == f"{public}/verify/{certificate.verification_code}"
    assert body["credential_url"] == f"{public}/api/v1/certificates/{certificate.id}/credential"
    assert body["updated_at"].endswith("+00:00")


def test_a_participant_sees_only_their_own_certificates(
        api_as, holder, certificate, classmate_certificate):  # noqa: F811
    assert ids(api_as(holder).get("/api/v1/certificates")) == [certificate.id]


@pytest.mark.parametrize("path", ["", "/credential"])
def test_a_participant_cannot_read_a_classmates_certificate(
        api_as, holder, classmate_certificate, path):  # noqa: F811
    assert_problem(api_as(holder).get(
        f"/api/v1/certificates/{classmate_certificate.id}{path}"), 404)


def test_an_organiser_sees_only_their_organisations_certificates(
        api_as, organiser, certificate, classmate_certificate,  # noqa: F811
        outsider_certificate):
    assert ids(api_as(organiser).get("/api/v1/certificates")) == \
        [certificate.id, classmate_certificate.id]
    assert_problem(api_as(organiser).get(
        f"/api/v1/certificates/{outsider_certificate.id}"), 404)


def test_another_organiser_sees_none_of_them(api_as, other_organiser, certificate):  # noqa: F811
    assert ids(api_as(other_organiser).get("/api/v1/certificates")) == []
    assert_problem(api_as(other_organiser).get(
        f"/api/v1/certificates/{certificate.id}/credential"), 404)


@pytest.mark.parametrize("guide", ["coach", "mentor"])
def test_a_coach_or_mentor_sees_their_guided_participants_certificates(
        request, api_as, guided_enrollment, certificate, classmate_certificate,  # noqa: F811
        guide):
    assert ids(api_as(request.getfixturevalue(guide)).get("/api/v1/certificates")) == \
        [certificate.id]


def test_an_admin_sees_every_certificate(api_as, admin, certificate,  # noqa: F811
                                         outsider_certificate):
    assert ids(api_as(admin).get("/api/v1/certificates")) == \
        [certificate.id, outsider_certificate.id]


def test_the_list_filters_by_round_and_revocation(
        api_as, admin, organiser, certificate, outsider_certificate,  # noqa: F811
        request_context, cohort):
    services.revoke_certificate(organiser, certificate, "Name misspelt")
    caller = api_as(admin)
    assert ids(caller.get(f"/api/v1/certificates?cohort_id={cohort.id}")) == [certificate.id]
    assert ids(caller.get("/api/v1/certificates?revoked=true")) == [certificate.id]
    assert ids(caller.get("/api/v1/certificates?revoked=false")) == [outsider_certificate.id]


def test_updated_since_returns_only_later_changes(api_as, organiser, certificate):  # noqa: F811
    later = clock.now() + timedelta(minutes=1)
    param = later.isoformat().replace("+", "%2B")
    assert ids(api_as(organiser).get(f"/api/v1/certificates?updated_since={param}")) == []
    param = (later - timedelta(hours=1)).isoformat().replace("+", "%2B")
    assert ids(api_as(organiser).get(f"/api/v1/certificates?updated_since={param}")) == \
        [certificate.id]


def test_pages_are_counted_in_the_headers(api_as, organiser, certificate,  # noqa: F811
                                          classmate_certificate):
    response = api_as(organiser).get("/api/v1/certificates?page_size=1&page=2")
    assert ids(response) == [classmate_certificate.id]
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 2 and pagination["total_pages"] == 2
    assert 'rel="prev"' in response.headers["Link"]


def test_the_credential_is_an_open_badge_in_json_ld(api_as, holder, certificate):  # noqa: F811
    response = api_as(holder).get(f"/api/v1/certificates/{certificate.id}/credential")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    credential = json.loads(response.data)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["credentialSubject"]["name"] == "Dewi Participant"
    assert "credentialStatus" not in credential


def test_the_credential_states_a_revocation(api_as, holder, organiser, certificate,  # noqa: F811
                                            request_context):
    services.revoke_certificate(organiser, certificate, "Name misspelt")
    credential = json.loads(api_as(holder).get(
        f"/api/v1/certificates/{certificate.id}/credential").data)
    assert credential["credentialStatus"]["revoked"] is True
    assert credential["credentialStatus"]["reason"] == "Name misspelt"


def test_anyone_verifies_a_certificate_without_a_token(client, certificate):  # noqa: F811
    response = client.get(f"/api/v1/verify/{certificate.verification_code}")
    assert response.status_code == 200, response.text
    body = response.get_json()
    assert body["valid"] is True and body["status"] == "valid"
    assert body["holder_name"] == "Dewi Participant" and body["jp"] == str(certificate.jp)
    assert body["verification_url"].endswith(f"/verify/{certificate.verification_code}")


def test_verification_shows_nothing_more_than_the_public_page(client, certificate):  # noqa: F811
    text = client.get(f"/api/v1/verify/{certificate.verification_code}").text
    assert NIP not in text and "dewi@madangan.example" not in text
    assert "Analis Kebijakan" not in text and "Diskominfo Jabar" not in text


def test_verification_states_a_revocation(client, organiser, certificate,  # noqa: F811
                                          request_context):
    services.revoke_certificate(organiser, certificate, "Name misspelt")
    body = client.get(f"/api/v1/verify/{certificate.verification_code}").get_json()
    assert body["valid"] is False and body["status"] == "revoked"
    assert body["revoked_at"] and body["revoked_reason"] == "Name misspelt"


def test_an_unknown_code_is_a_problem(client):
    assert_problem(client.get("/api/v1/verify/not-a-code"), 404)


def test_the_list_needs_a_token(client):
    assert_problem(client.get("/api/v1/certificates"), 401)
