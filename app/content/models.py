"""Courses as synced from content/: their modules and activities."""
from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
