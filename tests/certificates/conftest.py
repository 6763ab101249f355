"""Fixtures of the certificate tests: a participant who completed the journey, and a stub for
the PDF renderer (tested on its own in test_pdf.py) so issuing is quick and predictable."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import delete, select

from app.certificates import pdf
from app.content.models import Activity, Course
from app.learning.models import Completion
from tests.conftest import complete_every_activity

TODAY = date(2026, 12, 12)
NIP = "198701012010012001"
STUB_PDF = b"%PDF-1.7 stub"
COMPLETED_AT = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def stub_pdf(monkeypatch):
    """Replace the renderer; yields the contexts it was asked to render."""
    rendered = []

    def render_certificate(context, template=pdf.DEFAULT_TEMPLATE):
        rendered.append((context, template))
        return STUB_PDF

    monkeypatch.setattr(pdf, "render_certificate", render_certificate)
    return rendered


@pytest.fixture
def complete(db):
    """Mark every activity of the enrollment's program done, with full quiz scores, on
    1 December 2026."""
    def mark(enrollment):
        complete_every_activity(enrollment, COMPLETED_AT)
        db.session.flush()
        return enrollment

    return mark


@pytest.fixture
def holder(db, participant):
    """The cast's participant, with the civil-service details a certificate copies."""
    participant.nip, participant.position = NIP, "Analis Kebijakan"
    participant.institution = "Diskominfo Jabar"
    db.session.flush()
    return participant


@pytest.fixture
def completed(holder, enrollment, complete):
    """The holder's enrollment, every activity done."""
    return complete(enrollment)


@pytest.fixture
def last_lesson(db, holder, enrollment, complete):
    """Everything of the holder's program done but one lesson: the path to marking it done,
    the write that completes the program."""
    lesson, course_slug = db.session.execute(
        select(Activity, Course.slug).join(Course).filter(Activity.kind == "lesson")
        .order_by(Activity.id.desc())).first()
    complete(enrollment)
    db.session.execute(delete(Completion).filter_by(enrollment_id=enrollment.id,
                                                    activity_id=lesson.id))
    return f"/journey/{enrollment.cohort_id}/{course_slug}/{lesson.slug}/done"


@pytest.fixture
def certificate(db, completed, stub_pdf, organiser):
    from app.certificates.services import issue_certificate
    return issue_certificate(organiser, completed, today=TODAY)
