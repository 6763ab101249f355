"""Loaders for the attendance pages: the session, or 404 for whoever may not record it."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import can_manage
from app.extensions import db
from app.rounds.models import CohortSession, Enrollment, RoundRole


def is_cohort_coach(user, cohort_id):
    return db.session.scalar(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user.id,
        Enrollment.role == RoundRole.COACH)) is not None


def get_attendance_session(session_id):
    """A session whose attendance the user may record: as its organiser or a coach of its
    cohort."""
    session = db.session.get(CohortSession, session_id)
    if session is None or not (can_manage(current_user, session.cohort.program.organisation_id)
                               or is_cohort_coach(current_user, session.cohort_id)):
        abort(404)
    return session
