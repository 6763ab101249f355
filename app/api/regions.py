"""Indonesian regions and their SPBE scores."""
import marshmallow as ma
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import func, or_, select, true

from app.api.auth import api_user
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import get_visible
from app.api.spec import Blueprint, page_of
from app.benchmarking.models import SCORE_STAGES, Framework, RegionScore
from app.benchmarking.views_dashboard import VIEWERS
from app.extensions import db
from app.regions.models import REGION_KINDS, Region
from app.regions.queries import regions_by_code

blp = Blueprint("api_regions", __name__, description="Indonesian regions and their SPBE scores.")

# The kinds of region each level of the API covers: a regency (kabupaten) or a city (kota)
# are the same level of government.
LEVELS = {"province": ("provinsi",), "regency": ("kabupaten", "kota")}
PROVINCE_CODE = ma.validate.Regexp(r"^\d{2}$", error="Give a two-digit province code, e.g. 32.")


class RegionSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "32.11"})
    name = ma.fields.String(required=True)
    level = ma.fields.Function(
        lambda region: "province" if region.is_province else "regency", required=True,
        metadata={"type": "string", "enum": list(LEVELS)})
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(REGION_KINDS))
    province_code = ma.fields.String(required=True, allow_none=True,
                                     metadata={"description": "Null for a province."})


class RegionArgs(ma.Schema):
    level = ma.fields.String(load_default=None, validate=ma.validate.OneOf(list(LEVELS)))
    province = ma.fields.String(load_default=None, validate=PROVINCE_CODE, metadata={
        "description": "A province's code: the province and its regencies and cities."})
    q = ma.fields.String(load_default=None, metadata={
        "description": "Part of the name, in any case."})


class SpbeScoreSchema(ma.Schema):
    region_code = ma.fields.String(required=True)
    region_name = ma.fields.String(required=True)
    framework = ma.fields.String(required=True, metadata={"description": "The framework's slug."})
    year = ma.fields.Integer(required=True)
    stage = ma.fields.String(required=True, validate=ma.validate.OneOf(SCORE_STAGES))
    index = ma.fields.Decimal(required=True, as_string=True)
    predicate = ma.fields.String(required=True)
    source = ma.fields.String(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class SpbeScoreArgs(UpdatedSinceArgs):
    region_code = ma.fields.String(load_default=None)
    province = ma.fields.String(load_default=None, validate=PROVINCE_CODE, metadata={
        "description": "A province's code: the province's scores and its regions'."})
    year = ma.fields.Integer(load_default=None)
    stage = ma.fields.String(load_default=None, validate=ma.validate.OneOf(SCORE_STAGES))
    framework = ma.fields.String(load_default=None,
                                 metadata={"description": "A framework's slug."})


def in_province(code_column, province):
    return or_(code_column == province, code_column.in_(
        select(Region.code).where(Region.province_code == province)))


@blp.route("/regions")
@blp.arguments(RegionArgs, location="query", as_kwargs=True)
@blp.response(200, RegionSchema(many=True))
@blp.paginate()
def list_regions(level, province, q, pagination_parameters):
    """Provinces, regencies and cities by their Kemendagri codes"""
    query = select(Region).order_by(Region.code)
    if level is not None:
        query = query.where(Region.kind.in_(LEVELS[level]))
    if province is not None:
        query = query.where(in_province(Region.code, province))
    if q:
        query = query.where(func.lower(Region.name).contains(q.lower(), autoescape=True))
    return page_of(query, pagination_parameters)


@blp.route("/regions/<code>")
@blp.response(200, RegionSchema)
def get_region(code):
    """One region"""
    return get_visible(Region, code, true())


@blp.route("/spbe-scores")
@blp.arguments(SpbeScoreArgs, location="query", as_kwargs=True)
@blp.response(200, SpbeScoreSchema(many=True))
@blp.paginate()
def list_scores(updated_since, region_code, province, year, stage, framework,
                pagination_parameters):
    """Regions' SPBE scores, for those who may see the benchmark dashboard (admins,
    organisers, coaches and mentors)"""
    if not api_user().has_role(*VIEWERS):
        abort(403, message=_("SPBE scores are for organisers, coaches, mentors and admins."))
    query = select(RegionScore).order_by(RegionScore.id)
    if updated_since is not None:
        query = query.where(RegionScore.updated_at >= updated_since)
    if region_code is not None:
        query = query.where(RegionScore.region_code == region_code)
    if province is not None:
        query = query.where(in_province(RegionScore.region_code, province))
    if year is not None:
        query = query.where(RegionScore.year == year)
    if stage is not None:
        query = query.where(RegionScore.stage == stage)
    if framework is not None:
        query = query.where(RegionScore.framework_id.in_(
            select(Framework.id).where(Framework.slug == framework)))
    return score_rows(page_of(query, pagination_parameters))


def score_rows(scores):
    """The scores with their region's name and framework's slug; two queries for the page."""
    regions = regions_by_code({score.region_code for score in scores})
    slugs = dict(db.session.execute(select(Framework.id, Framework.slug).where(
        Framework.id.in_({score.framework_id for score in scores}))).all())
    return [{"region_code": score.region_code, "region_name": regions[score.region_code].name,
             "framework": slugs[score.framework_id], "year": score.year, "stage": score.stage,
             "index": score.index, "predicate": score.predicate, "source": score.source,
             "updated_at": score.updated_at} for score in scores]
