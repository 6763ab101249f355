"""The agenda's clock: session times in their venue's zone, check-in codes and windows.

Times are stored in UTC and shown in the session's own zone."""
import secrets
from datetime import timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_date, format_datetime, format_time
from flask_babel import get_locale

from app.clock import zone_abbreviation


# No 0/O, 1/I/L: codes are read off a projector and typed on a phone.
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6
# Participants may check in from this long before the start until the end…
CHECKIN_OPENS_BEFORE = timedelta(minutes=15)


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


def _locale():
    return get_locale() or "id"


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
