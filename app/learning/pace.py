"""Where a participant keeping pace with their round would be, and whether one is behind."""
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l


# A participant more than this many percentage points below the expected pace is behind.
BEHIND_BY = 20


@dataclass(frozen=True)
class ParticipantStatus:
    label: str
    badge: str  # Bootstrap's badge classes; the label says the same in words


PARTICIPANT_STATUSES = {
    "on_track": ParticipantStatus(_l("On track"), "text-bg-primary"),
    "behind": ParticipantStatus(_l("Behind"), "text-bg-warning"),
    "completed": ParticipantStatus(_l("Completed"), "text-bg-success"),
}


def participant_status(*, complete, progress, expected, attendance, min_attendance):
    """The participant's status on the dashboard.

    "completed" when the program's completion rules are all met; "behind" when `progress` is
    more than BEHIND_BY points below the `expected` pace, or when `attendance` (the share of
    the sessions held so far that they attended; None before any was held) is below the
    program's `min_attendance` percent; "on_track" otherwise. Shares are percentages 0–100.
    """
    if complete:
        return "completed"
    if expected - progress > BEHIND_BY:
        return "behind"
    if attendance is not None and min_attendance and attendance < min_attendance:
        return "behind"
    return "on_track"


def cohort_today(cohort, now):
    """The calendar day at the round's venue at the moment `now`."""
    return now.astimezone(ZoneInfo(cohort.timezone)).date()


def expected_progress(cohort, today):
    """Where a participant keeping pace would be (0–100): the share of the span from the
    round's first to its last day that has passed by `today`."""
    if today <= cohort.starts_on:
        return 0.0
    if today >= cohort.ends_on:
        return 100.0
    return 100 * (today - cohort.starts_on).days / (cohort.ends_on - cohort.starts_on).days


def percent(progress):
    """The exact share of a Progress in percent, 100 when nothing is asked."""
    return 100 * progress.done / progress.total if progress.total else 100.0
