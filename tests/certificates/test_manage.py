"""The organiser's certificate pages: a round's certificates tab and a program's settings."""
import pytest
from sqlalchemy import select

from app.certificates.models import Certificate, Signatory
from app.enrolment.services import enroll
from tests.certificates.conftest import NIP

pytestmark = pytest.mark.usefixtures("stub_pdf")


def tab(cohort):
    return f"/manage/cohorts/{cohort.id}/certificates"


def test_the_tab_lists_completion_and_certificates(client, sign_in, organiser, cohort,
                                                   certificate, make_user):
    enroll(cohort, make_user(name="Bayu Unfinished"), actor=None)
    sign_in(organiser)
    page = client.get(tab(cohort)).text
    assert "Dewi Participant" in page and certificate.number in page
    assert "Bayu Unfinished" in page
    assert "Complete every required activity (0 of 6 done)" in page
    assert 'aria-current="page"' in page and ">Certificates</a>" in page


def test_the_tab_costs_a_fixed_number_of_queries(client, sign_in, organiser, cohort, make_user,
                                                 count_queries):
    sign_in(organiser)
    client.get(tab(cohort))
    for n in range(5):
        enroll(cohort, make_user(name=f"Extra {n}"), actor=None)
    with count_queries() as few:
        client.get(tab(cohort))
    for n in range(5, 15):
        enroll(cohort, make_user(name=f"Extra {n}"), actor=None)
    with count_queries() as many:
        assert client.get(tab(cohort)).status_code == 200
    assert len(many) == len(few)


def test_an_organiser_issues_one_certificate(db, client, sign_in, organiser, cohort, completed):
    sign_in(organiser)
    response = client.post(f"{tab(cohort)}/issue/{completed.id}", data={})
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate.holder_nip == NIP and certificate.issued_by_id == organiser.id


def test_issuing_an_incomplete_participant_says_what_is_missing(client, sign_in, organiser,
                                                                cohort, enrollment):
    sign_in(organiser)
    page = client.post(f"{tab(cohort)}/issue/{enrollment.id}", data={},
                       follow_redirects=True).text
    assert "Not complete yet: Complete every required activity (0 of 6 done)" in page


def test_revoke_and_reissue_from_the_tab(db, client, sign_in, organiser, cohort, certificate):
    sign_in(organiser)
    client.post(f"/manage/certificates/{certificate.id}/revoke", data={"reason": ""})
    assert db.session.get(Certificate, certificate.id).revoked_at is None
    client.post(f"/manage/certificates/{certificate.id}/reissue", data={"reason": "Typo"})
    new = db.session.scalar(select(Certificate).where(Certificate.replaces_id.is_not(None)))
    assert new.replaces_id == certificate.id
    assert db.session.get(Certificate, certificate.id).revoked_reason == "Typo"


def test_settings_are_saved(db, client, sign_in, organiser, program):
    sign_in(organiser)
    url = f"/manage/programs/{program.id}/certificate-settings"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"needs_approval": "y", "number_pattern":
                                      "SERT/{org}/{year}/{seq:03}", "qualification": "Ahli",
                                      "template": "default"})
    assert response.status_code == 302
    db.session.refresh(program)
    assert program.certificate_needs_approval is True
    assert program.certificate_number_pattern == "SERT/{org}/{year}/{seq:03}"
    assert program.certificate_qualification == "Ahli"


@pytest.mark.parametrize("pattern", ["{org}/{seq}", "{org}/{year}", "{name}/{year}/{seq}"])
def test_settings_reject_a_bad_pattern(db, client, sign_in, organiser, program, pattern):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/certificate-settings",
                           data={"number_pattern": pattern, "template": "default"})
    assert response.status_code == 200
    assert "with {year} and {seq}" in response.text
    db.session.refresh(program)
    assert program.certificate_number_pattern == "{org}/{program}/{year}/{seq:04}"


def test_signatories_are_added_and_removed(db, client, sign_in, organiser, program):
    sign_in(organiser)
    url = f"/manage/programs/{program.id}/signatories"
    assert client.post(url, data={"name": "Budi", "title": "Kepala", "nip": "123",
                                  "institution": "BPSDM"}).status_code == 422
    client.post(url, data={"name": "Budi", "title": "Kepala", "nip": "196801011990011001",
                           "institution": "BPSDM"})
    signatory = db.session.scalar(select(Signatory))
    assert (signatory.name, signatory.nip, signatory.position) == (
        "Budi", "196801011990011001", 1)
    client.post(f"{url}/{signatory.id}/remove", data={})
    assert db.session.scalar(select(Signatory)) is None


@pytest.mark.parametrize("method, path", [
    ("get", "/manage/cohorts/{cohort}/certificates"),
    ("post", "/manage/cohorts/{cohort}/certificates/issue/{enrollment}"),
    ("post", "/manage/certificates/{certificate}/revoke"),
    ("post", "/manage/certificates/{certificate}/reissue"),
    ("get", "/manage/programs/{program}/certificate-settings"),
    ("post", "/manage/programs/{program}/signatories"),
])
@pytest.mark.parametrize("who, status", [("other_organiser", 404), ("participant", 403)])
def test_access(request, client, sign_in, cohort, program, completed, certificate,
                method, path, who, status):
    sign_in(request.getfixturevalue(who))
    url = path.format(cohort=cohort.id, enrollment=completed.id, certificate=certificate.id,
                      program=program.id)
    if method == "post":
        response = client.post(url, data={"reason": "x"})
    else:
        response = client.get(url)
    assert response.status_code == status
    assert certificate.revoked_at is None
