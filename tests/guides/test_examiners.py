"""The organiser gives each participant an examiner on the guides page, beside their coach and
mentor: only the round's own examiners can be chosen, and each change is audited."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.enrolment import guides
from app.enrolment.services import enroll
from app.rounds.models import Enrollment


@pytest.fixture
def examiner(make_user, cohort):
    user = make_user(roles=("coach",), name="Yusuf Examiner", email="yusuf@madangan.example")
    enroll(cohort, user, "examiner", actor=None)
    return user


def url(cohort):
    return f"/manage/cohorts/{cohort.id}/guides"


def test_the_page_offers_the_round_s_examiners(signed_in, client, cohort, guided_enrollment,
                                               examiner):
    page = client.get(url(cohort)).text
    assert f'name="examiner_{guided_enrollment.id}"' in page
    assert f'<option value="{examiner.id}">Yusuf Examiner</option>' in page


def test_an_examiner_is_assigned_and_audited(signed_in, client, db, cohort, guided_enrollment,
                                             coach, mentor, examiner):
    n = guided_enrollment.id
    response = client.post(url(cohort), data={f"coach_{n}": coach.id, f"mentor_{n}": mentor.id,
                                              f"examiner_{n}": examiner.id})
    assert response.status_code == 302
    enrollment = db.session.get(Enrollment, n)
    assert (enrollment.coach_id, enrollment.mentor_id, enrollment.examiner_id) == (
        coach.id, mentor.id, examiner.id)
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("guides.%"))).all()
    assert events == ["guides.examiner_assigned"]


def test_a_coach_cannot_be_made_an_examiner(request_context, organiser, cohort,
                                            guided_enrollment, coach, mentor, db):
    with pytest.raises(guides.NotAGuide, match="is not an examiner of this round"):
        guides.save_guides(organiser, cohort,
                           {guided_enrollment.id: (coach.id, mentor.id, coach.id)})
    assert db.session.get(Enrollment, guided_enrollment.id).examiner_id is None


def test_a_coach_and_mentor_pair_keeps_the_examiner(request_context, organiser, cohort,
                                                    guided_enrollment, coach, mentor,
                                                    examiner, db):
    guided_enrollment.examiner_id = examiner.id
    guides.save_guides(organiser, cohort, {guided_enrollment.id: (None, mentor.id)})
    assert db.session.get(Enrollment, guided_enrollment.id).examiner_id == examiner.id
