"""In-app notifications, which are also emailed to those who want them, and the outbox of
every email the app sends."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list


class Notification(db.Model):
    """Something a user should know; `dedupe_key` makes a reminder happen once per user."""

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notification_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    emailed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class EmailOptOut(db.Model):
    """A kind of notification the user does not want by email (all are wanted by default)."""

    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))


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
