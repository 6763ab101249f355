"""Signals on the coach's and mentor's home: what about a participant needs their attention.

Each kind is a small class in one registry, with a weight for how urgent it is. A rule reads
only the facts of a home row, which come from grouped queries, so raising the signals of any
number of participants costs no queries. Thresholds come from the configuration.
"""
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_ngettext
from flask_babel import lazy_gettext as _l

from app.learning.pace import participant_status, percent
from app.rounds.models import RoundRole

# A milestone in one of these statuses is no longer expected by its due date.
CLOSED_MILESTONE_STATUSES = ("done", "dropped")


@dataclass(frozen=True)
class Thresholds:
    inactive_days: int = 7
    review_waiting_days: int = 3

    @classmethod
    def from_config(cls, config):
        return cls(inactive_days=config["SIGNAL_INACTIVE_DAYS"],
                   review_waiting_days=config["SIGNAL_REVIEW_WAITING_DAYS"])


@dataclass(frozen=True)
class Signal:
    """A signal raised for one participant: its kind's key, weight and badge, and what it says
    about this participant."""
    key: str
    weight: int
    badge: str  # Bootstrap's badge classes; `text` says the same in words
    text: str


class SignalRule:
    key = ""
    label = ""
    weight = 1
    badge = "text-bg-secondary"

    def detail(self, row, thresholds, now):
        """What the signal says about the row's participant, or None when it is not raised."""
        raise NotImplementedError

    def check(self, row, thresholds, now):
        text = self.detail(row, thresholds, now)
        return None if text is None else Signal(self.key, self.weight, self.badge, text)


def waited_longer_than(since, days, now):
    """Whether more than `days` whole days have passed since the moment `since`."""
    return since is not None and now - since > timedelta(days=days)


def milestone_overdue(due_on, status, today):
    """A milestone is overdue once its due day has passed and it is neither done nor dropped."""
    return due_on < today and status not in CLOSED_MILESTONE_STATUSES


class ReviewWaiting(SignalRule):
    """Work the participant submitted waits for the coach's review; the coach's own to-do."""
    key = "review_waiting"
    label = _l("Waiting for your review")
    weight = 3
    badge = "text-bg-danger"

    def detail(self, row, thresholds, now):
        since = row.oldest_waiting_review
        if row.role != RoundRole.COACH \
                or not waited_longer_than(since, thresholds.review_waiting_days, now):
            return None
        return lazy_ngettext("Submission waiting for your review for %(num)d day",
                             "Submission waiting for your review for %(num)d days",
                             (now - since).days)


class EndorsementWaiting(SignalRule):
    """The coach approved the action plan and it waits for the mentor's endorsement; the
    mentor's own to-do."""
    key = "endorsement_waiting"
    label = _l("Waiting for your endorsement")
    weight = 3
    badge = "text-bg-danger"

    def detail(self, row, thresholds, now):
        plan = row.plan
        if row.role != RoundRole.MENTOR or plan is None or plan.status != "approved" \
                or not waited_longer_than(plan.approved_at, thresholds.review_waiting_days, now):
            return None
        return lazy_ngettext("Approved plan waiting for your endorsement for %(num)d day",
                             "Approved plan waiting for your endorsement for %(num)d days",
                             (now - plan.approved_at).days)


class OverdueMilestone(SignalRule):
    key = "milestone_overdue"
    label = _l("Overdue milestone")
    weight = 2
    badge = "text-bg-danger"

    def detail(self, row, thresholds, now):
        # The row holds the plan's open milestones by due day.
        overdue = sum(count for due_on, count in row.open_milestones_due.items()
                      if due_on < row.today)
        if not overdue:
            return None
        return lazy_ngettext("%(num)d milestone overdue", "%(num)d milestones overdue", overdue)


class BehindPace(SignalRule):
    """Behind by the cohort dashboard's rule: more than BEHIND_BY points below the pace the
    round's calendar expects. Only while the round is under way."""
    key = "behind"
    label = _l("Behind the round's pace")
    weight = 2
    badge = "text-bg-warning"

    def detail(self, row, thresholds, now):
        done = percent(row.progress)
        if not row.under_way or participant_status(
                complete=False, progress=done, expected=row.expected, attendance=None,
                min_attendance=None) != "behind":
            return None
        return _l("Behind the round's pace: %(done)s%% done, %(expected)s%% expected",
                  done=round(done), expected=round(row.expected))


class Inactive(SignalRule):
    """No activity of the participant's own for N days, while the round is under way."""
    key = "inactive"
    label = _l("No recent activity")
    weight = 1
    badge = "text-bg-warning"

    def detail(self, row, thresholds, now):
        if not row.under_way or row.inactive_for is None \
                or row.inactive_for < timedelta(days=thresholds.inactive_days):
            return None
        return lazy_ngettext("No activity for %(num)d day", "No activity for %(num)d days",
                             row.inactive_for.days)


# The most urgent first: the order badges are shown in.
SIGNAL_RULES = {rule.key: rule for rule in (
    ReviewWaiting(), EndorsementWaiting(), OverdueMilestone(), BehindPace(), Inactive())}


def raise_signals(row, thresholds, now):
    """The signals raised for a home row, most urgent first."""
    return [signal for rule in SIGNAL_RULES.values()
            if (signal := rule.check(row, thresholds, now)) is not None]


def urgency(row):
    """The sort key of the home: the heaviest signals first, then the longest inactive."""
    return (-sum(signal.weight for signal in row.signals), -(row.days_inactive or 0),
            row.user.name.lower(), row.enrollment.id)
