"""What an organiser or coach decides about a round's quizzes: settings that differ from the
quiz file's, and extra attempts granted to one participant."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime


class QuizOverride(db.Model):
    """A round's settings for one quiz, where they differ from the quiz file's."""

    __table_args__ = (UniqueConstraint("cohort_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="RESTRICT"),
                                             index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now,
                                                 onupdate=clock.now)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id",
                                                                    ondelete="SET NULL"))


class ExtraAttempt(db.Model):
    """One more attempt at a quiz for one participant, with the reason it was granted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="RESTRICT"),
                                             index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id",
                                                                    ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
