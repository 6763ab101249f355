"""Who takes part in a round, and enrolling people."""
import marshmallow as ma
from flask_babel import gettext as _
from flask_smorest import abort

from app.api.auth import api_user
from app.api.enrollment_queries import enrollments_with_people, of_cohort_by_email
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import LARGEST_ID, get_visible, visible_cohorts, visible_enrollments
from app.api.spec import Blueprint, page_of
from app.auth import invitations
from app.auth.access import can_manage
from app.enrolment import roster as rosters
from app.extensions import db
from app.rounds.models import Cohort, Enrollment, RoundRole

blp = Blueprint("api_enrollments", __name__,
                description="Who takes part in a round, and enrolling people.")
MAX_ENROLLMENTS = 1000
ROUND_ROLES = [role.value for role in RoundRole]


class PersonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    nip = ma.fields.String(required=True, allow_none=True,
                           metadata={"description": "The civil servant's 18-digit NIP."})
    position = ma.fields.String(required=True)
    institution = ma.fields.String(required=True)
    region_code = ma.fields.String(required=True, allow_none=True,
                                   metadata={"description": "Kemendagri code, e.g. 32.11."})


class EnrollmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROUND_ROLES))
    enrolled_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    coach_id = ma.fields.Integer(required=True, allow_none=True)
    mentor_id = ma.fields.Integer(required=True, allow_none=True)
    person = ma.fields.Nested(PersonSchema, required=True, attribute="user")


class EnrollmentArgs(UpdatedSinceArgs):
    cohort_id = ma.fields.Integer(load_default=None, validate=ma.validate.Range(1, LARGEST_ID))
    role = ma.fields.String(load_default=None, validate=ma.validate.OneOf(ROUND_ROLES))


def without_nul(value):
    """Databases cannot store NUL characters; refuse them before the roster rules run."""
    if "\x00" in value:
        raise ma.ValidationError(_("Text may not contain NUL characters."))


def _optional(description=None):
    metadata = {"description": description} if description else {}
    return ma.fields.String(load_default=None, allow_none=True, validate=without_nul,
                            metadata=metadata)


class NewEnrollmentSchema(ma.Schema):
    """One person to enrol, checked like a row of a roster file."""

    name = ma.fields.String(required=True, validate=without_nul)
    email = ma.fields.String(required=True, validate=without_nul, metadata={
        "description": "Someone who already has an account is matched by this email."})
    nip = _optional("18 digits.")
    position = _optional()
    institution = _optional()
    region_code = _optional("Kemendagri code, e.g. 32.11.")
    role = _optional("participant (the default), coach, mentor or observer.")
    coach_email = _optional("For a participant: a coach in this request or in the round.")
    mentor_email = _optional("For a participant: a mentor in this request or in the round.")


class NewEnrollmentsSchema(ma.Schema):
    enrollments = ma.fields.List(
        ma.fields.Nested(NewEnrollmentSchema), required=True,
        validate=ma.validate.Length(min=1, max=MAX_ENROLLMENTS))


@blp.route("/enrollments")
@blp.arguments(EnrollmentArgs, location="query", as_kwargs=True)
@blp.response(200, EnrollmentSchema(many=True))
@blp.paginate()
def list_enrollments(updated_since, cohort_id, role, pagination_parameters):
    """The enrolments the token's user may see"""
    query = enrollments_with_people(visible_enrollments(api_user()))
    if updated_since is not None:
        query = query.where(Enrollment.updated_at >= updated_since)
    if cohort_id is not None:
        query = query.where(Enrollment.cohort_id == cohort_id)
    if role is not None:
        query = query.where(Enrollment.role == role)
    return page_of(query, pagination_parameters)


@blp.route("/enrollments/<int:enrollment_id>")
@blp.response(200, EnrollmentSchema)
def get_enrollment(enrollment_id):
    """One enrolment"""
    get_visible(Enrollment, enrollment_id, visible_enrollments(api_user()))
    return db.session.scalar(enrollments_with_people(Enrollment.id == enrollment_id))


@blp.route("/cohorts/<int:cohort_id>/enrollments")
@blp.response(200, EnrollmentSchema(many=True))
@blp.paginate()
def list_cohort_enrollments(cohort_id, pagination_parameters):
    """The round's enrolments that the token's user may see"""
    user = api_user()
    get_visible(Cohort, cohort_id, visible_cohorts(user))
    query = enrollments_with_people(Enrollment.cohort_id == cohort_id, visible_enrollments(user))
    return page_of(query, pagination_parameters)


@blp.route("/cohorts/<int:cohort_id>/enrollments", methods=["POST"])
@blp.arguments(NewEnrollmentsSchema)
@blp.response(201, EnrollmentSchema(many=True))
def enroll(body, cohort_id):
    """Enrol people in the round, all or nobody, under the rules of a roster import"""
    user = api_user()
    cohort = get_visible(Cohort, cohort_id, visible_cohorts(user))
    if not can_manage(user, cohort.program.organisation_id):
        abort(403, message=_("Only the round's organisers may enrol people in it."))
    try:
        roster = rosters.enroll_records(user, cohort, body["enrollments"])
    except rosters.RosterHasProblems as error:  # raised before anything was written
        abort(422, message=_("The enrolments have problems, so nobody was enrolled."),
              errors=[problem_error(problem) for problem in error.roster.problems])
    invitations.send_invitations(roster.invitees, user)  # sent once this commits
    db.session.commit()
    return of_cohort_by_email(cohort.id, [row.email for row in roster.rows])


def problem_error(problem):
    """A roster problem as an error of the problem details, naming the item and its field."""
    error = {"detail": str(problem.message)}
    if problem.row is not None:
        error["row"] = problem.row
        error["pointer"] = f"#/enrollments/{problem.row - 1}" + (
            f"/{problem.column}" if problem.column else "")
    return error
