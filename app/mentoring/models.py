"""Work under review (the action plan and assignments), its versions and reviews, milestones,
and the conversations and follow-ups of coaches and mentors."""
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list

SUBMISSION_KINDS = ("action_plan", "assignment")
SUBMISSION_STATUSES = ("draft", "submitted", "revision_requested", "approved", "endorsed")
REVIEW_DECISIONS = ("comment", "revision_requested", "approved", "endorsed")
MILESTONE_STATUSES = ("planned", "in_progress", "done", "dropped")
IMPLEMENTATION_LEVELS = ("not_started", "partly", "fully")


class Submission(db.Model):
    """A participant's piece of work for review: the round's action plan (one per enrolment)
    or the answer to an `assignment` activity. `content` is the working copy; each submission
    freezes it into a SubmissionVersion."""

    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in_list(SUBMISSION_KINDS)})", name="kind_known"),
        CheckConstraint(f"status IN ({sql_in_list(SUBMISSION_STATUSES)})", name="status_known"),
        CheckConstraint("(kind = 'assignment') = (activity_id IS NOT NULL)",
                        name="assignment_has_activity"),
        UniqueConstraint("enrollment_id", "activity_id"),
        Index("uq_submission_action_plan", "enrollment_id", unique=True,
              sqlite_where=text("kind = 'action_plan'"),
              postgresql_where=text("kind = 'action_plan'")),
        Index("ix_submission_status_submitted_at", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    activity_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    enrollment: Mapped["Enrollment"] = relationship(lazy="joined")  # noqa: F821


class SubmissionVersion(db.Model):
    """The content as it was submitted, numbered from 1; reviewers compare versions."""

    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Review(db.Model):
    """A reviewer's word on a version: a comment, a revision request, an approval (coach) or an
    endorsement (mentor)."""

    __table_args__ = (
        CheckConstraint(f"decision IN ({sql_in_list(REVIEW_DECISIONS)})", name="decision_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("submission_version.id", ondelete="CASCADE"))
    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    reviewer: Mapped[Optional["User"]] = relationship(lazy="joined")  # noqa: F821


class Milestone(db.Model):
    """A step of an action plan with its due date; it is followed up after the round ends."""

    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in_list(MILESTONE_STATUSES)})", name="status_known"),
        Index("ix_milestone_due_on_status", "due_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="planned")
    completed_on: Mapped[Optional[date]]


class CheckIn(db.Model):
    """A conversation a coach or mentor had with a participant; private to its author unless
    shared with the participant."""

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    held_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    author: Mapped[Optional["User"]] = relationship(lazy="joined")  # noqa: F821


class FollowUp(db.Model):
    """What the coach found implemented some months after the round, e.g. at 3 and 6."""

    __table_args__ = (
        UniqueConstraint("enrollment_id", "months_after"),
        CheckConstraint(f"implementation IN ({sql_in_list(IMPLEMENTATION_LEVELS)})",
                        name="implementation_known"),
        CheckConstraint("months_after > 0", name="months_after_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    months_after: Mapped[int]
    recorded_on: Mapped[date]
    implementation: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
