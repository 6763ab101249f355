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
from sqlalchemy.orm import contains_eager, defaultload, joinedload, lazyload

from app.auth.models import User
from app.content.models import Activity, Course
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.learning.pace import cohort_today, expected_progress
from app.learning.queries import Progress
from app.mentoring import signals
from app.mentoring.access import guide_role
from app.mentoring.models import CheckIn, FollowUp, Milestone, Review, Submission
from app.mentoring.plans import STATUS_LABELS
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
    role: str  # the viewer's: "coach" or "mentor"
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
                   Enrollment.role == "participant")
            .options(contains_eager(Enrollment.user).lazyload(User.role_grants),
                     contains_eager(Enrollment.cohort))
            .order_by(func.lower(User.name), Enrollment.id))


# --- the grouped facts of many participants ---------------------------------------------------

def _required_done(*keys):
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
    rows = db.session.execute(_required_done(Enrollment.id)
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


# --- one participant -------------------------------------------------------------------------

@dataclass
class CourseProgress:
    title: str
    progress: Progress


@dataclass
class SessionAttendance:
    session: CohortSession
    status: str | None  # None: nothing recorded
    held: bool


def course_progress(enrollment):
    """[CourseProgress] over the required activities, course by course in journey order."""
    rows = db.session.execute(
        _required_done(ProgramCourse.position, Course.id, Course.title)
        .join(Course, Course.id == ProgramCourse.course_id)
        .where(Enrollment.id == enrollment.id)
        .order_by(ProgramCourse.position))
    return [CourseProgress(title, Progress(done, total))
            for _position, _id, title, total, done in rows]


def session_attendance(enrollment, now):
    """The round's sessions in order, each with the participant's attendance status."""
    rows = db.session.execute(
        select(CohortSession, Attendance.status)
        .outerjoin(Attendance, and_(Attendance.session_id == CohortSession.id,
                                    Attendance.enrollment_id == enrollment.id))
        .where(CohortSession.cohort_id == enrollment.cohort_id)
        .options(lazyload(CohortSession.cohort))
        .order_by(CohortSession.starts_at, CohortSession.id))
    return [SessionAttendance(session, status, session.ends_at <= now) for session, status in rows]


def submissions(enrollment):
    """[(submission, its activity's title or None)]: the action plan first, then assignments."""
    return db.session.execute(
        select(Submission, Activity.title)
        .outerjoin(Activity, Activity.id == Submission.activity_id)
        .where(Submission.enrollment_id == enrollment.id)
        .options(lazyload(Submission.enrollment))
        .order_by(Submission.kind != "action_plan", Submission.id)).all()


def milestones(enrollment):
    """The milestones of the participant's action plan, in the plan's order."""
    return db.session.scalars(
        select(Milestone).join(Submission, Submission.id == Milestone.submission_id)
        .where(Submission.enrollment_id == enrollment.id, Submission.kind == "action_plan")
        .order_by(Milestone.position, Milestone.id)).all()


def _check_ins(enrollment, *conditions):
    return db.session.scalars(
        select(CheckIn).where(CheckIn.enrollment_id == enrollment.id, *conditions)
        .options(defaultload(CheckIn.author).lazyload(User.role_grants))
        .order_by(CheckIn.held_on.desc(), CheckIn.id.desc())).all()


def visible_check_ins(enrollment, viewer):
    """The check-ins of a participant that `viewer` may read: their own, and the shared ones."""
    return _check_ins(enrollment, or_(CheckIn.shared, CheckIn.author_id == viewer.id))


def shared_check_ins(enrollment):
    """The check-ins shared with the participant, newest first."""
    return _check_ins(enrollment, CheckIn.shared)


def follow_ups(enrollment):
    return db.session.scalars(select(FollowUp).where(FollowUp.enrollment_id == enrollment.id)
                              .order_by(FollowUp.months_after)).all()


def guides(enrollment):
    """(coach, mentor) of a participant, each a User or None, in one query."""
    ids = [i for i in (enrollment.coach_id, enrollment.mentor_id) if i is not None]
    users = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_(ids)).options(lazyload(User.role_grants)))} if ids else {}
    return users.get(enrollment.coach_id), users.get(enrollment.mentor_id)


@dataclass
class Overview:
    """A participant's page for their coach or mentor."""
    row: MenteeRow
    courses: list[CourseProgress]
    sessions: list[SessionAttendance]
    submissions: list
    milestones: list[Milestone]
    check_ins: list[CheckIn]
    follow_ups: list[FollowUp]


def with_user(enrollment):
    """The enrollment with its user loaded (which it never loads by itself)."""
    return db.session.scalars(
        select(Enrollment).where(Enrollment.id == enrollment.id)
        .options(joinedload(Enrollment.user).lazyload(User.role_grants))
        .execution_options(populate_existing=True)).one()


def participant_overview(enrollment, viewer, now, thresholds):
    """Everything the participant's page shows `viewer`, in a fixed number of queries."""
    enrollment = with_user(enrollment)
    [row] = mentee_rows(viewer, [enrollment], now, thresholds)
    return Overview(row=row, courses=course_progress(enrollment),
                    sessions=session_attendance(enrollment, now),
                    submissions=submissions(enrollment), milestones=milestones(enrollment),
                    check_ins=visible_check_ins(enrollment, viewer),
                    follow_ups=follow_ups(enrollment))
