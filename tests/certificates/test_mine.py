"""The participant's certificates: the list, issuing at the write that completes the program,
and the PDF download."""
import pytest
from sqlalchemy import select

from app.certificates.models import Certificate
from app.content.models import Activity, Course
from app.learning.models import Completion
from tests.certificates.conftest import STUB_PDF

pytestmark = pytest.mark.usefixtures("stub_pdf")


def test_it_lists_my_certificates(client, sign_in, holder, certificate):
    sign_in(holder)
    page = client.get("/certificates").text
    assert certificate.number in page and "Digital Leadership" in page
    assert f"/certificates/{certificate.id}/pdf" in page
    assert f"/verify/{certificate.verification_code}" in page


def test_marking_the_last_lesson_done_issues_the_certificate(
        db, client, sign_in, holder, enrollment, last_lesson):
    sign_in(holder)
    assert client.post(last_lesson, data={}).status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate.enrollment_id == enrollment.id and certificate.issued_by_id is None
    assert certificate.number in client.get("/certificates").text
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_opening_my_pages_issues_nothing(db, client, sign_in, holder, cohort, completed):
    """Completed by rows written outside the app's writes, the holder's pages only read."""
    sign_in(holder)
    assert client.get(f"/journey/{cohort.id}").status_code == 200
    assert client.get("/certificates").status_code == 200
    assert db.session.scalar(select(Certificate)) is None


def test_with_approval_needed_only_the_organiser_issues(db, client, sign_in, holder, program,
                                                        last_lesson):
    program.certificate_needs_approval = True
    db.session.flush()
    sign_in(holder)
    client.post(last_lesson, data={})
    assert db.session.scalar(select(Certificate)) is None


def test_nothing_is_issued_before_completion(db, client, sign_in, holder, enrollment, cohort):
    lesson, course_slug = db.session.execute(
        select(Activity, Course.slug).join(Course).filter(Activity.kind == "lesson")
        .order_by(Activity.id)).first()
    sign_in(holder)
    response = client.post(f"/journey/{cohort.id}/{course_slug}/{lesson.slug}/done",
                           data={})
    assert response.status_code == 302
    assert db.session.scalar(select(Completion)) is not None
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


@pytest.mark.parametrize("who, back_to", [
    ("holder", "/certificates"), ("organiser", "/manage/cohorts/{cohort}/certificates")])
def test_a_pdf_not_rendered_yet_is_awaited_not_made_on_download(
        request, client, sign_in_en, certificate, cohort, stub_pdf, db, who, back_to):
    certificate.pdf = None  # as a bulk run leaves it between issuing and rendering
    db.session.flush()
    stub_pdf.clear()
    sign_in_en(request.getfixturevalue(who))
    response = client.get(f"/certificates/{certificate.id}/pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == back_to.format(cohort=cohort.id)
    assert "still being made: try again in a minute" in client.get(
        response.headers["Location"]).text
    assert stub_pdf == []
    db.session.refresh(certificate)
    assert certificate.pdf is None
