"""Who attended a session: recorded for the whole round by an organiser or coach, or by a
participant's own check-in. Each change is recorded in the audit log, with the acting user."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import clock
from app.attendance.labels import ATTENDANCE_LABELS
from app.audit.services import record_event
from app.errors import DomainError
from app.events import progress_recorded
from app.extensions import db
from app.rounds.models import ATTENDANCE_STATUSES, Attendance, CohortSession, Enrollment, RoundRole
from app.rounds.schedule import checkin_open, checkin_window, format_local_time, normalise_code
from app.rounds.services import AgendaLocked
from app.rounds.statuses import COHORT_STATUSES


# …and count as late when they check in more than this long after the start.
LATE_AFTER = timedelta(minutes=15)


class CheckInRefused(DomainError):
    pass


def record_attendance(actor, session, statuses_by_enrollment_id, now=None):
    """Record the attendance of the cohort's participants at a session; returns the changes
    as [(name, status)].

    Rows given with the status already recorded are left alone (a self check-in stays one);
    the audit log gets one event listing the rows that changed.
    """
    cohort = session.cohort
    if not COHORT_STATUSES[cohort.status].editable:
        raise AgendaLocked(_("The attendance of an archived round cannot be changed."))
    participants = {enrollment.id: enrollment for enrollment in db.session.scalars(
        select(Enrollment).options(joinedload(Enrollment.user))
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT))}
    for enrollment_id, status in statuses_by_enrollment_id.items():
        if enrollment_id not in participants:
            raise DomainError(_("Enrolment %(id)s is not a participant of this round.",
                                id=enrollment_id))
        if status not in ATTENDANCE_STATUSES:
            raise DomainError(_("Unknown attendance status “%(status)s” for %(name)s.",
                                status=status, name=participants[enrollment_id].user.name))
    now = now or clock.now()
    recorded = {attendance.enrollment_id: attendance for attendance in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    changes, changed = [], []
    for enrollment_id, status in statuses_by_enrollment_id.items():
        attendance = recorded.get(enrollment_id)
        if attendance is not None and attendance.status == status:
            continue
        if attendance is None:
            attendance = Attendance(session_id=session.id, enrollment_id=enrollment_id)
            db.session.add(attendance)
        attendance.status = status
        attendance.self_checked_in = False
        attendance.recorded_by_id = actor.id
        attendance.recorded_at = now
        changes.append((participants[enrollment_id].user.name, status))
        changed.append(enrollment_id)
    if not changes:
        return changes
    try:
        db.session.flush()
    except IntegrityError:
        # A participant checked in between our read and this write.
        raise DomainError(_("Someone recorded attendance at the same moment. Look at the list "
                            "again and save it once more.")) from None
    changes.sort()
    record_event(actor, "attendance.recorded", cohort=cohort, session=session.title,
                 changes=", ".join(f"{name}: {status}" for name, status in changes))
    progress_recorded.send(enrollment_ids=changed)
    return changes


def check_in(user, cohort, code, now):
    """Check a participant in to the session of the cohort whose code they typed.

    Open from CHECKIN_OPENS_BEFORE the start until the end; late after LATE_AFTER. What an
    organiser or coach recorded stands: a check-in never overwrites it.
    """
    if not COHORT_STATUSES[cohort.status].check_in:
        raise CheckInRefused(_("Check-in is open only while the round is running; "
                               "%(cohort)s is %(status)s.", cohort=cohort.name,
                               status=COHORT_STATUSES[cohort.status].label))
    enrollment = db.session.scalar(select(Enrollment).filter_by(
        cohort_id=cohort.id, user_id=user.id, role=RoundRole.PARTICIPANT))
    if enrollment is None:
        raise CheckInRefused(_("Only participants of %(cohort)s can check in.",
                               cohort=cohort.name))
    session = session_open_for(cohort, normalise_code(code), now)
    attendance = db.session.scalar(select(Attendance).filter_by(
        session_id=session.id, enrollment_id=enrollment.id))
    if attendance is None:
        status = "present" if now <= session.starts_at + LATE_AFTER else "late"
        attendance = Attendance(session_id=session.id, enrollment_id=enrollment.id,
                                status=status, self_checked_in=True, recorded_by_id=user.id,
                                recorded_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(attendance)
        except IntegrityError:
            # The same check-in sent twice at once: the first one counts.
            attendance = db.session.scalar(select(Attendance).filter_by(
                session_id=session.id, enrollment_id=enrollment.id))
        else:
            record_event(user, "attendance.checked_in", cohort=cohort, name=user.name,
                         session=session.title)
            progress_recorded.send(enrollment_ids=[enrollment.id])
    if not attendance.self_checked_in:
        raise CheckInRefused(_("Your attendance at %(title)s is already recorded as "
                               "“%(status)s” by the organiser or your coach.",
                               title=session.title, status=ATTENDANCE_LABELS[attendance.status]))
    return attendance


def session_open_for(cohort, code, now):
    """The round's session with this check-in code whose check-in is open now; CheckInRefused
    says why there is none. A code used twice means the one open now, else the latest."""
    sessions = db.session.scalars(select(CohortSession).where(
        CohortSession.cohort_id == cohort.id, CohortSession.checkin_code == code)
        .order_by(CohortSession.starts_at)).all()
    if not sessions:
        raise CheckInRefused(_("%(code)s is not the check-in code of a session of this round. "
                               "Check the code shown in the room and try again.", code=code))
    session = next((s for s in sessions if checkin_open(s, now)), sessions[-1])
    opens, closes = checkin_window(session)
    if now < opens:
        raise CheckInRefused(_("Check-in for %(title)s opens at %(time)s, 15 minutes before it "
                               "starts.", title=session.title,
                               time=format_local_time(opens, session.timezone)))
    if now >= closes:
        raise CheckInRefused(_("%(title)s has ended, so its check-in is closed. Ask the "
                               "organiser or your coach to record your attendance.",
                               title=session.title))
    return session
