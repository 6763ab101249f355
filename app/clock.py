"""The one clock. Every "now", "today" and "this year" of the app is read here, so a test can
set the time the whole app sees, and a calendar day is always cut in a named time zone: the
organisation's (the `TIMEZONE` setting), or a round's own where its sessions are held.

Nothing else in app/ reads the system's time (tests/test_clock.py reads the source to hold
that).
"""
from datetime import datetime, timedelta, timezone
from time import monotonic
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app


class Travel(NamedTuple):
    """Where travel() moved the clock: to `moment`, going on from the monotonic reading
    `since`, or standing still when `since` is None."""
    moment: datetime
    since: float | None


_travel = None


def now():
    """The current instant, timezone-aware, in UTC."""
    travel = _travel
    if travel is None:
        return datetime.now(timezone.utc)
    if travel.since is None:
        return travel.moment
    return travel.moment + timedelta(seconds=monotonic() - travel.since)


def organisation_zone():
    """The organisation's time zone: its calendar dates certificates and cuts JP years."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_now(zone=None):
    """Now in `zone` (a ZoneInfo or its name), the organisation's by default."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    return now().astimezone(zone or organisation_zone())


def today(zone=None):
    """Today's date in `zone` (a ZoneInfo or its name), the organisation's by default."""
    return local_now(zone).date()


def this_year():
    """The organisation's current calendar year."""
    return today().year


def travel_to(moment, *, tick=True):
    """Make the whole app's clock read `moment` (aware), going on from there when `tick`,
    else standing still; returns the setting it replaced, for restore(). For tests, whose
    outcome must not depend on the day they run."""
    global _travel
    if moment.tzinfo is None:
        raise ValueError("travel_to() needs an aware datetime")
    replaced = _travel
    _travel = Travel(moment.astimezone(timezone.utc), monotonic() if tick else None)
    return replaced


def restore(setting):
    """Put back a setting that travel_to() returned (None: the real time)."""
    global _travel
    _travel = setting


def zone_abbreviation(moment, zone):
    """The zone's everyday name at that moment (WIB, KST, AEDT), else its UTC offset."""
    name = moment.astimezone(ZoneInfo(zone)).tzname() or ""
    return name if name[:1].isalpha() else f"UTC{name}"
