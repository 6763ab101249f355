"""Who changed what, and when: enrolments, cohort statuses, attendance."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models import UTCDateTime


class AuditEvent(db.Model):
    """One recorded change; `details` holds the facts the log page shows."""

    __table_args__ = (
        Index("ix_audit_event_cohort_at", "cohort_id", "at"),
        Index("ix_audit_event_organisation_at", "organisation_id", "at"),
        Index("ix_audit_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    cohort_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[Optional["User"]] = relationship(lazy="joined")  # noqa: F821
    cohort: Mapped[Optional["Cohort"]] = relationship()  # noqa: F821
    organisation: Mapped[Optional["Organisation"]] = relationship()  # noqa: F821
