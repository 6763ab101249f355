"""Each enrolment's progress and what it still needs."""
import marshmallow as ma

from app import clock
from app.api.auth import api_user
from app.api.enrollment_queries import changed_since, enrollments_with_people, last_activity
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import get_visible, visible_cohorts, visible_enrollments
from app.api.spec import Blueprint, page_of
from app.extensions import db
from app.learning.pace import PARTICIPANT_STATUSES
from app.reports.dashboard import module_columns, participant_rows, participants
from app.rounds.models import Cohort, Enrollment
from app.rounds.queries import cohort_sessions


blp = Blueprint("api_progress", __name__,
                description="Each enrolment's progress and what it still needs.")


class MissingSchema(ma.Schema):
    key = ma.fields.String(required=True, metadata={
        "description": "The completion rule: activities, quiz_score, attendance or "
                       "action_plan."})
    text = ma.fields.String(required=True, metadata={"description": "The rule, in words."})
    detail = ma.fields.String(required=True, metadata={"description": "How far along it is."})


class ProgressSchema(ma.Schema):
    enrollment_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata={"description": "The person's name."})
    percent = ma.fields.Integer(required=True, validate=ma.validate.Range(0, 100), metadata={
        "description": "Share of the required activities done."})
    required_done = ma.fields.Integer(required=True)
    required_total = ma.fields.Integer(required=True)
    attendance_percent = ma.fields.Integer(
        required=True, allow_none=True, validate=ma.validate.Range(0, 100),
        metadata={"description": "Share of the sessions held so far that they attended; "
                                 "null before any was held."})
    status = ma.fields.String(required=True,
                              validate=ma.validate.OneOf(list(PARTICIPANT_STATUSES)))
    complete = ma.fields.Boolean(required=True,
                                 metadata={"description": "Every completion rule is met."})
    missing = ma.fields.List(ma.fields.Nested(MissingSchema), required=True)
    last_activity_at = ma.fields.AwareDateTime(required=True, allow_none=True)


def progress_records(cohort, enrollments, now):
    """Each enrolment's progress, from the dashboard's grouped queries: a fixed number for
    any number of enrolments."""
    rows = participant_rows(cohort, enrollments, module_columns(cohort),
                            cohort_sessions(cohort.id), now)
    latest = last_activity([enrollment.id for enrollment in enrollments])
    return [{
        "enrollment_id": row.enrollment.id, "name": row.user.name,
        "percent": row.progress.percent, "required_done": row.progress.done,
        "required_total": row.progress.total, "attendance_percent": row.attendance_percent,
        "status": row.status, "complete": row.evaluation.complete,
        "missing": [{"key": requirement.key, "text": str(requirement.label),
                     "detail": str(requirement.detail)}
                    for requirement in row.evaluation.missing],
        "last_activity_at": latest.get(row.enrollment.id),
    } for row in rows]


@blp.route("/enrollments/<int:enrollment_id>/progress")
@blp.response(200, ProgressSchema)
def get_progress(enrollment_id):
    """One enrolment's progress against its program's completion rules"""
    get_visible(Enrollment, enrollment_id, visible_enrollments(api_user()))
    enrollment = db.session.scalar(enrollments_with_people(Enrollment.id == enrollment_id))
    return progress_records(enrollment.cohort, [enrollment], clock.now())[0]


@blp.route("/cohorts/<int:cohort_id>/progress")
@blp.arguments(UpdatedSinceArgs, location="query", as_kwargs=True)
@blp.response(200, ProgressSchema(many=True))
@blp.paginate()
def list_progress(cohort_id, updated_since, pagination_parameters):
    """The progress of the round's participants that the token's user may see, by name"""
    user = api_user()
    cohort = get_visible(Cohort, cohort_id, visible_cohorts(user))
    query = participants(cohort, "name").where(visible_enrollments(user))
    if updated_since is not None:
        query = query.where(changed_since(updated_since))
    return progress_records(cohort, page_of(query, pagination_parameters), clock.now())
