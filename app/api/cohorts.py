"""Training rounds (cohorts) and their agendas."""
import marshmallow as ma
from flask import url_for
from sqlalchemy import select

from app.api.auth import api_user
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import LARGEST_ID, get_visible, visible_cohorts
from app.api.spec import Blueprint, page_of
from app.auth.access import can_manage
from app.rounds.models import DELIVERY_MODES, SESSION_KINDS, Cohort, CohortSession
from app.rounds.statuses import COHORT_STATUSES

blp = Blueprint("api_cohorts", __name__,
                description="Training rounds (cohorts) and their agendas.")


class ProgramRef(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class CohortSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    program = ma.fields.Nested(ProgramRef, required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(list(COHORT_STATUSES)))
    delivery_mode = ma.fields.String(required=True, validate=ma.validate.OneOf(DELIVERY_MODES))
    place = ma.fields.String(required=True)
    online = ma.fields.Boolean(required=True)
    partner_institution = ma.fields.String(required=True)
    timezone = ma.fields.String(required=True, metadata={"example": "Asia/Jakarta"})
    capacity = ma.fields.Integer(required=True, allow_none=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    calendar_url = ma.fields.String(required=True, allow_none=True, metadata={
        "description": "The round's private iCalendar feed, for those who run it; null for "
                       "everyone else. Whoever has the address can read the agenda."})


class SessionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(SESSION_KINDS))
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    timezone = ma.fields.String(required=True)
    place = ma.fields.String(required=True)
    meeting_url = ma.fields.String(required=True)
    jp = ma.fields.Decimal(required=True, as_string=True, metadata={
        "example": "2.00", "description": "Lesson hours (jam pelajaran)."})


class CohortArgs(UpdatedSinceArgs):
    program_id = ma.fields.Integer(load_default=None, validate=ma.validate.Range(1, LARGEST_ID))
    status = ma.fields.String(load_default=None,
                              validate=ma.validate.OneOf(list(COHORT_STATUSES)))


def with_calendar_urls(cohorts, user):
    """The cohorts, each with the address of its feed if the user runs it, else None."""
    for cohort in cohorts:
        cohort.calendar_url = (
            url_for("sessions.cohort_feed", token=cohort.calendar_token, _external=True)
            if can_manage(user, cohort.program.organisation_id) else None)
    return cohorts


@blp.route("/cohorts")
@blp.arguments(CohortArgs, location="query", as_kwargs=True)
@blp.response(200, CohortSchema(many=True))
@blp.paginate()
def list_cohorts(updated_since, program_id, status, pagination_parameters):
    """The rounds the token's user may see"""
    user = api_user()
    query = select(Cohort).where(visible_cohorts(user)).order_by(Cohort.id)
    if updated_since is not None:
        query = query.where(Cohort.updated_at >= updated_since)
    if program_id is not None:
        query = query.where(Cohort.program_id == program_id)
    if status is not None:
        query = query.where(Cohort.status == status)
    return with_calendar_urls(page_of(query, pagination_parameters), user)


@blp.route("/cohorts/<int:cohort_id>")
@blp.response(200, CohortSchema)
def get_cohort(cohort_id):
    """One round"""
    user = api_user()
    return with_calendar_urls([get_visible(Cohort, cohort_id, visible_cohorts(user))], user)[0]


@blp.route("/cohorts/<int:cohort_id>/sessions")
@blp.response(200, SessionSchema(many=True))
@blp.paginate()
def list_sessions(cohort_id, pagination_parameters):
    """The round's agenda, in order of time"""
    get_visible(Cohort, cohort_id, visible_cohorts(api_user()))
    query = (select(CohortSession).where(CohortSession.cohort_id == cohort_id)
             .order_by(CohortSession.starts_at, CohortSession.id))
    return page_of(query, pagination_parameters)
