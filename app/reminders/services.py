"""Due reminders: milestones due soon and sessions tomorrow, each sent once however often the
reminder run repeats (every notification has a dedupe key)."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.links import path_for
from app.mentoring.models import Milestone, Submission
from app.notifications.models import Notification
from app.notifications.services import notify
from app.rounds.models import Cohort, CohortSession, Enrollment, RoundRole

# Milestones are followed up after the round ends, until it is archived.
MILESTONE_COHORT_STATUSES = ("open", "running", "completed")
SESSION_COHORT_STATUSES = ("open", "running")
OPEN_MILESTONE_STATUSES = ("planned", "in_progress")
DAY = timedelta(days=1)


@dataclass(frozen=True)
class DueReminders:
    milestones: int
    sessions: int


def _local_today(now, zone):
    return now.astimezone(ZoneInfo(zone)).date()


def _already_sent(keys):
    """Which (user_id, dedupe_key) pairs have their notification already."""
    if not keys:
        return set()
    # Both lists, not pairs, so the (user_id, dedupe_key) index serves it on every database.
    found = db.session.execute(select(Notification.user_id, Notification.dedupe_key).where(
        Notification.user_id.in_({user_id for user_id, _key in keys}),
        Notification.dedupe_key.in_({key for _user_id, key in keys}))).all()
    return set(found) & set(keys)


def _notify_each(reminders):
    """Send the (user_id, kind, dedupe_key, link, payload) reminders not sent yet; count them."""
    sent = _already_sent([(user_id, key) for user_id, _kind, key, _link, _payload in reminders])
    created = 0
    for user_id, kind, key, link, payload in reminders:
        if (user_id, key) not in sent and notify(user_id, kind, link=link, dedupe_key=key,
                                                 **payload):
            created += 1
    return created


def remind_milestones_due(now, days_before):
    """Remind participants of their action plan's open milestones due within `days_before`
    days (in their round's zone); return how many reminders were created."""
    # A day either side of UTC's dates covers every zone; each row is checked in its own.
    utc_today = now.date()
    rows = db.session.execute(
        select(Milestone, Enrollment.user_id, Enrollment.cohort_id, Cohort.timezone)
        .join(Submission, Submission.id == Milestone.submission_id)
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.user_id)
        .where(Submission.kind == "action_plan",
               Milestone.status.in_(OPEN_MILESTONE_STATUSES),
               Milestone.due_on.between(utc_today - DAY, utc_today + (days_before + 1) * DAY),
               Cohort.status.in_(MILESTONE_COHORT_STATUSES), User.active.is_(True))
        .order_by(Milestone.due_on, Milestone.id)).all()
    reminders = []
    for milestone, user_id, cohort_id, zone in rows:
        today = _local_today(now, zone)
        if today <= milestone.due_on <= today + days_before * DAY:
            reminders.append((user_id, "milestone_due", f"milestone-due:{milestone.id}",
                              path_for("courses.journey", cohort_id=cohort_id),
                              {"title": milestone.title, "due_on": milestone.due_on}))
    return _notify_each(reminders)


def remind_sessions_tomorrow(now):
    """Remind every participant of an open or running round of its sessions that start
    tomorrow in the session's own zone; return how many reminders were created."""
    sessions = db.session.scalars(
        select(CohortSession).join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(Cohort.status.in_(SESSION_COHORT_STATUSES), CohortSession.starts_at > now,
               CohortSession.starts_at < now + 2 * DAY)
        .order_by(CohortSession.starts_at, CohortSession.id)).all()
    tomorrow = [s for s in sessions if s.starts_at.astimezone(ZoneInfo(s.timezone)).date()
                == _local_today(now, s.timezone) + DAY]
    if not tomorrow:
        return 0
    rows = db.session.execute(
        select(Enrollment.cohort_id, Enrollment.user_id)
        .join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id.in_({s.cohort_id for s in tomorrow}),
               Enrollment.role == RoundRole.PARTICIPANT, User.active.is_(True))
        .order_by(Enrollment.id))
    participants = defaultdict(list)  # of each round, in enrolment order
    for cohort_id, user_id in rows:
        participants[cohort_id].append(user_id)
    reminders = [
        (user_id, "session_tomorrow", f"session-tomorrow:{session.id}",
         path_for("courses.journey", cohort_id=session.cohort_id),
         {"title": session.title, "starts": session.starts_at, "timezone": session.timezone})
        for session in tomorrow for user_id in participants[session.cohort_id]]
    return _notify_each(reminders)


def create_due_reminders(now, days_before):
    """Create every reminder that is due at `now`; flushes, the caller commits."""
    return DueReminders(milestones=remind_milestones_due(now, days_before),
                        sessions=remind_sessions_tomorrow(now))
