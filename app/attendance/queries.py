"""Read-side queries for the attendance sheet and the participant's agenda; each costs a
fixed number of queries whatever the round's size."""
from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased, contains_eager

from app.auth.models import User
from app.extensions import db
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment, RoundRole
from app.rounds.schedule import checkin_open
from app.rounds.statuses import COHORT_STATUSES


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
        .where(Enrollment.cohort_id == session.cohort_id, Enrollment.role == RoundRole.PARTICIPANT)
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
