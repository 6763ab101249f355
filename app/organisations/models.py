"""Organising institutions: the training centres and agencies that run programs."""
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    region_code: Mapped[Optional[str]] = mapped_column(
        ForeignKey("region.code", ondelete="RESTRICT"))

    def __repr__(self):
        return f"<Organisation {self.slug}>"
