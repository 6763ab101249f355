"""Rules for regions: loading the shipped list, and refusing codes that are not on it."""
import csv
from collections import Counter
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.regions.models import Region
from app.regions.queries import find_region

REGIONS_CSV = Path(__file__).parent / "data" / "regions-id.csv"


class UnknownRegion(DomainError):
    pass


def check_region(code):
    """Refuse a region code that is not an official Kemendagri code."""
    if code and find_region(code) is None:
        raise UnknownRegion(_("%(code)s is not a known region code.", code=code))


def load_regions(path=REGIONS_CSV):
    """Insert or update the regions of the file; safe to run again.

    Returns counts: created, updated, unchanged, and provinces / regencies / cities read.
    """
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    existing = {region.code: region for region in db.session.scalars(select(Region))}
    counts = Counter()
    for row in rows:
        values = {"name": row["name"].strip(), "kind": row["kind"].strip(),
                  "province_code": row["province_code"].strip() or None}
        counts[values["kind"]] += 1
        region = existing.get(row["code"].strip())
        if region is None:
            db.session.add(Region(code=row["code"].strip(), **values))
            counts["created"] += 1
        elif any(getattr(region, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(region, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.flush()
    return counts
