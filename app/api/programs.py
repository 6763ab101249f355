"""Programs: the learning journeys, their courses and completion rules."""
import marshmallow as ma
from sqlalchemy import select

from app.api.auth import api_user
from app.api.schemas import OrganisationRef, UpdatedSinceArgs
from app.api.scopes import get_visible, visible_programs
from app.api.spec import Blueprint, page_of
from app.rounds.models import Program
from app.rounds.queries import program_courses

blp = Blueprint("api_programs", __name__, description="Learning journeys and their rules.")


class ProgramCourseSchema(ma.Schema):
    position = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True, attribute="course.slug")
    title = ma.fields.String(required=True, attribute="course.title")
    jp = ma.fields.Decimal(required=True, as_string=True, attribute="course.jp",
                           metadata={"description": "Lesson hours (jam pelajaran)."})


class ProgramSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    organisation = ma.fields.Nested(OrganisationRef, required=True)
    min_quiz_score = ma.fields.Integer(allow_none=True, required=True)
    min_attendance_percent = ma.fields.Integer(allow_none=True, required=True)
    requires_action_plan = ma.fields.Boolean(required=True)
    spbe_target = ma.fields.Decimal(allow_none=True, required=True, as_string=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class ProgramDetailSchema(ProgramSchema):
    courses = ma.fields.List(ma.fields.Nested(ProgramCourseSchema), required=True)


class ProgramArgs(UpdatedSinceArgs):
    organisation = ma.fields.String(load_default=None,
                                    metadata={"description": "An organisation's slug."})


@blp.route("/programs")
@blp.arguments(ProgramArgs, location="query", as_kwargs=True)
@blp.response(200, ProgramSchema(many=True))
@blp.paginate()
def list_programs(updated_since, organisation, pagination_parameters):
    """The programs the token's user may see"""
    query = select(Program).where(visible_programs(api_user())).order_by(Program.id)
    if updated_since is not None:
        query = query.where(Program.updated_at >= updated_since)
    if organisation is not None:
        query = query.where(Program.organisation.has(slug=organisation))
    return page_of(query, pagination_parameters)


@blp.route("/programs/<int:program_id>")
@blp.response(200, ProgramDetailSchema)
def get_program(program_id):
    """One program with its courses in journey order"""
    program = get_visible(Program, program_id, visible_programs(api_user()))
    program.courses = program_courses(program.id)
    return program
