"""Roster files kept between their preview and the organiser's confirmation."""
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime


class RosterImport(db.Model):
    """An uploaded roster file, kept between its preview and the organiser's confirmation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    applied_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    rows_applied: Mapped[Optional[int]]
