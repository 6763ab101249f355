"""The participant's certificates: the list, issuing on completion, and the PDF download."""
import pytest
from sqlalchemy import select

from app.certificates.models import Certificate
from tests.certificates.conftest import STUB_PDF

pytestmark = pytest.mark.usefixtures("stub_pdf")


def test_it_lists_my_certificates(client, sign_in, holder, certificate):
    sign_in(holder)
    page = client.get("/certificates").text
    assert certificate.number in page and "Digital Leadership" in page
    assert f"/certificates/{certificate.id}/pdf" in page
    assert f"/verify/{certificate.verification_code}" in page


def test_opening_it_issues_a_certificate_on_completion(db, client, sign_in, holder, completed):
    sign_in(holder)
    client.get("/certificates")
    certificate = db.session.scalar(select(Certificate))
    assert certificate.enrollment_id == completed.id and certificate.issued_by_id is None
    client.get("/certificates")
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_opening_the_journey_issues_a_certificate_on_completion(db, client, sign_in, holder,
                                                                cohort, completed):
    sign_in(holder)
    assert client.get(f"/journey/{cohort.id}").status_code == 200
    assert db.session.scalar(select(Certificate)).enrollment_id == completed.id


def test_with_approval_needed_only_the_organiser_issues(db, client, sign_in, holder, program,
                                                        cohort, completed):
    program.certificate_needs_approval = True
    db.session.flush()
    sign_in(holder)
    client.get(f"/journey/{cohort.id}")
    client.get("/certificates")
    assert db.session.scalar(select(Certificate)) is None


def test_nothing_is_issued_before_completion(db, client, sign_in, holder, enrollment):
    sign_in(holder)
    client.get("/certificates")
    assert db.session.scalar(select(Certificate)) is None


@pytest.mark.parametrize("who, status", [
    ("holder", 200), ("organiser", 200), ("outsider", 404), ("other_organiser", 404),
    ("coach", 404)])
def test_pdf_download_access(request, client, sign_in, certificate, who, status):
    sign_in(request.getfixturevalue(who))
    response = client.get(f"/certificates/{certificate.id}/pdf")
    assert response.status_code == status
    if status == 200:
        assert response.data == STUB_PDF
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="BPSDM-JABAR-PROGRAM-2026-0001.pdf"')


def test_pdf_download_needs_signing_in(client, certificate):
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 302


def test_a_pdf_not_rendered_yet_is_rendered_and_kept_on_download(
        client, sign_in, holder, certificate, stub_pdf, db):
    certificate.pdf = None  # as a bulk run leaves it between issuing and rendering
    db.session.flush()
    stub_pdf.clear()
    sign_in(holder)
    response = client.get(f"/certificates/{certificate.id}/pdf")
    assert response.status_code == 200 and response.data == STUB_PDF
    assert len(stub_pdf) == 1
    db.session.refresh(certificate)
    assert certificate.pdf == STUB_PDF
