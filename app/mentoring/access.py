"""Who may see and act on a participant's mentoring: their assigned coach and mentor only."""
from flask import abort
from flask_login import current_user

from app.extensions import db
from app.rounds.models import Enrollment, RoundRole


def guide_role(user, enrollment):
    """RoundRole.COACH or MENTOR when the user is assigned to guide this participant, else None."""
    if enrollment.coach_id == user.id:
        return RoundRole.COACH
    if enrollment.mentor_id == user.id:
        return RoundRole.MENTOR
    return None


def get_guided_enrollment(enrollment_id):
    """A participant's enrollment that the signed-in user coaches or mentors; 404 otherwise."""
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.role != RoundRole.PARTICIPANT \
            or guide_role(current_user, enrollment) is None:
        abort(404)
    return enrollment
