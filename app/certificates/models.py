"""Certificates: what was certified, as it was on the day of issue, and how it is verified."""
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, Numeric, String
from sqlalchemy import Text, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list

BULK_STATUSES = ("queued", "running", "done", "failed")


class Signatory(db.Model):
    """Who signs a program's certificates, for which institution; several institutions may
    co-issue (e.g. an overseas institute and the provincial agency)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    nip: Mapped[Optional[str]] = mapped_column(String(18))
    institution: Mapped[str] = mapped_column(String(200))


class CertificateSequence(db.Model):
    """The last number used for one numbering prefix (pattern, organisation, program, year);
    incremented under a row lock, so numbers are unique and without gaps."""

    prefix: Mapped[str] = mapped_column(String(200), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class Certificate(db.Model):
    """A certificate as issued: the holder's and the training's facts are copied at issue so
    the certificate never changes; a correction is a revocation and a new certificate."""

    __table_args__ = (
        Index("uq_certificate_current", "enrollment_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"),
              postgresql_where=text("revoked_at IS NULL")),
        CheckConstraint("jp >= 0", name="jp_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(200), unique=True)
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_nip: Mapped[Optional[str]] = mapped_column(String(18))
    holder_position: Mapped[str] = mapped_column(String(200), default="")
    holder_institution: Mapped[str] = mapped_column(String(200), default="")
    program_title: Mapped[str] = mapped_column(String(200))
    qualification: Mapped[str] = mapped_column(String(200), default="")
    # The seminar's predicate, in Indonesian and English, when the program shows it.
    seminar_predicate: Mapped[str] = mapped_column(String(200), default="")
    cohort_name: Mapped[str] = mapped_column(String(200))
    cohort_starts_on: Mapped[date]
    cohort_ends_on: Mapped[date]
    cohort_place: Mapped[str] = mapped_column(String(200), default="")
    organisation_name: Mapped[str] = mapped_column(String(200))
    jp: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    issued_on: Mapped[date]
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    languages: Mapped[str] = mapped_column(String(10), default="id en")
    issued_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    pdf: Mapped[Optional[bytes]] = deferred(mapped_column(LargeBinary))
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    replaces_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("certificate.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now,
                                                 index=True)

    @hybrid_property
    def current(self):
        """Whether the certificate stands: not revoked. One rule, in Python and in SQL."""
        return self.revoked_at is None

    @current.inplace.expression
    @classmethod
    def _current_expression(cls):
        return cls.revoked_at.is_(None)


class BulkIssue(db.Model):
    """A run of issuing a cohort's certificates in the background; its counts are the
    progress every app server shows."""

    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in_list(BULK_STATUSES)})", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"),
                                           index=True)
    requested_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    issued: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # When the run last moved (started, issued or stored a PDF): a run that stops moving lost
    # its worker, and the organiser may start another.
    progressed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
