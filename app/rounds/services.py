"""Rules for programs, training rounds and their agendas; each change the audit log should
show is recorded here, with the acting user."""
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.audit.services import record_event
from app.errors import DomainError
from app.extensions import db
from app.models import assign_changes, new_token
from app.rounds.models import RoundRole
from app.rounds.models import (DEFAULT_TIMEZONE, SESSION_KINDS, Attendance, Cohort, CohortSession,
                               Enrollment, OptionalActivity, Program, ProgramCourse)
from app.rounds.schedule import is_known_zone, new_checkin_code, shift_local
from app.rounds.statuses import COHORT_STATUSES


class NotAllowedInStatus(DomainError):
    pass


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
        cohort_id=source.id, role=RoundRole.COACH)).all()
    db.session.add_all(Enrollment(cohort_id=cohort.id, user_id=user_id, role=RoundRole.COACH)
                       for user_id in coach_ids)
    db.session.flush()
    record_event(actor, "cohort.replicated", cohort=cohort, name=cohort.name,
                 source=source.name)
    return cohort


SESSION_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "timezone", "place",
                  "meeting_url", "jp")


class AgendaLocked(DomainError):
    pass


def _check_agenda_editable(cohort):
    if not COHORT_STATUSES[cohort.status].editable:
        raise AgendaLocked(_("The agenda of an archived round cannot be changed."))


def _check_session(values):
    if values["kind"] not in SESSION_KINDS:
        raise DomainError(_("Unknown kind of session %(kind)s.", kind=values["kind"]))
    if not is_known_zone(values["timezone"]):
        raise DomainError(_("Unknown time zone %(zone)s.", zone=values["timezone"]))
    if values["ends_at"] <= values["starts_at"]:
        raise DomainError(_("A session must end after it starts."))
    if values["jp"] < 0:
        raise DomainError(_("JP cannot be negative."))


def create_session(actor, cohort, *, kind, title, starts_at, ends_at, timezone=DEFAULT_TIMEZONE,
                   description="", place="", meeting_url="", jp=0):
    """Add a session to the cohort's agenda, with a fresh check-in code."""
    _check_agenda_editable(cohort)
    values = dict(kind=kind, title=title, description=description, starts_at=starts_at,
                  ends_at=ends_at, timezone=timezone, place=place, meeting_url=meeting_url,
                  jp=jp)
    _check_session(values)
    session = CohortSession(cohort=cohort, checkin_code=new_checkin_code(), **values)
    db.session.add(session)
    db.session.flush()
    record_event(actor, "session.created", cohort=cohort, title=title)
    return session


def update_session(actor, session, **details):
    """Change a session's details; only the fields that differ are audited."""
    _check_agenda_editable(session.cohort)
    unknown = set(details) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"not session fields: {sorted(unknown)}")
    _check_session({name: details.get(name, getattr(session, name)) for name in SESSION_FIELDS})
    changed = assign_changes(session, details)
    if changed:
        db.session.flush()
        record_event(actor, "session.updated", cohort=session.cohort, title=session.title,
                     fields=changed)
    return session


def delete_session(actor, session):
    """Take a session off the agenda; its attendance records go with it, as the log says."""
    cohort = session.cohort
    _check_agenda_editable(cohort)
    records = db.session.scalar(select(func.count(Attendance.id)).where(
        Attendance.session_id == session.id))
    db.session.delete(session)
    db.session.flush()
    record_event(actor, "session.deleted", cohort=cohort, title=session.title, records=records)


def renew_calendar_token(user):
    """Replace the user's calendar token, so the old link stops working."""
    user.calendar_token = new_token()
    db.session.flush()
    return user.calendar_token
