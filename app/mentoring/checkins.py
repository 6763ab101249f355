"""Rules for the conversations coaches and mentors log, and for the coach's follow-ups of what
was implemented after the round. Each function flushes and audits; the caller commits."""
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import User
from app.errors import DomainError
from app.extensions import db
from app.mentoring.access import guide_role
from app.mentoring.models import IMPLEMENTATION_LEVELS, CheckIn, FollowUp
from app.rounds.models import Enrollment, RoundRole


class NotYourParticipant(DomainError):
    pass


class NotYourCheckIn(DomainError):
    pass


class CoachOnly(DomainError):
    pass


class FollowUpTooEarly(DomainError):
    pass


def _participant_name(enrollment):
    return db.session.scalar(select(User.name).where(User.id == enrollment.user_id))


def _require_guide(actor, enrollment):
    """The actor's role as the participant's assigned coach or mentor; refuses anyone else."""
    role = guide_role(actor, enrollment) if enrollment.role == RoundRole.PARTICIPANT else None
    if role is None:
        raise NotYourParticipant(_("Only the participant's coach or mentor may do this."))
    return role


def _require_author(actor, check_in):
    _require_guide(actor, db.session.get(Enrollment, check_in.enrollment_id))
    if check_in.author_id != actor.id:
        raise NotYourCheckIn(_("Only the author of a check-in may change it."))


def log_check_in(actor, enrollment, held_on, notes, next_steps, shared):
    """Record a conversation with a participant: private to the actor unless `shared`."""
    _require_guide(actor, enrollment)
    check_in = CheckIn(enrollment_id=enrollment.id, author_id=actor.id, held_on=held_on,
                       notes=notes, next_steps=next_steps, shared=shared)
    db.session.add(check_in)
    db.session.flush()
    record_event(actor, "checkin.logged", cohort=enrollment.cohort,
                 name=_participant_name(enrollment), held_on=held_on.isoformat())
    return check_in


def update_check_in(actor, check_in, held_on, notes, next_steps, shared):
    """Change one of the actor's own check-ins, including whether the participant sees it."""
    _require_author(actor, check_in)
    check_in.held_on, check_in.notes, check_in.next_steps = held_on, notes, next_steps
    check_in.shared = shared
    db.session.flush()
    return check_in


def delete_check_in(actor, check_in):
    """Delete one of the actor's own check-ins."""
    _require_author(actor, check_in)
    db.session.delete(check_in)
    db.session.flush()


def record_follow_up(actor, enrollment, months_after, recorded_on, implementation, notes):
    """Record, or correct, what the coach found implemented `months_after` the round; one
    follow-up per participant and number of months."""
    if _require_guide(actor, enrollment) != RoundRole.COACH:
        raise CoachOnly(_("Only the participant's coach records follow-ups."))
    if implementation not in IMPLEMENTATION_LEVELS:
        raise ValueError(f"unknown implementation level {implementation!r}")
    cohort = enrollment.cohort
    if recorded_on <= cohort.ends_on:
        raise FollowUpTooEarly(_("A follow-up is recorded after the round, whose last day is "
                                 "%(date)s.", date=format_date(cohort.ends_on)))
    follow_up = db.session.scalar(select(FollowUp).filter_by(enrollment_id=enrollment.id,
                                                             months_after=months_after))
    if follow_up is None:
        follow_up = FollowUp(enrollment_id=enrollment.id, months_after=months_after)
        db.session.add(follow_up)
    follow_up.author_id, follow_up.recorded_on = actor.id, recorded_on
    follow_up.implementation, follow_up.notes = implementation, notes
    db.session.flush()
    record_event(actor, "followup.recorded", cohort=cohort, name=_participant_name(enrollment),
                 months=months_after, implementation=implementation)
    return follow_up
