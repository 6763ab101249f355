"""The learner's record against the activities of their journey."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list


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


ATTEMPT_STATUSES = ("in_progress", "submitted", "timed_out")


class QuizAttempt(db.Model):
    """One try at a quiz: the questions drawn for it in the order shown, the answers saved as
    they are given, and, once it is submitted (or its time ran out), its score.

    The attempt's number is unique per participant and quiz, and a participant has at most one
    attempt in progress per quiz, so parallel requests cannot start or record two.
    """

    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_percent"),
        CheckConstraint(f"status IN ({sql_in_list(ATTEMPT_STATUSES)})", name="status_known"),
        CheckConstraint("(status = 'in_progress') = (submitted_at IS NULL)",
                        name="submitted_when_ended"),
        CheckConstraint("(status = 'in_progress') = (score IS NULL)", name="scored_when_ended"),
        UniqueConstraint("enrollment_id", "activity_id", "number"),
        Index("ix_quiz_attempt_enrollment_activity", "enrollment_id", "activity_id"),
        Index("ix_quiz_attempt_one_in_progress", "enrollment_id", "activity_id", unique=True,
              sqlite_where=text("status = 'in_progress'"),
              postgresql_where=text("status = 'in_progress'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # When the time limit runs out; None for an untimed quiz.
    due_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # [{"key": question key, "order": [choice indexes as shown]}]; None for the attempts made
    # before quizzes drew questions, which were asked every question in the file's order.
    questions: Mapped[Optional[list[dict[str, Any]]]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[Optional[int]]
    passed: Mapped[Optional[bool]]
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    @property
    def in_progress(self):
        return self.status == "in_progress"

    def asked(self, spec):
        """The questions of this attempt, in the order shown, each with its choices in order:
        [(question, [(choice index, text)])]."""
        by_key = {question["key"]: question for question in spec["questions"]}
        drawn = self.questions or [{"key": question["key"],
                                    "order": list(range(len(question["choices"])))}
                                   for question in spec["questions"]]
        return [(by_key[item["key"]], [(i, by_key[item["key"]]["choices"][i])
                                       for i in item["order"]])
                for item in drawn if item["key"] in by_key]

    def asked_keys(self, spec):
        return [question["key"] for question, _choices in self.asked(spec)]
