"""Rules for organisations, programs, cohorts and enrolments."""
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.cohorts.models import ENROLLMENT_ROLES, Enrollment, ProgramCourse
from app.errors import DomainError
from app.extensions import db


class CohortFull(DomainError):
    pass


class AlreadyEnrolled(DomainError):
    pass


def set_program_courses(program, courses):
    """Make `courses` the program's journey, in this order."""
    db.session.execute(delete(ProgramCourse).where(ProgramCourse.program_id == program.id))
    for position, course in enumerate(courses, start=1):
        db.session.add(ProgramCourse(program_id=program.id, course_id=course.id,
                                     position=position))
    db.session.flush()


def enroll(cohort, user, role="participant"):
    """Put a user in a cohort; participants count against the cohort's capacity."""
    if role not in ENROLLMENT_ROLES:
        raise DomainError(_("Unknown cohort role %(role)s.", role=role))
    existing = db.session.scalar(
        select(Enrollment).filter_by(cohort_id=cohort.id, user_id=user.id))
    if existing is not None:
        raise AlreadyEnrolled(_("%(name)s is already in %(cohort)s.",
                                name=user.name, cohort=cohort.name))
    if role == "participant" and cohort.capacity is not None:
        taken = db.session.scalar(select(func.count(Enrollment.id)).filter_by(
            cohort_id=cohort.id, role="participant"))
        if taken >= cohort.capacity:
            raise CohortFull(_("%(cohort)s is full (%(capacity)d places).",
                               cohort=cohort.name, capacity=cohort.capacity))
    enrollment = Enrollment(cohort=cohort, user_id=user.id, role=role)
    db.session.add(enrollment)
    db.session.flush()
    return enrollment
