"""Queries behind the enrolment and progress endpoints, each a select the views paginate."""
from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import contains_eager, lazyload

from app.auth.models import User
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.mentoring.models import Submission
from app.rounds.models import Attendance, Enrollment


def enrollments_with_people(*clauses):
    """A select of the enrolments matching `clauses`, their people loaded, in id order."""
    return (select(Enrollment).join(Enrollment.user).where(*clauses)
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants))
            .order_by(Enrollment.id))


def of_cohort_by_email(cohort_id, emails):
    """The cohort's enrolments of the people with these (lower-case) emails."""
    return db.session.scalars(enrollments_with_people(
        Enrollment.cohort_id == cohort_id, func.lower(User.email).in_(emails))
        .options(lazyload(Enrollment.cohort))).all()


# What a participant does, with the moment it happened, for "last activity" and for sync.
def _activity_moments():
    return (
        (Completion.enrollment_id, Completion.completed_at),
        (QuizAttempt.enrollment_id, QuizAttempt.submitted_at),
        (Attendance.enrollment_id, Attendance.recorded_at),
        (Submission.enrollment_id, Submission.updated_at),
    )


def changed_since(since):
    """Enrolments changed at or after `since`: the enrolment itself, or any completion, quiz
    attempt, attendance record or mentoring submission of theirs."""
    return or_(Enrollment.updated_at >= since, *(
        Enrollment.id.in_(select(enrollment_id).where(moment >= since))
        for enrollment_id, moment in _activity_moments()))


def last_activity(enrollment_ids):
    """{enrollment id: the latest moment they completed, attempted, attended or submitted
    something}, in one grouped query."""
    if not enrollment_ids:
        return {}
    moments = union_all(*(
        select(enrollment_id.label("enrollment_id"), func.max(moment).label("at"))
        .where(enrollment_id.in_(enrollment_ids)).group_by(enrollment_id)
        for enrollment_id, moment in _activity_moments())).subquery()
    return dict(db.session.execute(
        select(moments.c.enrollment_id, func.max(moments.c.at))
        .group_by(moments.c.enrollment_id)).all())
