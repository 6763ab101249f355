"""Rules for putting people in a round and taking them out; each change is recorded in the
audit log, with the acting user."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.services import record_event
from app.auth import services as accounts
from app.auth.models import Role
from app.errors import DomainError
from app.events import enrollment_leaving
from app.extensions import db
from app.rounds.models import Enrollment, RoundRole
from app.rounds.services import NotAllowedInStatus, lock_cohort
from app.rounds.statuses import COHORT_STATUSES


class CohortFull(DomainError):
    pass


class AlreadyEnrolled(DomainError):
    pass


def enroll(cohort, user, role=RoundRole.PARTICIPANT, *, actor):
    """Put a user in a cohort; participants count against the cohort's capacity."""
    if role not in tuple(RoundRole):
        raise DomainError(_("Unknown cohort role %(role)s.", role=role))
    if not COHORT_STATUSES[cohort.status].enrolment:
        raise NotAllowedInStatus(_("Nobody can join a round that is %(status)s.",
                                   status=COHORT_STATUSES[cohort.status].label))
    lock_cohort(cohort)
    existing = db.session.scalar(
        select(Enrollment).filter_by(cohort_id=cohort.id, user_id=user.id))
    if existing is not None:
        raise AlreadyEnrolled(_("%(name)s is already in %(cohort)s.",
                                name=user.name, cohort=cohort.name))
    if role == RoundRole.PARTICIPANT and cohort.capacity is not None:
        if participant_count(cohort) >= cohort.capacity:
            raise CohortFull(_("%(cohort)s is full (%(capacity)d places).",
                               cohort=cohort.name, capacity=cohort.capacity))
    enrollment = Enrollment(cohort=cohort, user_id=user.id, role=role)
    db.session.add(enrollment)
    db.session.flush()
    record_event(actor, "enrollment.added", cohort=cohort, name=user.name, email=user.email,
                 role=role)
    return enrollment


def enroll_person(actor, cohort, *, email, role, name="", nip=None, position="",
                  institution="", region_code=None):
    """Enrol someone by email: their existing account, or a new one from the details given,
    without a password until its owner is invited to choose one."""
    user = accounts.find_user_by_email(email)
    if user is None:
        if not name:
            raise DomainError(_("Nobody has an account with %(email)s yet: give their full name "
                                "to create one.", email=email))
        user = accounts.create_user(
            email=email, name=name, nip=nip,
            position=position, institution=institution, region_code=region_code)
    if role in ACCOUNT_ROLES:
        accounts.grant_role(user, ACCOUNT_ROLES[role])
    return enroll(cohort, user, role, actor=actor)


# The account-wide role a cohort role brings, which opens that role's pages; observers only look.
# An examiner is usually a trainer (widyaiswara): the coach's pages are theirs, scoped like a
# coach's to the participants assigned to them.
ACCOUNT_ROLES = {RoundRole.PARTICIPANT: Role.PARTICIPANT, RoundRole.COACH: Role.COACH,
                 RoundRole.MENTOR: Role.MENTOR, RoundRole.EXAMINER: Role.COACH}


def participant_count(cohort):
    return db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=cohort.id, role=RoundRole.PARTICIPANT))


def unenroll(actor, enrollment, user):
    """Take someone out of a round; their completions and attendance go with the enrolment.
    A certificate stays on record, so its holder stays in the round."""
    cohort = enrollment.cohort
    if not COHORT_STATUSES[cohort.status].enrolment:
        raise NotAllowedInStatus(_("Nobody can leave a round that is %(status)s.",
                                   status=COHORT_STATUSES[cohort.status].label))
    enrollment_leaving.send(enrollment=enrollment, name=user.name)
    db.session.delete(enrollment)
    db.session.flush()
    record_event(actor, "enrollment.removed", cohort=cohort, name=user.name, email=user.email,
                 role=enrollment.role)
