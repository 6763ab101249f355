"""Read-side queries of the SPBE benchmark dashboard. Each page takes a fixed number of
queries whatever the number of regions: ranks, averages and weighted scores are computed in SQL
(window functions work on SQLite >= 3.25 and PostgreSQL)."""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional

from flask import abort, current_app
from sqlalchemy import Float, case, cast, func, select, union_all
from sqlalchemy.orm import aliased

from app.benchmarking.models import (Framework, FrameworkBand, FrameworkElement, IndicatorLevel,
                                     RegionScore)
from app.extensions import db
from app.regions.models import Region
from app.rounds.models import Program

PEER_KINDS = ("kabupaten", "kota")
RANKINGS_KEPT = 32  # (framework, year) rankings kept per process; see rankings()
CENT = Decimal("0.01")


def two_places(value):
    """A number as a Decimal with two places, as the SPBE index is published; None stays."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- which framework and year ------------------------------------------------------------

def framework_and_year(slug, year, region_code=None):
    """The framework named by `slug` (404 when unknown), else the newest, and `year`, else its
    latest year with scores (of `region_code` when given); (None, None) when no framework
    exists yet."""
    frameworks = db.session.scalars(select(Framework).order_by(Framework.id.desc())).all()
    if slug:
        framework = next((f for f in frameworks if f.slug == slug), None) or abort(404)
    elif frameworks:
        framework = frameworks[0]
    else:
        return None, None
    if year is None:
        latest = select(func.max(RegionScore.year)).where(
            RegionScore.framework_id == framework.id)
        if region_code:
            latest = latest.where(RegionScore.region_code == region_code)
        year = db.session.scalar(latest)
    return framework, year


def target_index(province_code, override=None, scale=(1, 5), program=None):
    """The index a region aims for: `override` when it is a number on the scale, else the
    program's target, else the province's own target, else BENCHMARK_TARGET_INDEX."""
    try:
        value = Decimal(str(override).replace(",", ".")) if override else None
    except InvalidOperation:
        value = None
    if value is not None and scale[0] <= value <= scale[1]:
        return two_places(value)
    if program is not None and program.spbe_target is not None:
        return two_places(program.spbe_target)
    by_province = current_app.config.get("BENCHMARK_PROVINCE_TARGETS") or {}
    return two_places(by_province.get(province_code,
                                      current_app.config["BENCHMARK_TARGET_INDEX"]))


# --- scores and ranks ----------------------------------------------------------------------

def _official_first():
    return case((RegionScore.stage == "official", 0), else_=1)


def chosen_scores(framework_id, year):
    """Per region, the score shown for `year`: the official one, else the self-assessment."""
    choice = (select(RegionScore.id, RegionScore.region_code, RegionScore.stage,
                     RegionScore.index, RegionScore.predicate,
                     func.row_number().over(partition_by=RegionScore.region_code,
                                            order_by=_official_first()).label("choice"))
              .where(RegionScore.framework_id == framework_id, RegionScore.year == year)
              .subquery("choice"))
    return (select(choice.c.id, choice.c.region_code, choice.c.stage, choice.c.index,
                   choice.c.predicate)
            .where(choice.c.choice == 1).subquery("chosen"))


def _ranked(framework_id, year):
    """Every regency's and city's shown score with its ranks among the regions of its province,
    of its kind (nationally) and nationally; ties share a rank."""
    chosen = chosen_scores(framework_id, year)
    best_first = chosen.c.index.desc()
    return (select(
        chosen.c.id.label("score_id"), chosen.c.region_code, chosen.c.stage, chosen.c.index,
        chosen.c.predicate, Region.name, Region.kind, Region.province_code,
        func.rank().over(partition_by=Region.province_code, order_by=best_first)
        .label("province_rank"),
        func.count().over(partition_by=Region.province_code).label("province_peers"),
        func.avg(chosen.c.index).over(partition_by=Region.province_code)
        .label("province_mean"),
        func.rank().over(partition_by=Region.kind, order_by=best_first).label("kind_rank"),
        func.count().over(partition_by=Region.kind).label("kind_peers"),
        func.rank().over(order_by=best_first).label("national_rank"),
        func.count().over().label("national_peers"))
        .join(Region, Region.code == chosen.c.region_code)
        .where(Region.kind.in_(PEER_KINDS)).subquery("ranked"))


def region_standing(framework_id, year, region_code):
    """The region's shown score of `year` with its ranks, or None when it has no score."""
    return rankings(framework_id, year).get(region_code)


def scores_version(framework_id, year):
    """What changes whenever a score of the year is entered, changed (its updated_at) or
    removed (the count), in one query on the (framework, year) index."""
    return tuple(db.session.execute(
        select(func.count(RegionScore.id), func.max(RegionScore.updated_at),
               func.max(RegionScore.id))
        .where(RegionScore.framework_id == framework_id, RegionScore.year == year)).one())


def rankings(framework_id, year):
    """{region code: its row of _ranked} for every scored regency and city of `year`.

    Ranking every region takes window functions over all of them, and the ranks only change
    when scores are entered: the table is kept per application (per worker process) and made
    again whenever scores_version changes. The ranks depend on the regions' kind and province
    too, which their codes fix (a province's regions carry its code as prefix; their kinds
    are part of the code list), so a region's name is the only thing of theirs that can change,
    and the standing is not where it is shown."""
    cache = current_app.extensions.setdefault("benchmark_rankings", {})
    version = scores_version(framework_id, year)
    kept = cache.get((framework_id, year))
    if kept is not None and kept[0] == version:
        return kept[1]
    ranked = _ranked(framework_id, year)
    table = {row.region_code: row for row in db.session.execute(select(ranked))}
    if len(cache) >= RANKINGS_KEPT:  # the year comes from the address: keep memory bounded
        cache.clear()
    cache[(framework_id, year)] = (version, table)
    return table


def province_standings(framework_id, year, province_code):
    """The shown scores of `year` of the province's regencies and cities, best first."""
    ranked = _ranked(framework_id, year)
    return db.session.execute(select(ranked).where(ranked.c.province_code == province_code)
                              .order_by(ranked.c.province_rank, ranked.c.name)).all()


def region_trend(framework_id, region_code, year):
    """The region's shown index of every year up to `year`, oldest first."""
    choice = (select(RegionScore.year, RegionScore.stage, RegionScore.index,
                     RegionScore.predicate,
                     func.row_number().over(partition_by=RegionScore.year,
                                            order_by=_official_first()).label("choice"))
              .where(RegionScore.framework_id == framework_id,
                     RegionScore.region_code == region_code, RegionScore.year <= year)
              .subquery())
    return db.session.execute(
        select(choice.c.year, choice.c.stage, choice.c.index, choice.c.predicate)
        .where(choice.c.choice == 1).order_by(choice.c.year)).all()


def bands(framework_id):
    return db.session.scalars(select(FrameworkBand).where(FrameworkBand.framework_id ==
                                                          framework_id)
                              .order_by(FrameworkBand.position)).all()


# --- domains and aspects -------------------------------------------------------------------

def element_scores(framework_id, year, region_code, province_code):
    """{element id: (the region's score, the province's average)} of every domain and aspect:
    the indicator levels weighted within each, the average pooled over the province's shown
    scores. Assumes the SPBE shape domain > aspect > indicator."""
    chosen = chosen_scores(framework_id, year)
    indicator = aliased(FrameworkElement)
    aspect = aliased(FrameworkElement)
    mine = chosen.c.region_code == region_code
    weighted = indicator.weight * IndicatorLevel.level
    weight = cast(indicator.weight, Float)

    def per(element_id):
        return (select(element_id.label("element_id"),
                       (func.sum(case((mine, weighted))) / func.sum(case((mine, weight))))
                       .label("score"),
                       (func.sum(weighted) / func.sum(weight)).label("province_average"))
                .select_from(chosen)
                .join(Region, Region.code == chosen.c.region_code)
                .join(IndicatorLevel, IndicatorLevel.score_id == chosen.c.id)
                .join(indicator, indicator.id == IndicatorLevel.element_id)
                .join(aspect, aspect.id == indicator.parent_id)
                .where(Region.province_code == province_code, Region.kind.in_(PEER_KINDS))
                .group_by(element_id))

    rows = db.session.execute(union_all(per(aspect.id), per(aspect.parent_id))).all()
    return {row.element_id: (two_places(row.score), two_places(row.province_average))
            for row in rows}


def framework_elements(framework_id):
    """The framework's domains and aspects, in their order."""
    return db.session.scalars(
        select(FrameworkElement).where(FrameworkElement.framework_id == framework_id,
                                       FrameworkElement.kind.in_(("domain", "aspect")))
        .order_by(FrameworkElement.position, FrameworkElement.id)).all()


@dataclass
class ElementGap:
    element: FrameworkElement
    score: Optional[Decimal]
    province_average: Optional[Decimal]

    @property
    def gap(self):
        """Above (positive) or below (negative) the province's average."""
        if self.score is None or self.province_average is None:
            return None
        return self.score - self.province_average


def lagging_first(gaps):
    """The gaps with the largest lag behind the province first; those without numbers last."""
    return sorted(gaps, key=lambda g: (g.gap is None, g.gap if g.gap is not None else 0))


# --- the pages -----------------------------------------------------------------------------

@dataclass
class RegionBoard:
    framework: Optional[Framework]
    year: Optional[int]
    target: Decimal
    standing: object = None
    trend: list = field(default_factory=list)
    domains: list = field(default_factory=list)
    aspects: list = field(default_factory=list)
    bands: list = field(default_factory=list)

    @property
    def gap_to_target(self):
        """How far the index lies below the target; zero or less once it is reached."""
        return None if self.standing is None else self.target - self.standing.index

    @property
    def lagging(self):
        return lagging_first(self.domains + self.aspects)


def region_board(region, framework, year, target):
    """Everything the region's page shows, in a fixed number of queries."""
    board = RegionBoard(framework=framework, year=year, target=target)
    if framework is None or year is None:
        return board
    board.standing = region_standing(framework.id, year, region.code)
    if board.standing is None:
        return board
    board.trend = region_trend(framework.id, region.code, year)
    scores = element_scores(framework.id, year, region.code, region.province_code)
    for element in framework_elements(framework.id):
        gap = ElementGap(element, *scores.get(element.id, (None, None)))
        (board.domains if element.kind == "domain" else board.aspects).append(gap)
    board.bands = bands(framework.id)
    return board


def viewer_programs(organisation_ids):
    """The programs whose reach a viewer may overlay: of these organisations, all when None."""
    query = select(Program).order_by(Program.title)
    if organisation_ids is not None:
        query = query.where(Program.organisation_id.in_(organisation_ids))
    return db.session.scalars(query).all()
