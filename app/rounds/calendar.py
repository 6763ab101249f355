"""iCalendar feeds of the agenda, which calendar apps subscribe to at a private URL.

Each session keeps its UID across edits, so a subscribed calendar updates the event instead of
adding a new one; times carry the venue's TZID, with its VTIMEZONE in the feed.
"""
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal
from flask_babel import gettext as _
from icalendar import Calendar, Event, vDuration

from app.rounds.labels import SESSION_KIND_LABELS

PRODID = "-//Madangan//Agenda//EN"
# How often calendar apps should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=6)


def session_uid(session, domain):
    return f"session-{session.id}@{domain}"


def build_feed(name, uid, sessions, *, domain, now, with_cohort=False):
    """The feed as bytes: one event per session; `with_cohort` names each session's round,
    for feeds that mix rounds."""
    calendar = Calendar.new(name=name, uid=uid, prodid=PRODID,
                            refresh_interval=REFRESH_INTERVAL)
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # as RFC 7986 asks
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))  # Outlook's name for it
    for session in sessions:
        calendar.add_component(session_event(session, domain, now, with_cohort))
    if sessions:
        # VTIMEZONEs that cover just the feed's dates stay short, even for zones with DST.
        calendar.add_missing_timezones(
            first_date=min(s.starts_at for s in sessions).date() - timedelta(days=1),
            last_date=max(s.ends_at for s in sessions).date() + timedelta(days=1))
    return calendar.to_ical()


def session_event(session, domain, now, with_cohort=False):
    zone = ZoneInfo(session.timezone)
    event = Event.new(
        uid=session_uid(session, domain), stamp=now, summary=session.title,
        start=session.starts_at.astimezone(zone), end=session.ends_at.astimezone(zone),
        description=describe(session, with_cohort),
        categories=[str(SESSION_KIND_LABELS[session.kind])])
    if session.place:
        event.location = session.place
    elif session.meeting_url:
        event.location = session.meeting_url
    if session.meeting_url:
        event.url = session.meeting_url
    return event


def describe(session, with_cohort):
    lines = [session.description.strip()] if session.description.strip() else []
    if with_cohort:
        lines.append(_("Training round: %(cohort)s", cohort=session.cohort.name))
    if session.meeting_url:
        lines.append(_("Meeting link: %(url)s", url=session.meeting_url))
    lines.append(_("%(jp)s JP", jp=format_decimal(session.jp)))
    return "\n\n".join(lines)
