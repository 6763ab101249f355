"""What a token's user may see through the API: exactly what the web pages show them.

An admin sees everything; an organiser, their organisations' programs and everything under
them; a coach or mentor, the participants they guide; everyone, their own enrolments. Each
function returns a WHERE clause, so lists are filtered in SQL and pages count only what the
user may see. Anything else is answered 404, never 403: another tenant's data is not even
acknowledged.
"""
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import false, or_, select, true

from app.auth.access import managed_organisation_ids
from app.extensions import db
from app.rounds.models import Cohort, Enrollment, Program
from app.rounds.statuses import visible_statuses

# Integer keys are 32-bit on PostgreSQL; a larger number in a URL names nothing.
LARGEST_ID = 2**31 - 1


def _managed_program_ids(managed):
    return select(Program.id).where(Program.organisation_id.in_(managed))


def _involved_cohort_ids(user):
    """Rounds the user is enrolled in, or guides someone in."""
    return select(Enrollment.cohort_id).where(or_(
        Enrollment.user_id == user.id, Enrollment.coach_id == user.id,
        Enrollment.mentor_id == user.id))


def visible_enrollments(user):
    managed = managed_organisation_ids(user)
    if managed is None:
        return true()
    return or_(
        Enrollment.user_id == user.id, Enrollment.coach_id == user.id,
        Enrollment.mentor_id == user.id,
        Enrollment.cohort_id.in_(select(Cohort.id).where(
            Cohort.program_id.in_(_managed_program_ids(managed)))) if managed else false())


def visible_cohorts(user):
    """Managed rounds, and the rounds the user takes part in once they are no longer drafts."""
    managed = managed_organisation_ids(user)
    if managed is None:
        return true()
    return or_(
        Cohort.program_id.in_(_managed_program_ids(managed)) if managed else false(),
        (Cohort.id.in_(_involved_cohort_ids(user)) & Cohort.status.in_(visible_statuses())))


def visible_programs(user):
    managed = managed_organisation_ids(user)
    if managed is None:
        return true()
    return or_(
        Program.organisation_id.in_(managed) if managed else false(),
        Program.id.in_(select(Cohort.program_id).where(
            Cohort.id.in_(_involved_cohort_ids(user)),
            Cohort.status.in_(visible_statuses()))))


def managed_cohort_clause(user):
    """Rounds the user runs as organiser (or admin): where enrolling people is allowed."""
    managed = managed_organisation_ids(user)
    if managed is None:
        return true()
    return Cohort.program_id.in_(_managed_program_ids(managed)) if managed else false()


def get_visible(model, identity, clause):
    """The object with this primary key if `clause` lets the user see it; else 404."""
    found = None
    if isinstance(identity, str) or 0 < identity <= LARGEST_ID:
        found = db.session.scalar(select(model).where(
            model.__mapper__.primary_key[0] == identity, clause))
    if found is None:
        abort(404, message=_("Nothing with this identifier exists that this token may see."))
    return found
