"""The learner's record against the activities of their journey."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime


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
