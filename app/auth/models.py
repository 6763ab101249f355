"""Accounts and the roles they hold."""
from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.extensions import db
from app.models import UTCDateTime, new_token, sql_in_list


class Role(StrEnum):
    """What an account may do across the app (what someone does in one round is a RoundRole).
    Members are their stored strings."""

    ADMIN = "admin"
    ORGANISER = "organiser"
    COACH = "coach"
    MENTOR = "mentor"
    PARTICIPANT = "participant"


class User(UserMixin, db.Model):
    __table_args__ = (
        CheckConstraint("nip IS NULL OR length(nip) = 18", name="nip_length"),
        CheckConstraint("locale IN ('id', 'en')", name="locale_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    nip: Mapped[Optional[str]] = mapped_column(String(18), unique=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    institution: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[Optional[str]] = mapped_column(
        ForeignKey("region.code", ondelete="RESTRICT"))
    locale: Mapped[str] = mapped_column(String(5), default="id")
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    # The key to the user's private calendar feed, made with the account.
    calendar_token: Mapped[Optional[str]] = mapped_column(String(64), unique=True,
                                                          default=new_token)
    # Part of every session's user id: raising it ends all of the user's sessions at once.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """What a session remembers: the account and its session generation, so a session
        started before a sign-out, deactivation or password change no longer opens it."""
        return f"{self.id}.{self.session_generation}"

    @property
    def roles(self):
        return {grant.role for grant in self.role_grants}

    def has_role(self, *roles):
        """Whether the user holds any of `roles`."""
        return not self.roles.isdisjoint(roles)

    def organisation_ids(self, role=Role.ORGANISER):
        return {g.organisation_id for g in self.role_grants if g.role == role and g.organisation_id}

    def __repr__(self):
        return f"<User {self.email}>"


class RoleGrant(db.Model):
    """A role a user holds; an organiser's role is scoped to one organisation."""

    __table_args__ = (
        UniqueConstraint("user_id", "role", "organisation_id"),
        CheckConstraint(f"role IN ({sql_in_list(Role)})", name="role_known"),
        CheckConstraint(
            "role != 'organiser' OR organisation_id IS NOT NULL", name="organiser_has_organisation"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE")
    )

    user: Mapped[User] = relationship(back_populates="role_grants")
    organisation: Mapped[Optional["Organisation"]] = relationship(lazy="joined")  # noqa: F821
