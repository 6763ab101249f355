"""Loaders for the organiser's pages: each returns the object or 404s when it lies outside
the signed-in user's organisations, so another tenant's data is never even acknowledged."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import ADMIN, ORGANISER
from app.cohorts.models import Cohort, CohortSession, Enrollment, Organisation, Program
from app.extensions import db


def managed_organisation_ids(user):
    """The organisations a user manages, or None for an admin, who manages them all."""
    if user.has_role(ADMIN):
        return None
    return user.organisation_ids(ORGANISER)


def can_manage(user, organisation_id):
    managed = managed_organisation_ids(user)
    return managed is None or organisation_id in managed


def managed_organisations(user):
    """The organisations whose programs the user may create and run, by name."""
    query = select(Organisation).order_by(Organisation.name)
    managed = managed_organisation_ids(user)
    if managed is not None:
        query = query.where(Organisation.id.in_(managed))
    return db.session.scalars(query).all()


def get_managed_program(program_id):
    program = db.session.get(Program, program_id)
    if program is None or not can_manage(current_user, program.organisation_id):
        abort(404)
    return program


def get_managed_cohort(cohort_id):
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_manage(current_user, cohort.program.organisation_id):
        abort(404)
    return cohort


def get_managed_session(session_id):
    session = db.session.get(CohortSession, session_id)
    if session is None or not can_manage(current_user, session.cohort.program.organisation_id):
        abort(404)
    return session


def is_cohort_coach(user, cohort_id):
    return db.session.scalar(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user.id,
        Enrollment.role == "coach")) is not None


def get_attendance_session(session_id):
    """A session whose attendance the user may record: as its organiser or a coach of its
    cohort."""
    session = db.session.get(CohortSession, session_id)
    if session is None or not (can_manage(current_user, session.cohort.program.organisation_id)
                               or is_cohort_coach(current_user, session.cohort_id)):
        abort(404)
    return session
