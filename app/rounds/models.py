"""Programs and their journeys of courses, the training rounds people enrol in, the rounds'
sessions and who attended them."""
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models import UTCDateTime, new_token, sql_in_list
from app.organisations.models import Organisation


DELIVERY_MODES = ("classical", "blended", "elearning", "study_visit")


class RoundRole(StrEnum):
    """What someone does in one round: learn, guide a participant as their superior (mentor) or
    as a trainer (coach), examine their action plan at the seminar (examiner), or watch.
    Members are their stored strings."""

    PARTICIPANT = "participant"
    MENTOR = "mentor"
    COACH = "coach"
    OBSERVER = "observer"
    EXAMINER = "examiner"


SESSION_KINDS = ("lecture", "site_visit", "forum", "coaching_clinic", "seminar")


ATTENDANCE_STATUSES = ("present", "late", "excused", "absent")


ATTENDED = ("present", "late")


DEFAULT_TIMEZONE = "Asia/Jakarta"


DEFAULT_NUMBER_PATTERN = "{org}/{program}/{year}/{seq:04}"


class Program(db.Model):
    """An ordered learning journey of courses, run by one organisation, with the rules a
    participant must meet to complete it."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "slug"),
        CheckConstraint("min_quiz_score IS NULL OR min_quiz_score BETWEEN 0 AND 100",
                        name="min_quiz_score_percent"),
        CheckConstraint(
            "min_attendance_percent IS NULL OR min_attendance_percent BETWEEN 0 AND 100",
            name="min_attendance_percent_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    min_quiz_score: Mapped[Optional[int]]
    min_attendance_percent: Mapped[Optional[int]]
    requires_action_plan: Mapped[bool] = mapped_column(default=False)
    # The action-plan seminar: passed, and at least this predicate (a band's key), when asked.
    requires_seminar: Mapped[bool] = mapped_column(default=False)
    min_seminar_predicate: Mapped[Optional[str]] = mapped_column(String(40))
    # Certificates: issued on completion, or only once the organiser approves them.
    certificate_needs_approval: Mapped[bool] = mapped_column(default=False)
    certificate_number_pattern: Mapped[str] = mapped_column(
        String(200), default=DEFAULT_NUMBER_PATTERN)
    certificate_template: Mapped[str] = mapped_column(String(60), default="default")
    certificate_qualification: Mapped[str] = mapped_column(String(200), default="")
    certificate_shows_predicate: Mapped[bool] = mapped_column(default=False)
    # The SPBE index the program aims to help its regions reach; empty: the province's or
    # the installation's default.
    spbe_target: Mapped[Optional[Decimal]] = mapped_column(Numeric(3, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now,
                                                 index=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ProgramCourse(db.Model):
    """A course's place in a program's journey."""

    __table_args__ = (
        UniqueConstraint("program_id", "course_id"),
        UniqueConstraint("program_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int]

    course: Mapped["Course"] = relationship(lazy="joined")  # noqa: F821


class OptionalActivity(db.Model):
    """An activity of the program's courses that its completion does not require."""

    __table_args__ = (UniqueConstraint("program_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True)


class Cohort(db.Model):
    """One training round of a program."""

    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'open', 'running', 'completed', 'archived')", name="status_known"
        ),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(f"delivery_mode IN ({sql_in_list(DELIVERY_MODES)})",
                        name="delivery_mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    delivery_mode: Mapped[str] = mapped_column(String(20), default="classical")
    partner_institution: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    capacity: Mapped[Optional[int]]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    replicated_from_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now,
                                                 index=True)

    program: Mapped[Program] = relationship(lazy="joined")


class Enrollment(db.Model):
    """A person in a cohort, in one role."""

    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        CheckConstraint(f"role IN ({sql_in_list(RoundRole)})", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=RoundRole.PARTICIPANT)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Who guides a participant: their coach (method, reviews) and mentor (their superior).
    coach_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    mentor_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Who scores the participant's action-plan seminar besides their coach and mentor.
    examiner_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now,
                                                 index=True)

    cohort: Mapped[Cohort] = relationship(lazy="joined")
    user: Mapped["User"] = relationship(lazy="raise_on_sql",  # noqa: F821
                                        foreign_keys=[user_id])


class CohortSession(db.Model):
    """A scheduled item of a cohort's agenda; times are stored in UTC and shown in `timezone`,
    the zone of the venue."""

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("jp >= 0", name="jp_not_negative"),
        CheckConstraint(f"kind IN ({sql_in_list(SESSION_KINDS)})", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="lecture")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    place: Mapped[str] = mapped_column(String(200), default="")
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    jp: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=0)
    checkin_code: Mapped[str] = mapped_column(String(12))

    cohort: Mapped[Cohort] = relationship(lazy="joined")


class Attendance(db.Model):
    """Whether an enrolled person attended a session, and who recorded it."""

    __table_args__ = (
        UniqueConstraint("session_id", "enrollment_id"),
        CheckConstraint(f"status IN ({sql_in_list(ATTENDANCE_STATUSES)})", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cohort_session.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    self_checked_in: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
