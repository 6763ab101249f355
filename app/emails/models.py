"""The outbox of every email the app sends."""
from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list


# An email waits to be sent (queued), went out (sent), failed and will be tried again
# (failed), or failed too often to try again unasked (given_up).
QUEUED, SENT, FAILED, GIVEN_UP = EMAIL_STATUSES = ("queued", "sent", "failed", "given_up")


class OutgoingEmail(db.Model):
    """An email in the outbox, written in the transaction that causes it: it is sent only if
    that commits, and a mail server that fails it delays it rather than loses it."""

    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in_list(EMAIL_STATUSES)})", name="status_known"),
        Index("ix_outgoing_email_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    # When to try next; empty once sent or given up.
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
