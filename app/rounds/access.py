"""Loaders for the organiser's pages: each returns the object or 404s when it lies outside
the signed-in user's organisations, so another tenant's data is never even acknowledged."""
from flask import abort
from flask_login import current_user

from app.auth.access import can_manage
from app.extensions import db
from app.rounds.models import Cohort, CohortSession, Program


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
