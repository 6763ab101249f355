"""The JP report counts a round with a current certificate once: as the certificate's JP, in
the year it was issued."""
from datetime import date
from decimal import Decimal

import pytest

from app.certificates import services
from app.reports.jp import JpFilters, report_rows, report_years

pytestmark = pytest.mark.usefixtures("stub_pdf")


def report(year):
    return {row.name: row for row in report_rows(JpFilters(year), None, 20)}


@pytest.fixture
def certified_late(db, organiser, cohort, completed, make_session, attend):
    """Completed in 2026 with a session of 2 JP attended; the certificate issued in 2027."""
    attend(completed, make_session(cohort, jp=Decimal(2)))
    return services.issue_certificate(organiser, completed, today=date(2027, 1, 5))


def test_without_a_certificate_courses_and_sessions_count(db, cohort, completed, make_session,
                                                          attend):
    attend(completed, make_session(cohort, jp=Decimal(2)))
    row = report(2026)["Dewi Participant"]
    assert (row.course_jp, row.session_jp, row.certificate_jp, row.total_jp) == (8, 2, 0, 10)


def test_a_certified_round_counts_as_its_certificate_in_the_year_of_issue(db, certified_late):
    row_2026 = report(2026)["Dewi Participant"]
    assert (row_2026.course_jp, row_2026.session_jp, row_2026.certificate_jp) == (0, 0, 0)
    row_2027 = report(2027)["Dewi Participant"]
    assert (row_2027.certificate_jp, row_2027.total_jp) == (10, 10)
    assert 2027 in report_years(None, 2026)


def test_a_revoked_certificate_gives_back_the_course_and_session_jp(
        db, organiser, certified_late, request_context):
    services.revoke_certificate(organiser, certified_late, "Issued by mistake")
    assert report(2026)["Dewi Participant"].total_jp == 10
    assert "Dewi Participant" not in report(2027)
