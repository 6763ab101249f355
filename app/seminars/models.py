"""The action-plan seminar: a round's rubric settings, each scorer's scores for a
participant, and the result the organiser publishes."""
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list

SCORER_ROLES = ("examiner", "coach", "mentor")


class SeminarSettings(db.Model):
    """A round's own rubric weights: {criterion key: weight} and each scorer role's weight.
    A round without settings uses the shipped rubric as it is."""

    __table_args__ = (
        CheckConstraint("examiner_weight BETWEEN 0 AND 100 AND coach_weight BETWEEN 0 AND 100 "
                        "AND mentor_weight BETWEEN 0 AND 100", name="role_weights_percent"),
        CheckConstraint("examiner_weight + coach_weight + mentor_weight = 100",
                        name="role_weights_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"),
                                           unique=True)
    criterion_weights: Mapped[dict] = mapped_column(JSON)
    examiner_weight: Mapped[int]
    coach_weight: Mapped[int]
    mentor_weight: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now,
                                                 onupdate=clock.now)


class SeminarScore(db.Model):
    """One scorer's rubric for one participant's seminar: a score per criterion (0–100), the
    weighted total and comments. `revision` counts the saves, so a stale form is refused."""

    __table_args__ = (
        UniqueConstraint("enrollment_id", "scorer_id"),
        UniqueConstraint("enrollment_id", "role"),
        CheckConstraint(f"role IN ({sql_in_list(SCORER_ROLES)})", name="role_known"),
        CheckConstraint("total BETWEEN 0 AND 100", name="total_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    scorer_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    scores: Mapped[dict] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    comments: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now,
                                                 onupdate=clock.now)


class SeminarResult(db.Model):
    """A participant's published seminar result: the final score and its predicate as they
    stood when the organiser published them. Unpublishing deletes the row."""

    __table_args__ = (CheckConstraint("final_score BETWEEN 0 AND 100", name="final_percent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"),
                                               unique=True)
    final_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    predicate: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
