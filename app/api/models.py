"""Personal access tokens for the JSON API."""
from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list

READ = "read"
WRITE = "write"
TOKEN_SCOPES = (READ, WRITE)


class ApiToken(db.Model):
    """A token a user made for a program of theirs; only its SHA-256 digest is kept, so a
    leaked database reveals no usable token."""

    __table_args__ = (
        CheckConstraint(f"scope IN ({sql_in_list(TOKEN_SCOPES)})", name="scope_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10), default=READ)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters, so its owner can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship(lazy="joined")  # noqa: F821
