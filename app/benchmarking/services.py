"""Benchmarking rules: loading regions, and recording a region's SPBE score."""
import csv
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app import clock
from app.auth.models import Role
from app.benchmarking.index import compute_index, predicate_for
from app.benchmarking.models import (SCORE_STAGES, Framework, FrameworkBand, FrameworkElement,
                                     IndicatorLevel, RegionScore)
from app.extensions import db
from app.organisations.models import Organisation
from app.regions.models import Region

DATA_DIR = Path(__file__).parent / "data"
REGIONS_CSV = DATA_DIR / "regions-id.csv"
PUBLISHED_SCORES_CSV = DATA_DIR / "spbe-scores-published.csv"
# SPBE evaluations began in 2018; a score is for a year that has begun.
FIRST_YEAR = 2018


class ScoreRefused(PermissionError):
    """The user may not enter scores for this region."""


class InvalidScore(ValueError):
    """The score breaks a rule; the message says which."""


# --- regions -------------------------------------------------------------------------------


# --- who may enter scores -----------------------------------------------------------------

def managed_region_codes(user):
    """The region codes of the organisations the user organises (a province's code covers its
    regencies and cities), or None for an admin, who may enter scores for every region."""
    if user.has_role(Role.ADMIN):
        return None
    ids = user.organisation_ids(Role.ORGANISER)
    if not ids:
        return set()
    return set(db.session.scalars(select(Organisation.region_code).where(
        Organisation.id.in_(ids), Organisation.region_code.is_not(None))))


def covers(managed, region):
    """Whether managed region codes (None: all) include the region."""
    return managed is None or region.code in managed or region.province_code in managed


def may_enter_score(user, region):
    return covers(managed_region_codes(user), region)


# --- scores --------------------------------------------------------------------------------

def score_years():
    return range(FIRST_YEAR, clock.this_year() + 1)


def index_of_levels(framework, elements, by_key, levels):
    """The index computed from the levels, each checked to be an indicator's, on the scale."""
    for key, level in levels.items():
        if key not in by_key:
            raise InvalidScore(_("%(indicator)s is not an indicator of this framework.",
                                 indicator=key))
        if not framework.scale_min <= int(level) <= framework.scale_max:
            raise InvalidScore(_("Levels are from %(min)d to %(max)d.",
                                 min=framework.scale_min, max=framework.scale_max))
    return compute_index(elements, levels)


def record_score(actor, region, framework, year, stage, index=None, levels=None, source=""):
    """Record (or replace) the region's score for the year and stage under the framework.

    With `levels` ({indicator element id or code: level}) the index is computed from them and
    a given `index` is ignored: the levels are the evidence, the index their arithmetic.
    Replacing a score drops its earlier levels. Scores are not audit-logged: the audit log
    belongs to a round, and a score belongs to a region. Flushes, never commits.
    """
    if actor is not None and not may_enter_score(actor, region):
        raise ScoreRefused(_("You may not enter scores for %(region)s.", region=region.name))
    if stage not in SCORE_STAGES:
        raise InvalidScore(_("Unknown stage %(stage)s.", stage=stage))
    if year not in score_years():
        raise InvalidScore(_("The year must be from %(first)d to %(last)d.",
                             first=FIRST_YEAR, last=score_years()[-1]))
    elements = db.session.scalars(select(FrameworkElement).filter_by(
        framework_id=framework.id, kind="indicator")).all()
    by_key = {key: element for element in elements for key in (element.id, element.code)}
    if levels:
        index = index_of_levels(framework, elements, by_key, levels)
    if index is None:
        raise InvalidScore(_("Give the index or a level for every indicator."))
    index = Decimal(index)
    if not framework.scale_min <= index <= framework.scale_max:
        raise InvalidScore(_("The index must be from %(min)d to %(max)d.",
                             min=framework.scale_min, max=framework.scale_max))
    bands = db.session.scalars(select(FrameworkBand).filter_by(framework_id=framework.id)).all()
    score = db.session.scalar(select(RegionScore).filter_by(
        region_code=region.code, framework_id=framework.id, year=year, stage=stage))
    if score is None:
        score = RegionScore(region_code=region.code, framework_id=framework.id, year=year,
                            stage=stage)
        db.session.add(score)
    else:
        db.session.execute(delete(IndicatorLevel).where(IndicatorLevel.score_id == score.id))
    score.index = index
    score.predicate = predicate_for(bands, index) or ""
    score.source = source or ""
    score.entered_by_id = actor.id if actor is not None else None
    db.session.flush()
    for key, level in (levels or {}).items():
        db.session.add(IndicatorLevel(score_id=score.id, element_id=by_key[key].id,
                                      level=int(level)))
    db.session.flush()
    return score


def record_published_scores(framework, path=PUBLISHED_SCORES_CSV):
    """Record the published official scores of the file, with their sources; safe to run
    again."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    regions = {r.code: r for r in db.session.scalars(
        select(Region).where(Region.code.in_([row["region_code"] for row in rows])))}
    return [record_score(None, regions[row["region_code"]], framework, int(row["year"]),
                         "official", index=Decimal(row["index"]), source=row["source"])
            for row in rows]


def framework_by_slug(slug):
    return db.session.scalar(select(Framework).filter_by(slug=slug))
