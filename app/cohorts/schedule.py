"""The cohort's agenda: session times in their venue's zone, check-in codes, and who attended.

Times are stored in UTC and shown in the session's own zone. Each change the audit log should
show is recorded here, with the acting user.
"""
import secrets
from datetime import timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_date, format_datetime, format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import clock
from app.audit.services import record_event
from app.cohorts.models import (ATTENDANCE_STATUSES, DEFAULT_TIMEZONE, SESSION_KINDS,
                                Attendance, CohortSession, Enrollment)
from app.cohorts.statuses import COHORT_STATUSES
from app.errors import DomainError
from app.events import progress_recorded
from app.extensions import db
from app.models import assign_changes, new_token

# No 0/O, 1/I/L: codes are read off a projector and typed on a phone.
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6
# Participants may check in from this long before the start until the end…
CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
# …and count as late when they check in more than this long after the start.
LATE_AFTER = timedelta(minutes=15)

SESSION_KIND_LABELS = {
    "lecture": _l("Lecture"),
    "site_visit": _l("Site visit"),
    "forum": _l("Forum"),
    "coaching_clinic": _l("Coaching clinic"),
}
ATTENDANCE_LABELS = {
    "present": _l("Present"),
    "late": _l("Late"),
    "excused": _l("Excused"),
    "absent": _l("Absent"),
}
SESSION_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "timezone", "place",
                  "meeting_url", "jp")


class AgendaLocked(DomainError):
    pass


class CheckInRefused(DomainError):
    pass


def new_checkin_code():
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def normalise_code(code):
    """A typed check-in code as stored: capitals, without the spaces or dashes people add."""
    return "".join(code.split()).replace("-", "").upper()


def shift_local(moment, zone, days):
    """`moment` moved by `days` keeping its wall-clock time in `zone`, across DST changes."""
    local = moment.astimezone(ZoneInfo(zone))
    return (local.replace(tzinfo=None) + days).replace(tzinfo=ZoneInfo(zone)).astimezone(
        moment.tzinfo)


@cache
def _known_zones():
    return frozenset(available_timezones())


def is_known_zone(zone):
    """Whether zoneinfo knows the IANA zone `zone` (e.g. Asia/Jakarta)."""
    return zone in _known_zones()


# --- Showing times in the venue's zone --------------------------------------------------------

def _locale():
    return get_locale() or "id"


def zone_abbreviation(moment, zone):
    """The zone's everyday name at that moment (WIB, KST, AEDT), else its UTC offset."""
    name = moment.astimezone(ZoneInfo(zone)).tzname() or ""
    return name if name[:1].isalpha() else f"UTC{name}"


def format_local_time(moment, zone, with_date=False):
    """E.g. "07.45 WIB", or with the date "17/11/26 07.45 WIB"."""
    formatter = format_datetime if with_date else format_time
    time = formatter(moment, "short", tzinfo=ZoneInfo(zone), locale=_locale())
    return f"{time} {zone_abbreviation(moment, zone)}"


def format_session_time(starts_at, ends_at, zone):
    """E.g. "Selasa, 17 November 2026, 08.00–10.00 WIB", both ends given in the venue's zone."""
    tz, locale = ZoneInfo(zone), _locale()
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    start_day = format_date(start.date(), "full", locale=locale)
    start_time = format_time(starts_at, "short", tzinfo=tz, locale=locale)
    end_time = format_time(ends_at, "short", tzinfo=tz, locale=locale)
    if start.date() == end.date():
        when = f"{start_day}, {start_time}–{end_time}"
    else:
        end_day = format_date(end.date(), "full", locale=locale)
        when = f"{start_day}, {start_time} – {end_day}, {end_time}"
    return f"{when} {zone_abbreviation(ends_at, zone)}"


def checkin_window(session):
    """(opens, closes) of the session's self check-in, in UTC."""
    return session.starts_at - CHECKIN_OPENS_BEFORE, session.ends_at


def checkin_open(session, now):
    opens, closes = checkin_window(session)
    return opens <= now < closes


# --- Sessions ---------------------------------------------------------------------------------

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


# --- Attendance -------------------------------------------------------------------------------

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
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == "participant"))}
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
        cohort_id=cohort.id, user_id=user.id, role="participant"))
    if enrollment is None:
        raise CheckInRefused(_("Only participants of %(cohort)s can check in.",
                               cohort=cohort.name))
    code = normalise_code(code)
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


# --- Calendar subscriptions -------------------------------------------------------------------

def renew_calendar_token(user):
    """Replace the user's calendar token, so the old link stops working."""
    user.calendar_token = new_token()
    db.session.flush()
    return user.calendar_token
