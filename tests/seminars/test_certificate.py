"""The certificate shows the seminar's predicate when the program says so."""
import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.certificates import services as certificates
from app.certificates.services import certificate_context
from app.seminars import services
from tests.conftest import complete_every_activity

pytestmark = pytest.mark.usefixtures("request_context")


@pytest.fixture
def published(db, organiser, cohort, seminar_enrollment, examiner, coach, mentor, score):
    for user in (examiner, coach, mentor):
        score(user, seminar_enrollment, 92)
    services.publish_results(organiser, cohort)
    complete_every_activity(seminar_enrollment)
    return seminar_enrollment


def test_the_certificate_shows_the_predicate_when_asked(db, program, organiser, published):
    program.certificate_shows_predicate = True
    certificate = certificates.issue_certificate(organiser, published, today=date(2026, 12, 12),
                                                 render=False)
    assert certificate_context(certificate)["seminar_predicate"] == \
        "Sangat Memuaskan / Very satisfactory"


def test_the_certificate_leaves_it_out_by_default(db, organiser, published):
    certificate = certificates.issue_certificate(organiser, published, today=date(2026, 12, 12),
                                                 render=False)
    assert certificate_context(certificate)["seminar_predicate"] == ""


def test_the_pdf_prints_the_predicate(db, program, organiser, published):
    program.certificate_shows_predicate = True
    certificate = certificates.issue_certificate(organiser, published, today=date(2026, 12, 12))
    text = PdfReader(io.BytesIO(certificate.pdf)).pages[0].extract_text()
    assert "Sangat Memuaskan" in text
