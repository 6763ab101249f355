"""What coaches and mentors see of the participants they guide."""
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from app.cohorts.models import Cohort, Enrollment
from app.extensions import db

GUIDE_ROLES = ("coach", "mentor")


def guided_participants(user):
    """Participant enrollments of every cohort the user guides as coach or mentor."""
    guide = aliased(Enrollment)
    return db.session.scalars(
        select(Enrollment)
        .join(guide, guide.cohort_id == Enrollment.cohort_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(guide.user_id == user.id, guide.role.in_(GUIDE_ROLES),
               Enrollment.role == "participant")
        .options(joinedload(Enrollment.user))
        .order_by(Cohort.starts_on.desc(), Enrollment.cohort_id, Enrollment.id)
    ).all()
