"""Read-side queries for action plans and assignments under review: submissions, their
versions, reviews and milestones."""
from sqlalchemy import func, select
from sqlalchemy.orm import defaultload

from app.auth.models import User
from app.content.models import Activity, Course
from app.extensions import db
from app.mentoring.models import Milestone, Review, Submission, SubmissionVersion


def action_plan(enrollment_id, for_update=False):
    """The enrollment's action plan, or None before the participant first saves it."""
    query = select(Submission).where(Submission.enrollment_id == enrollment_id,
                                     Submission.kind == "action_plan")
    return db.session.scalar(query.with_for_update(of=Submission) if for_update else query)


def assignment_answer(enrollment_id, activity_id, for_update=False):
    """The enrollment's answer to an assignment activity, or None before the first save."""
    query = select(Submission).where(Submission.enrollment_id == enrollment_id,
                                     Submission.activity_id == activity_id)
    return db.session.scalar(query.with_for_update(of=Submission) if for_update else query)


def submission(submission_id, for_update=False):
    query = select(Submission).where(Submission.id == submission_id)
    return db.session.scalar(query.with_for_update(of=Submission) if for_update else query)


def versions(submission_id):
    """The submitted versions, oldest first."""
    return db.session.scalars(
        select(SubmissionVersion).where(SubmissionVersion.submission_id == submission_id)
        .order_by(SubmissionVersion.number)).all()


def latest_version(submission_id):
    return db.session.scalar(
        select(SubmissionVersion).where(SubmissionVersion.submission_id == submission_id)
        .order_by(SubmissionVersion.number.desc()).limit(1))


def last_version_number(submission_id):
    return db.session.scalar(
        select(func.coalesce(func.max(SubmissionVersion.number), 0))
        .where(SubmissionVersion.submission_id == submission_id))


def reviews(submission_id):
    """Every review of the submission with its reviewer, oldest first."""
    return db.session.scalars(
        select(Review).where(Review.submission_id == submission_id)
        .options(defaultload(Review.reviewer).lazyload(User.role_grants))
        .order_by(Review.created_at, Review.id)).all()


def milestones(submission_id):
    return db.session.scalars(
        select(Milestone).where(Milestone.submission_id == submission_id)
        .order_by(Milestone.position)).all()


def user(user_id):
    return db.session.get(User, user_id)


def participant_of(enrollment):
    """The enrollment's user, which the enrollment does not load by itself."""
    return user(enrollment.user_id)


def activity_with_course(activity_id):
    """(activity, course) of an assignment, for its title and address."""
    return db.session.execute(
        select(Activity, Course).join(Course, Course.id == Activity.course_id)
        .where(Activity.id == activity_id)).one()
