"""xAPI statements waiting for, or delivered to, the Learning Record Store."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime


class XapiStatement(db.Model):
    """One xAPI statement, written in the same transaction as the learning it records, so it
    is never lost; `sent_at` stays empty until the LRS has accepted it."""

    __table_args__ = (
        Index("ix_xapi_statement_pending", "sent_at", "next_attempt_at"),
    )

    # The statement's own id (a UUID), which makes resending it to the LRS harmless.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    verb: Mapped[str] = mapped_column(String(20))
    # What the statement is about, e.g. "attendance:12", to find it again when voiding it.
    subject: Mapped[str] = mapped_column(String(60), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
