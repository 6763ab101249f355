"""Read-side queries for the agenda, attendance sheets and calendar feeds; each page or feed
costs a fixed number of queries whatever the cohort's size."""
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, contains_eager

from app.auth.models import User
from app.cohorts.models import ATTENDED, Attendance, Cohort, CohortSession, Enrollment
from app.cohorts.schedule import checkin_open
from app.cohorts.statuses import COHORT_STATUSES
from app.extensions import db


def cohort_sessions(cohort_id):
    return db.session.scalars(
        select(CohortSession).where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.starts_at, CohortSession.id)).all()


def attended_counts(session_ids):
    """{session id: participants present or late}, in one grouped query."""
    counts = dict.fromkeys(session_ids, 0)
    counts.update(db.session.execute(
        select(Attendance.session_id, func.count(Attendance.id))
        .where(Attendance.session_id.in_(session_ids), Attendance.status.in_(ATTENDED))
        .group_by(Attendance.session_id)).all())
    return counts


@dataclass
class SheetRow:
    enrollment: Enrollment
    status: str | None = None
    self_checked_in: bool = False
    recorded_by: str | None = None
    recorded_at: object = None


def attendance_sheet(session):
    """A row per participant of the session's cohort, by name, with what is recorded;
    two queries."""
    enrollments = db.session.scalars(
        select(Enrollment).join(Enrollment.user).options(contains_eager(Enrollment.user))
        .where(Enrollment.cohort_id == session.cohort_id, Enrollment.role == "participant")
        .order_by(User.name, Enrollment.id)).all()
    recorder = aliased(User)
    recorded = {attendance.enrollment_id: (attendance, name) for attendance, name in
                db.session.execute(
                    select(Attendance, recorder.name)
                    .outerjoin(recorder, recorder.id == Attendance.recorded_by_id)
                    .where(Attendance.session_id == session.id))}
    rows = []
    for enrollment in enrollments:
        row = SheetRow(enrollment)
        if enrollment.id in recorded:
            attendance, name = recorded[enrollment.id]
            row.status, row.self_checked_in = attendance.status, attendance.self_checked_in
            row.recorded_by, row.recorded_at = name, attendance.recorded_at
        rows.append(row)
    return rows


@dataclass
class ParticipantAgenda:
    """What a participant's journey page shows of the agenda."""
    cohort: Cohort
    upcoming: list[tuple[CohortSession, str | None]] = field(default_factory=list)
    check_in_now: list[CohortSession] = field(default_factory=list)


def participant_agenda(enrollment, now, limit=5):
    """The sessions still to come or under way, each with my attendance, in one query; and
    those I can check in to right now."""
    cohort = enrollment.cohort
    rows = db.session.execute(
        select(CohortSession, Attendance.status)
        .outerjoin(Attendance, and_(Attendance.session_id == CohortSession.id,
                                    Attendance.enrollment_id == enrollment.id))
        .where(CohortSession.cohort_id == cohort.id, CohortSession.ends_at > now)
        .order_by(CohortSession.starts_at, CohortSession.id).limit(limit)).all()
    agenda = ParticipantAgenda(cohort, [tuple(row) for row in rows])
    if COHORT_STATUSES[cohort.status].check_in:
        agenda.check_in_now = [session for session, status in agenda.upcoming
                               if status is None and checkin_open(session, now)]
    return agenda


def cohort_by_calendar_token(token):
    return db.session.scalar(select(Cohort).where(Cohort.calendar_token == token))


def user_by_calendar_token(token):
    return db.session.scalar(select(User).where(User.calendar_token == token))


def visible_statuses():
    return [name for name, status in COHORT_STATUSES.items() if status.visible]


def user_sessions(user_id, since=None, limit=None):
    """Sessions of every cohort the user is in, whatever their role, leaving out rounds that
    are still drafts."""
    query = (select(CohortSession)
             .join(Enrollment, Enrollment.cohort_id == CohortSession.cohort_id)
             .join(Cohort, Cohort.id == CohortSession.cohort_id)
             .where(Enrollment.user_id == user_id, Cohort.status.in_(visible_statuses()))
             .order_by(CohortSession.starts_at, CohortSession.id))
    if since is not None:
        query = query.where(CohortSession.ends_at > since)
    if limit is not None:
        query = query.limit(limit)
    return db.session.scalars(query).all()
