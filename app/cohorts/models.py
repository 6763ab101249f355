"""Organising institutions, their programs, and the training rounds people enrol in."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime, utcnow

COHORT_STATUSES = ("draft", "open", "running", "completed", "archived")
ENROLLMENT_ROLES = ("participant", "mentor", "coach", "observer")


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    region_code: Mapped[Optional[str]] = mapped_column(String(13))

    def __repr__(self):
        return f"<Organisation {self.slug}>"


class Program(db.Model):
    """An ordered learning journey of courses, run by one organisation."""

    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

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


class Cohort(db.Model):
    """One training round of a program."""

    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'open', 'running', 'completed', 'archived')", name="status_known"
        ),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[Optional[int]]
    status: Mapped[str] = mapped_column(String(20), default="draft")

    program: Mapped[Program] = relationship(lazy="joined")


class Enrollment(db.Model):
    """A person in a cohort, in one role."""

    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        CheckConstraint(
            "role IN ('participant', 'mentor', 'coach', 'observer')", name="role_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="participant")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(lazy="joined")
    user: Mapped["User"] = relationship(lazy="raise_on_sql")  # noqa: F821
