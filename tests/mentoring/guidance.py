"""Builders for the tests of the coach's and mentor's pages: a fixed clock, work under review
and milestones with chosen dates, and participants assigned in bulk."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert, select

from app.auth.models import User
from app.content.models import Activity
from app.extensions import db
from app.learning.models import Completion
from app.mentoring.models import Milestone, Review, Submission
from app.mentoring.queries import home_rows
from app.mentoring.signals import Thresholds
from app.rounds.models import Attendance, Enrollment

# 12:00 WIB on the cast's round's eleventh day (16 November – 11 December 2026).
NOW = datetime(2026, 11, 26, 5, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 26)
THRESHOLDS = Thresholds(inactive_days=7, review_waiting_days=3)


def switch_user(client, sign_in, user):
    """Sign out whoever is signed in, then sign `user` in."""
    client.post("/sign-out", data={})
    sign_in(user)


def rows_for(user, now=NOW, thresholds=THRESHOLDS):
    return home_rows(user, now, thresholds)


def only_row(user, now=NOW, thresholds=THRESHOLDS):
    [row] = rows_for(user, now, thresholds)
    return row


def signal_keys(row):
    return [signal.key for signal in row.signals]


def add_plan(enrollment, status="draft", submitted_at=None, updated_at=NOW - timedelta(days=30)):
    """The participant's action plan, last saved at `updated_at`."""
    plan = Submission(enrollment_id=enrollment.id, kind="action_plan", status=status,
                      content={}, created_at=updated_at, updated_at=updated_at,
                      submitted_at=submitted_at)
    db.session.add(plan)
    db.session.flush()
    return plan


def add_assignment(enrollment, activity, status="submitted", submitted_at=NOW):
    work = Submission(enrollment_id=enrollment.id, kind="assignment", activity_id=activity.id,
                      status=status, content={}, created_at=submitted_at,
                      updated_at=submitted_at, submitted_at=submitted_at)
    db.session.add(work)
    db.session.flush()
    return work


def add_review(submission, decision, at, reviewer=None):
    review = Review(submission_id=submission.id, decision=decision, created_at=at,
                    reviewer_id=reviewer.id if reviewer else None)
    db.session.add(review)
    db.session.flush()
    return review


def add_milestone(plan, due_on, status="planned", title="Draft the regent's regulation",
                  position=1):
    milestone = Milestone(submission_id=plan.id, position=position, title=title, due_on=due_on,
                          status=status)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def complete(enrollment, activity, at):
    db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                              completed_at=at))
    db.session.flush()


def first_activity():
    return db.session.scalars(select(Activity).order_by(Activity.course_id, Activity.position)
                              ).first()


def add_mentees(cohort, count, *, coach=None, mentor=None, session=None, start=0):
    """`count` participants of `cohort` assigned to `coach` and `mentor`, in bulk, each with a
    completion, a submitted action plan with two milestones, and attendance at `session`."""
    activity = first_activity()
    numbers = range(start, start + count)
    user_ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [{"email": f"mentee{n}@bulk.example", "name": f"Mentee {n:04d}",
          "password_hash": "unusable"} for n in numbers]).all()
    enrollment_ids = db.session.scalars(
        insert(Enrollment).returning(Enrollment.id, sort_by_parameter_order=True),
        [{"cohort_id": cohort.id, "user_id": user_id, "role": "participant",
          "coach_id": coach.id if coach else None, "mentor_id": mentor.id if mentor else None}
         for user_id in user_ids]).all()
    db.session.execute(insert(Completion), [
        {"enrollment_id": enrollment_id, "activity_id": activity.id,
         "completed_at": NOW - timedelta(days=n % 10)}
        for n, enrollment_id in zip(numbers, enrollment_ids)])
    plan_ids = db.session.scalars(
        insert(Submission).returning(Submission.id, sort_by_parameter_order=True),
        [{"enrollment_id": enrollment_id, "kind": "action_plan",
          "status": ("submitted", "approved", "draft")[n % 3], "content": {},
          "created_at": NOW - timedelta(days=9), "updated_at": NOW - timedelta(days=n % 9),
          "submitted_at": NOW - timedelta(days=n % 9)}
         for n, enrollment_id in zip(numbers, enrollment_ids)]).all()
    db.session.execute(insert(Milestone), [
        {"submission_id": plan_id, "position": position, "title": f"Step {position}",
         "due_on": TODAY + timedelta(days=position * 2 - 3), "status": "planned"}
        for plan_id in plan_ids for position in (1, 2)])
    if session is not None:
        db.session.execute(insert(Attendance), [
            {"session_id": session.id, "enrollment_id": enrollment_id,
             "status": ("present", "late", "absent")[n % 3], "self_checked_in": n % 2 == 0,
             "recorded_at": session.starts_at}
            for n, enrollment_id in zip(numbers, enrollment_ids)])
    return enrollment_ids
