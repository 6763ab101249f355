"""The plans cast: the guided participant's action plan brought to any status through the real
workflow, and a journey whose first course ends with an assignment."""
import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.extensions import db as _db
from app.mentoring import workflow
from app.mentoring.models import Review, Submission, SubmissionVersion
from app.mentoring.plans import plan_content
from tests.factories import course_source

PLAN = plan_content(
    {"problem": "Business permits take 30 days.", "goals": "Permits in 3 days by 2027.",
     "stakeholders": "- DPMPTSP\n- Diskominfo", "outcome": "Investors get permits online."},
    [{"title": "Map the permit process", "due_on": "2026-12-01", "status": "planned"}])

PLAN_FORM = {
    "problem": "Business permits take 30 days.", "goals": "Permits in 3 days by 2027.",
    "stakeholders": "- DPMPTSP\n- Diskominfo", "outcome": "Investors get permits online.",
    "milestones-0-title": "Map the permit process", "milestones-0-due_on": "2026-12-01",
    "milestones-0-status": "planned",
    "milestones-1-title": "", "milestones-1-due_on": "", "milestones-1-status": "planned",
}

# How the workflow reaches each status from a submitted plan: (who, action) in turn.
ROUTES = {
    "draft": None,
    "submitted": [],
    "revision_requested": [("coach", "request_revision")],
    "approved": [("coach", "approve")],
    "endorsed": [("coach", "approve"), ("mentor", "endorse")],
}


def reading_english(user):
    user.locale = "en"
    _db.session.flush()
    return user


# Notifications and audit entries are written in their reader's language; the cast reads
# English so that tests can quote them as the code has them.
@pytest.fixture
def participant(participant):
    return reading_english(participant)


@pytest.fixture
def coach(coach):
    return reading_english(coach)


@pytest.fixture
def mentor(mentor):
    return reading_english(mentor)


@pytest.fixture
def courses(make_courses):
    """The cast's two courses; the first ends with an assignment (slug "assignment")."""
    return make_courses(course_source("platforms", lessons=2, assignment=True),
                        course_source("change", lessons=2))


@pytest.fixture
def assignment(db, courses):
    return _db.session.scalar(select(Activity).filter_by(slug="assignment"))


@pytest.fixture
def plan_in(db, guided_enrollment, participant, coach, mentor):
    """The participant's action plan, taken to `status` through the workflow's services."""
    people = {"coach": coach, "mentor": mentor}

    def build(status, content=PLAN):
        plan = workflow.write_action_plan(participant, guided_enrollment, content)
        if ROUTES[status] is None:
            return plan
        workflow.submit(participant, plan)
        for who, action in ROUTES[status]:
            workflow.review(people[who], plan, action, "Fine work.")
        return plan

    return build


def state(submission):
    """What a refused action must leave untouched."""
    _db.session.expire_all()
    submission = _db.session.get(Submission, submission.id)
    return (submission.status, submission.content,
            _db.session.scalar(select(_db.func.count(Review.id)).filter_by(
                submission_id=submission.id)),
            _db.session.scalar(select(_db.func.count(SubmissionVersion.id)).filter_by(
                submission_id=submission.id)))
