"""What a coach or mentor sees of one participant they guide: progress course by course, the
sessions attended, their work, milestones, check-ins and follow-ups, in a fixed number of
queries."""
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import defaultload, joinedload, lazyload

from app.auth.models import User
from app.content.models import Activity, Course
from app.extensions import db
from app.learning.queries import Progress
from app.mentoring.models import CheckIn, FollowUp, Milestone, Submission
from app.mentoring.queries import MenteeRow, required_done, mentee_rows
from app.rounds.models import Attendance, CohortSession, Enrollment, ProgramCourse


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
        required_done(ProgramCourse.position, Course.id, Course.title)
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
