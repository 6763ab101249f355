"""Attendance at a round's sessions."""
import marshmallow as ma
from sqlalchemy import select, true

from app.api.auth import api_user
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import LARGEST_ID, get_visible, visible_cohorts, visible_enrollments
from app.api.spec import Blueprint, page_of
from app.attendance.access import is_cohort_coach
from app.auth.access import can_manage
from app.rounds.models import ATTENDANCE_STATUSES, Attendance, Cohort, CohortSession, Enrollment

blp = Blueprint("api_attendance", __name__, description="Attendance at a round's sessions.")


class AttendanceSchema(ma.Schema):
    session_id = ma.fields.Integer(required=True)
    enrollment_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(ATTENDANCE_STATUSES))
    self_checked_in = ma.fields.Boolean(required=True, metadata={
        "description": "The participant checked in with the session's code."})
    recorded_at = ma.fields.AwareDateTime(required=True)


class AttendanceArgs(UpdatedSinceArgs):
    session_id = ma.fields.Integer(load_default=None, validate=ma.validate.Range(1, LARGEST_ID))


def visible_attendance(user, cohort):
    """Everyone's records for the round's organisers and coaches, who record attendance on
    the web; otherwise those of the enrolments the user may see (their own, or their
    guided participants')."""
    if can_manage(user, cohort.program.organisation_id) or is_cohort_coach(user, cohort.id):
        return true()
    return Attendance.enrollment_id.in_(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort.id, visible_enrollments(user)))


@blp.route("/cohorts/<int:cohort_id>/attendance")
@blp.arguments(AttendanceArgs, location="query", as_kwargs=True)
@blp.response(200, AttendanceSchema(many=True))
@blp.paginate()
def list_attendance(cohort_id, updated_since, session_id, pagination_parameters):
    """The round's attendance records that the token's user may see"""
    user = api_user()
    cohort = get_visible(Cohort, cohort_id, visible_cohorts(user))
    query = (select(Attendance)
             .where(Attendance.session_id.in_(
                 select(CohortSession.id).where(CohortSession.cohort_id == cohort.id)),
                 visible_attendance(user, cohort))
             .order_by(Attendance.id))
    if updated_since is not None:
        query = query.where(Attendance.recorded_at >= updated_since)
    if session_id is not None:
        query = query.where(Attendance.session_id == session_id)
    return page_of(query, pagination_parameters)
