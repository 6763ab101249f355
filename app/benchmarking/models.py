"""Indonesia's regions by their Kemendagri codes, the evaluation frameworks of digital
government (SPBE) as versioned data, and the regions' scores."""
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db
from app.models import UTCDateTime, sql_in_list


FRAMEWORK_ELEMENT_KINDS = ("domain", "aspect", "indicator")
SCORE_STAGES = ("self_assessment", "official")


class Framework(db.Model):
    """An evaluation framework, e.g. SPBE 2020 (PermenPANRB 59/2020), loaded from a data file:
    its domains, aspects and weighted indicators, and the bands that name an index."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=5)


class FrameworkElement(db.Model):
    """A domain, aspect or indicator of a framework; only indicators carry a weight (percent
    of the index)."""

    __table_args__ = (
        UniqueConstraint("framework_id", "kind", "code"),
        CheckConstraint(f"kind IN ({sql_in_list(FRAMEWORK_ELEMENT_KINDS)})", name="kind_known"),
        CheckConstraint("(kind = 'indicator') = (weight IS NOT NULL)", name="indicator_weighted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("framework_element.id", ondelete="CASCADE"), index=True)
    weight: Mapped[Optional[Decimal]] = mapped_column(Numeric(6, 3))
    position: Mapped[int]


class FrameworkBand(db.Model):
    """A predicate for indexes from `min_index` (inclusive) to `max_index` (exclusive; the top
    band includes the scale's maximum)."""

    __table_args__ = (
        UniqueConstraint("framework_id", "position"),
        CheckConstraint("max_index > min_index", name="max_above_min"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    position: Mapped[int]
    predicate: Mapped[str] = mapped_column(String(60))
    min_index: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    max_index: Mapped[Decimal] = mapped_column(Numeric(4, 2))


class RegionScore(db.Model):
    """A region's result in a year under a framework: a self-assessment or the official one."""

    __table_args__ = (
        UniqueConstraint("region_code", "framework_id", "year", "stage"),
        CheckConstraint("stage IN ('self_assessment', 'official')", name="stage_known"),
        Index("ix_region_score_framework_year", "framework_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="RESTRICT"))
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="RESTRICT"))
    year: Mapped[int]
    stage: Mapped[str] = mapped_column(String(20), default="official")
    index: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    predicate: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now,
                                                 index=True)


class IndicatorLevel(db.Model):
    """The maturity level (on the framework's scale) of one indicator in a score."""

    __table_args__ = (UniqueConstraint("score_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("region_score.id", ondelete="CASCADE"))
    element_id: Mapped[int] = mapped_column(
        ForeignKey("framework_element.id", ondelete="RESTRICT"), index=True)
    level: Mapped[int]


class PlanTarget(db.Model):
    """An indicator an action plan aims to lift, and the level it plans to reach."""

    __table_args__ = (UniqueConstraint("submission_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    element_id: Mapped[int] = mapped_column(
        ForeignKey("framework_element.id", ondelete="RESTRICT"), index=True)
    planned_level: Mapped[int]
