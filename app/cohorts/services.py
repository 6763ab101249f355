"""Rules for programs, cohorts and enrolments; each change the audit log should show is
recorded here, with the acting user."""
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.audit.services import record_event
from app.auth import services as accounts
from app.auth.models import COACH, MENTOR, PARTICIPANT
from app.certificates.models import Certificate
from app.cohorts.models import (ENROLLMENT_ROLES, Cohort, CohortSession, Enrollment,
                                OptionalActivity, Organisation, Program, ProgramCourse)
from app.cohorts.schedule import new_checkin_code, shift_local
from app.cohorts.statuses import COHORT_STATUSES
from app.errors import DomainError
from app.extensions import db
from app.models import assign_changes


class CohortFull(DomainError):
    pass


class AlreadyEnrolled(DomainError):
    pass


class NotAllowedInStatus(DomainError):
    pass


def save_organisation(organisation, *, slug, name, short_name, region_code):
    """Create (when `organisation` is None) or update an organising institution."""
    taken = db.session.scalar(select(Organisation.id).where(Organisation.slug == slug))
    if taken is not None and (organisation is None or taken != organisation.id):
        raise DomainError(_("Another organisation already uses the address name %(slug)s.",
                            slug=slug))
    accounts.check_region(region_code)
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.slug, organisation.name, organisation.short_name = slug, name, short_name
    organisation.region_code = region_code or None
    db.session.flush()
    return organisation


def _check_program_slug(organisation_id, slug, program=None):
    taken = db.session.scalar(select(Program.id).filter_by(organisation_id=organisation_id,
                                                           slug=slug))
    if taken is not None and (program is None or taken != program.id):
        raise DomainError(_("The organisation already has a program with the address %(slug)s.",
                            slug=slug))


def create_program(organisation, *, slug, title, description="", spbe_target=None):
    _check_program_slug(organisation.id, slug)
    program = Program(organisation=organisation, slug=slug, title=title,
                      description=description, spbe_target=spbe_target)
    db.session.add(program)
    db.session.flush()
    return program


def update_program(program, *, slug, title, description, spbe_target=None):
    _check_program_slug(program.organisation_id, slug, program)
    program.slug, program.title, program.description = slug, title, description
    program.spbe_target = spbe_target
    db.session.flush()
    return program


def set_program_courses(program, courses):
    """Make `courses` the program's journey, in this order."""
    db.session.execute(delete(ProgramCourse).where(ProgramCourse.program_id == program.id))
    for position, course in enumerate(courses, start=1):
        db.session.add(ProgramCourse(program_id=program.id, course_id=course.id,
                                     position=position))
    db.session.flush()


def set_completion_rules(program, *, min_quiz_score, min_attendance_percent,
                         requires_action_plan, optional_activity_ids):
    """Set what a participant must achieve; activities not named optional are required."""
    program.min_quiz_score = min_quiz_score
    program.min_attendance_percent = min_attendance_percent
    program.requires_action_plan = requires_action_plan
    db.session.execute(delete(OptionalActivity).where(OptionalActivity.program_id == program.id))
    db.session.add_all(OptionalActivity(program_id=program.id, activity_id=activity_id)
                       for activity_id in sorted(set(optional_activity_ids)))
    db.session.flush()


def create_cohort(actor, program, **details):
    """Open a new training round of the program, as a draft."""
    cohort = Cohort(program=program, **details)
    db.session.add(cohort)
    db.session.flush()
    record_event(actor, "cohort.created", cohort=cohort, name=cohort.name)
    return cohort


def update_cohort(actor, cohort, **details):
    if not COHORT_STATUSES[cohort.status].editable:
        raise NotAllowedInStatus(_("An archived round cannot be changed."))
    changed = assign_changes(cohort, details)
    if changed:
        db.session.flush()
        record_event(actor, "cohort.updated", cohort=cohort, fields=changed)
    return cohort


def change_status(actor, cohort, status):
    """Move the cohort along draft → open → running → completed → archived."""
    if status not in COHORT_STATUSES[cohort.status].next:
        raise NotAllowedInStatus(_("A round that is %(old)s cannot become %(new)s.",
                                   old=COHORT_STATUSES[cohort.status].label, new=status))
    old, cohort.status = cohort.status, status
    db.session.flush()
    record_event(actor, "cohort.status_changed", cohort=cohort, old=old, new=status)


def lock_cohort(cohort):
    """Hold the cohort's row until the transaction ends, so parallel changes that count first
    (enrolments one by one, by roster or the API, against the places; bulk issues against
    the running one) take turns; on SQLite the database's write lock serialises them already."""
    db.session.execute(select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())


def enroll(cohort, user, role="participant", *, actor):
    """Put a user in a cohort; participants count against the cohort's capacity."""
    if role not in ENROLLMENT_ROLES:
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
    if role == "participant" and cohort.capacity is not None:
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
ACCOUNT_ROLES = {"participant": PARTICIPANT, "coach": COACH, "mentor": MENTOR}


def participant_count(cohort):
    return db.session.scalar(select(func.count(Enrollment.id)).filter_by(
        cohort_id=cohort.id, role="participant"))


def unenroll(actor, enrollment, user):
    """Take someone out of a round; their completions and attendance go with the enrolment.
    A certificate stays on record, so its holder stays in the round."""
    cohort = enrollment.cohort
    if not COHORT_STATUSES[cohort.status].enrolment:
        raise NotAllowedInStatus(_("Nobody can leave a round that is %(status)s.",
                                   status=COHORT_STATUSES[cohort.status].label))
    if db.session.scalar(select(Certificate.id).filter_by(enrollment_id=enrollment.id)
                         .limit(1)) is not None:
        raise DomainError(_("%(name)s holds a certificate of this round, which stays on "
                            "record; revoke it if it was issued by mistake.", name=user.name))
    db.session.delete(enrollment)
    db.session.flush()
    record_event(actor, "enrollment.removed", cohort=cohort, name=user.name, email=user.email,
                 role=enrollment.role)


def replicate_cohort(actor, source, *, name, starts_on):
    """Start the next round of the same program: same agenda moved to the new start date,
    same coaches, no participants; a draft ready for its roster."""
    shift = starts_on - source.starts_on
    cohort = Cohort(
        program_id=source.program_id, name=name, starts_on=starts_on,
        ends_on=source.ends_on + shift, place=source.place, online=source.online,
        delivery_mode=source.delivery_mode, partner_institution=source.partner_institution,
        timezone=source.timezone, capacity=source.capacity, status="draft",
        replicated_from_id=source.id,
    )
    db.session.add(cohort)
    db.session.flush()
    sessions = db.session.scalars(select(CohortSession).filter_by(cohort_id=source.id)).all()
    for session in sessions:
        db.session.add(CohortSession(
            cohort_id=cohort.id, kind=session.kind, title=session.title,
            description=session.description, timezone=session.timezone, place=session.place,
            meeting_url=session.meeting_url, jp=session.jp, checkin_code=new_checkin_code(),
            starts_at=shift_local(session.starts_at, session.timezone, shift),
            ends_at=shift_local(session.ends_at, session.timezone, shift),
        ))
    coach_ids = db.session.scalars(select(Enrollment.user_id).filter_by(
        cohort_id=source.id, role="coach")).all()
    db.session.add_all(Enrollment(cohort_id=cohort.id, user_id=user_id, role="coach")
                       for user_id in coach_ids)
    db.session.flush()
    record_event(actor, "cohort.replicated", cohort=cohort, name=cohort.name,
                 source=source.name)
    return cohort
