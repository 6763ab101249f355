"""The token's own user and calendar feeds."""
import marshmallow as ma
from flask_babel import gettext as _
from sqlalchemy import select

from app.api.auth import api_user
from app.api.schemas import OrganisationRef
from app.api.scopes import managed_cohort_clause
from app.api.spec import Blueprint
from app.auth.models import Role
from app.extensions import db
from app.links import absolute_url, path_for
from app.rounds.models import Cohort

blp = Blueprint("api_me", __name__, description="The token's own user and calendar feeds.")

CALENDAR_KINDS = ("personal", "cohort")


class RoleSchema(ma.Schema):
    role = ma.fields.String(required=True,
                            validate=ma.validate.OneOf([role.value for role in Role]))
    organisation = ma.fields.Nested(OrganisationRef, required=True, allow_none=True)


class CalendarSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(CALENDAR_KINDS))
    cohort_id = ma.fields.Integer(required=True, allow_none=True,
                                  metadata={"description": "The round of a cohort feed."})
    name = ma.fields.String(required=True)
    url = ma.fields.String(required=True, metadata={
        "format": "uri", "description": "The private iCalendar address: keep it secret."})


class MeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    nip = ma.fields.String(required=True, allow_none=True)
    position = ma.fields.String(required=True)
    institution = ma.fields.String(required=True)
    region_code = ma.fields.String(required=True, allow_none=True)
    locale = ma.fields.String(required=True)
    roles = ma.fields.List(ma.fields.Nested(RoleSchema), required=True, attribute="role_grants")
    calendars = ma.fields.List(ma.fields.Nested(CalendarSchema), required=True)


def feed_url(kind, token):
    return absolute_url(path_for(f"sessions.{kind}_feed", token=token))


def calendars(user):
    """The feeds the user may subscribe to: their personal one, and those of the rounds they
    run that are not archived."""
    feeds = [{"kind": "personal", "cohort_id": None,
              "name": _("Madangan — %(name)s", name=user.name),
              "url": feed_url("user", user.calendar_token)}]
    for cohort in db.session.scalars(
            select(Cohort).where(managed_cohort_clause(user), Cohort.status != "archived")
            .order_by(Cohort.starts_on, Cohort.id)):
        feeds.append({"kind": "cohort", "cohort_id": cohort.id,
                      "name": f"{cohort.program.title} — {cohort.name}",
                      "url": feed_url("cohort", cohort.calendar_token)})
    return feeds


@blp.route("/me")
@blp.response(200, MeSchema)
def get_me():
    """The token's user, their roles and the calendar feeds they may subscribe to"""
    user = api_user()
    return {**{name: getattr(user, name) for name in (
        "id", "name", "email", "nip", "position", "institution", "region_code", "locale",
        "role_grants")}, "calendars": calendars(user)}
