"""The cohort's agenda: session times in their venue's zone, and check-in codes."""
import secrets
from zoneinfo import ZoneInfo

# No 0/O, 1/I/L: codes are read off a projector and typed on a phone.
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6


def new_checkin_code():
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def shift_local(moment, zone, days):
    """`moment` moved by `days` keeping its wall-clock time in `zone`, across DST changes."""
    local = moment.astimezone(ZoneInfo(zone))
    return (local.replace(tzinfo=None) + days).replace(tzinfo=ZoneInfo(zone)).astimezone(
        moment.tzinfo)
