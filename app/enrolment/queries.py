"""Read-side queries for the people of a round."""
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.extensions import db
from app.rounds.models import Enrollment


def enrollments_with_people(cohort_id):
    """The cohort's enrolments with their users, by role then name."""
    return db.session.scalars(
        select(Enrollment).join(User, User.id == Enrollment.user_id)
        .options(contains_eager(Enrollment.user))
        .where(Enrollment.cohort_id == cohort_id)
        .order_by(Enrollment.role, User.name)).all()
