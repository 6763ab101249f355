"""Read-side queries for the score pages."""
from sqlalchemy import or_, select

from app.benchmarking.models import Framework, FrameworkElement, RegionScore
from app.extensions import db
from app.regions.models import Region


def managed_scores(managed, year=None):
    """A Select of the scores of the regions `managed` covers (None: all), newest first."""
    query = (select(RegionScore).join(Region, Region.code == RegionScore.region_code)
             .order_by(RegionScore.year.desc(), RegionScore.region_code, RegionScore.stage))
    if managed is not None:
        query = query.where(or_(Region.code.in_(managed), Region.province_code.in_(managed)))
    if year:
        query = query.where(RegionScore.year == year)
    return query


def frameworks():
    return db.session.scalars(select(Framework).order_by(Framework.slug.desc())).all()


def framework_outline(framework_id):
    """(domain, aspect, indicators) groups of the framework, in file order."""
    elements = db.session.scalars(select(FrameworkElement).filter_by(framework_id=framework_id)
                                  .order_by(FrameworkElement.position)).all()
    by_id = {element.id: element for element in elements}
    groups = {}
    for element in elements:
        if element.kind == "indicator":
            aspect = by_id[element.parent_id]
            domain = by_id[aspect.parent_id]
            groups.setdefault((domain.position, aspect.position), (domain, aspect, []))[2] \
                .append(element)
    return [groups[key] for key in sorted(groups)]
