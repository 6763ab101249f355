"""What coaches and mentors see of the participants assigned to them: one row per participant
across every round for their home, and one participant's overview.

A participant is guided by a user only when the user is their assigned coach or mentor. The
rows of any number of participants cost the same fixed number of grouped queries.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, union_all
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.content.models import Activity
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.learning.pace import cohort_today, expected_progress
from app.learning.queries import Progress
from app.mentoring import signals
from app.mentoring.access import guide_role
from app.mentoring.models import Milestone, Review, Submission
from app.mentoring.plans import STATUS_LABELS
from app.rounds.models import RoundRole
from app.rounds.models import (ATTENDED, Attendance, Cohort, CohortSession, Enrollment,
                               OptionalActivity, ProgramCourse)
from app.rounds.statuses import COHORT_STATUSES

# None: the participant has not started an action plan.
PLAN_STATUS_LABELS = {None: _l("Not started"), **STATUS_LABELS}


@dataclass
class PlanState:
    submission_id: int
    status: str
    submitted_at: datetime | None
    approved_at: datetime | None  # the latest approval, as far as the reviews tell


@dataclass
class MenteeRow:
    enrollment: Enrollment
    user: User
    role: RoundRole  # the viewer's: COACH or MENTOR
    progress: Progress  # of the activities the program requires, as on the cohort dashboard
    attendance: Progress  # done: sessions attended; total: sessions held so far
    plan: PlanState | None
    last_activity: datetime | None
    inactive_for: timedelta | None  # since the last activity, or the round's start
    today: date  # at the round's venue
    expected: float  # the round's pace, 0–100
    open_milestones_due: dict[date, int]  # the plan's open milestones by due day, up to today
    oldest_waiting_review: datetime | None  # when the longest-waiting submission came in
    signals: list = field(default_factory=list)

    @property
    def cohort(self):
        return self.enrollment.cohort

    @property
    def plan_status(self):
        return self.plan.status if self.plan is not None else None

    @property
    def attendance_percent(self):
        return self.attendance.percent if self.attendance.total else None

    @property
    def under_way(self):
        """Whether the participant is expected to be learning: the round is open or running."""
        return COHORT_STATUSES[self.cohort.status].learning

    @property
    def days_inactive(self):
        if self.inactive_for is None or self.inactive_for < timedelta(0):
            return None
        return self.inactive_for.days


# --- who guides whom -------------------------------------------------------------------------

def guided_participants(user):
    """A select of the participant enrollments the user is assigned to as coach or mentor,
    in every round, with their users and rounds loaded."""
    return (select(Enrollment)
            .join(Enrollment.user).join(Enrollment.cohort)
            .where(or_(Enrollment.coach_id == user.id, Enrollment.mentor_id == user.id),
                   Enrollment.role == RoundRole.PARTICIPANT)
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants),
                     contains_eager(Enrollment.cohort))
            .order_by(func.lower(User.name), Enrollment.id))


# --- the grouped facts of many participants ---------------------------------------------------

def required_done(*keys):
    """A select of (*keys, activities required, of them done), grouped by `keys`, over the live
    activities each enrollment's program requires (its optional ones left out)."""
    optional = (select(OptionalActivity.id)
                .where(OptionalActivity.program_id == Cohort.program_id,
                       OptionalActivity.activity_id == Activity.id)
                .exists())
    return (select(*keys, func.count(Activity.id), func.count(Completion.id))
            .select_from(Enrollment)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(ProgramCourse, ProgramCourse.program_id == Cohort.program_id)
            .join(Activity, Activity.course_id == ProgramCourse.course_id)
            .outerjoin(Completion, and_(Completion.activity_id == Activity.id,
                                        Completion.enrollment_id == Enrollment.id))
            .where(Activity.archived_at.is_(None), ~optional)
            .group_by(*keys))


def required_progress(enrollment_ids):
    """{enrollment id: Progress} over each one's program's required activities, whatever
    program each follows, in one grouped query."""
    progress = {enrollment_id: Progress() for enrollment_id in enrollment_ids}
    rows = db.session.execute(required_done(Enrollment.id)
                              .where(Enrollment.id.in_(enrollment_ids)))
    progress.update({enrollment_id: Progress(done, total) for enrollment_id, total, done in rows})
    return progress


def attendance_shares(enrollment_ids, now):
    """{enrollment id: Progress of sessions attended (present or late) of those of its round
    held by `now`}, in one grouped query."""
    shares = {enrollment_id: Progress() for enrollment_id in enrollment_ids}
    rows = db.session.execute(
        select(Enrollment.id, func.count(CohortSession.id), func.count(Attendance.id))
        .join(CohortSession, CohortSession.cohort_id == Enrollment.cohort_id)
        .outerjoin(Attendance, and_(Attendance.session_id == CohortSession.id,
                                    Attendance.enrollment_id == Enrollment.id,
                                    Attendance.status.in_(ATTENDED)))
        .where(Enrollment.id.in_(enrollment_ids), CohortSession.ends_at <= now)
        .group_by(Enrollment.id))
    shares.update({enrollment_id: Progress(attended, held)
                   for enrollment_id, held, attended in rows})
    return shares


def action_plans(enrollment_ids):
    """{enrollment id: PlanState} of those who have started an action plan, in one query."""
    approved_at = (select(func.max(Review.created_at))
                   .where(Review.submission_id == Submission.id, Review.decision == "approved")
                   .scalar_subquery())
    rows = db.session.execute(
        select(Submission.enrollment_id, Submission.id, Submission.status,
               Submission.submitted_at, approved_at, Submission.updated_at)
        .where(Submission.enrollment_id.in_(enrollment_ids), Submission.kind == "action_plan"))
    return {enrollment_id: PlanState(submission_id, status, submitted_at,
                                     approved or (updated if status == "approved" else None))
            for enrollment_id, submission_id, status, submitted_at, approved, updated in rows}


def waiting_reviews(enrollment_ids):
    """{enrollment id: when its longest-waiting submitted work came in}, in one grouped query."""
    return dict(db.session.execute(
        select(Submission.enrollment_id, func.min(Submission.submitted_at))
        .where(Submission.enrollment_id.in_(enrollment_ids), Submission.status == "submitted",
               Submission.submitted_at.is_not(None))
        .group_by(Submission.enrollment_id)).all())


def open_milestones_due(enrollment_ids, before):
    """{enrollment id: {due day: milestones}} of the action plans' milestones neither done nor
    dropped that are due before `before`, in one grouped query."""
    rows = db.session.execute(
        select(Submission.enrollment_id, Milestone.due_on, func.count(Milestone.id))
        .join(Milestone, Milestone.submission_id == Submission.id)
        .where(Submission.enrollment_id.in_(enrollment_ids), Submission.kind == "action_plan",
               Milestone.status.not_in(signals.CLOSED_MILESTONE_STATUSES),
               Milestone.due_on < before)
        .group_by(Submission.enrollment_id, Milestone.due_on))
    due = {enrollment_id: {} for enrollment_id in enrollment_ids}
    for enrollment_id, due_on, count in rows:
        due[enrollment_id][due_on] = count
    return due


def last_activity(enrollment_ids):
    """{enrollment id: the latest moment of the participant's own doing} — a completion, a quiz
    attempt, work saved or submitted, a session attended — in one query."""
    def latest(column, enrollment_id, *conditions, join=None):
        query = select(enrollment_id.label("enrollment_id"), func.max(column).label("at"))
        if join is not None:
            query = query.join(*join)
        return query.where(enrollment_id.in_(enrollment_ids), *conditions).group_by(enrollment_id)

    # Self check-ins say when the participant acted; attendance someone else recorded counts
    # from the session's start.
    attended_at = case((Attendance.self_checked_in, Attendance.recorded_at),
                       else_=CohortSession.starts_at)
    moments = union_all(
        latest(Completion.completed_at, Completion.enrollment_id),
        latest(QuizAttempt.submitted_at, QuizAttempt.enrollment_id),
        latest(Submission.updated_at, Submission.enrollment_id),
        latest(Submission.submitted_at, Submission.enrollment_id),
        latest(attended_at, Attendance.enrollment_id, Attendance.status.in_(ATTENDED),
               join=(CohortSession, CohortSession.id == Attendance.session_id)),
    ).subquery()
    return dict(db.session.execute(
        select(moments.c.enrollment_id, func.max(moments.c.at))
        .where(moments.c.at.is_not(None))
        .group_by(moments.c.enrollment_id)).all())


def round_start(cohort):
    """The first moment of the round's first day at its venue."""
    return datetime.combine(cohort.starts_on, time(0), ZoneInfo(cohort.timezone))


def mentee_rows(viewer, enrollments, now, thresholds):
    """A row per enrollment (users and rounds loaded) with progress, attendance, action plan,
    last activity and the signals `viewer` should see, in seven grouped queries."""
    ids = [enrollment.id for enrollment in enrollments]
    if not ids:
        return []
    todays = {enrollment.id: cohort_today(enrollment.cohort, now) for enrollment in enrollments}
    progress, attendance = required_progress(ids), attendance_shares(ids, now)
    plans, waiting, latest = action_plans(ids), waiting_reviews(ids), last_activity(ids)
    due = open_milestones_due(ids, before=max(todays.values()))
    rows = []
    for enrollment in enrollments:
        last = latest.get(enrollment.id)
        row = MenteeRow(
            enrollment=enrollment, user=enrollment.user, role=guide_role(viewer, enrollment),
            progress=progress[enrollment.id], attendance=attendance[enrollment.id],
            plan=plans.get(enrollment.id), last_activity=last,
            inactive_for=now - (last or round_start(enrollment.cohort)),
            today=todays[enrollment.id],
            expected=expected_progress(enrollment.cohort, todays[enrollment.id]),
            open_milestones_due=due[enrollment.id],
            oldest_waiting_review=waiting.get(enrollment.id))
        row.signals = signals.raise_signals(row, thresholds, now)
        rows.append(row)
    return rows


def home_rows(viewer, now, thresholds):
    """Every participant `viewer` coaches or mentors, across rounds, the most urgent first."""
    enrollments = db.session.scalars(guided_participants(viewer)).all()
    return sorted(mentee_rows(viewer, enrollments, now, thresholds), key=signals.urgency)
