"""Read-side queries for regions."""
from sqlalchemy import select

from app.extensions import db
from app.regions.models import Region


def find_region(code):
    return db.session.get(Region, code) if code else None


def regions_of_province(province_code):
    """The province's regencies and cities, by code."""
    return db.session.scalars(select(Region).where(Region.province_code == province_code)
                              .order_by(Region.code)).all()


def regions_by_code(codes):
    return {region.code: region for region in db.session.scalars(
        select(Region).where(Region.code.in_(codes)))}
