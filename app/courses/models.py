"""Courses as synced from content/, and the learner's record against their activities."""
from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5))
    jp: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    archived_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class Module(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    archived_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class Activity(db.Model):
    """A lesson, quiz or other step of a module; its slug is stable across content syncs."""

    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("module.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    minutes: Mapped[int] = mapped_column(default=0)
    body_html: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    requires_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL")
    )
    archived_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class Completion(db.Model):
    """An activity done by an enrollment; the one fact progress is derived from."""

    __table_args__ = (
        UniqueConstraint("enrollment_id", "activity_id"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True
    )
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    score: Mapped[Optional[int]]
    recorded_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )


class QuizAttempt(db.Model):
    """One submitted try at a quiz, kept for the learner's and the coach's record."""

    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_percent"),
        Index("ix_quiz_attempt_enrollment_activity", "enrollment_id", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True
    )
    score: Mapped[int]
    passed: Mapped[bool]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
