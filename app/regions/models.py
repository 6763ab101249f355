"""Indonesia's provinces, regencies and cities, keyed by their Kemendagri codes."""
from typing import Optional

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

REGION_KINDS = ("provinsi", "kabupaten", "kota")


class Region(db.Model):
    """A province (`32`) or a regency/city (`32.11`), keyed by its official code."""

    __table_args__ = (
        CheckConstraint("kind IN ('provinsi', 'kabupaten', 'kota')", name="kind_known"),
    )

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12))
    province_code: Mapped[Optional[str]] = mapped_column(String(2), index=True)

    @property
    def is_province(self):
        return self.kind == "provinsi"

    def __repr__(self):
        return f"<Region {self.code} {self.name}>"
