"""One person's JP: what they earned in a year across every organisation, itemised and
added up month by month, for their own page. Counted by the JP report's own query
(`app.reports.jp.contributions`), so the person's figure and the organiser's always agree."""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.reports.jp import contributions
from app.rounds.models import Cohort


def months_so_far(year):
    """How many of the year's months have begun: 12 for a past year."""
    today = clock.today()
    return today.month if year == today.year else 12


KINDS = {"course": _l("Course"), "session": _l("Session"), "certificate": _l("Certificate")}


@dataclass(frozen=True)
class JpItem:
    kind: str
    title: str
    cohort_name: str
    earned_on: date
    jp: Decimal


@dataclass(frozen=True)
class PersonJp:
    """A person's JP in a year: what it came from, oldest first, and its sums; `by_month` is
    the cumulative total at the end of each month, January first."""
    year: int
    items: tuple
    total: Decimal
    by_kind: dict
    by_month: tuple

    def percent_of(self, target):
        """The share of the annual target earned, in whole percent, full at 100."""
        if not target:
            return 100
        return min(int((self.total * 100 / target).to_integral_value(ROUND_HALF_UP)), 100)


def _local_day(row):
    """The local date a contribution was earned on."""
    return row.earned_on or row.earned_at.astimezone(clock.organisation_zone()).date()


def _own_parts(year, user_id):
    """A person's contributions in every organisation's rounds, memberships left out."""
    parts = contributions(year, None, user_id=user_id)
    return parts, parts.c.kind.is_not(None)


def person_jp(user_id, year):
    """The person's JP in the year across every organisation, itemised, as the JP report
    counts it; one query."""
    parts, earned = _own_parts(year, user_id)
    rows = db.session.execute(
        select(parts.c.kind, parts.c.title, Cohort.name.label("cohort_name"),
               parts.c.earned_at, parts.c.earned_on,
               (parts.c.course_jp + parts.c.session_jp + parts.c.certificate_jp).label("jp"))
        .join(Cohort, Cohort.id == parts.c.cohort_id).where(earned)).all()
    items = sorted((JpItem(row.kind, row.title, row.cohort_name, _local_day(row), row.jp)
                    for row in rows), key=lambda item: (item.earned_on, item.kind, item.title))
    by_kind = {kind: sum((item.jp for item in items if item.kind == kind), Decimal(0))
               for kind in KINDS}
    monthly = [Decimal(0)] * 12
    for item in items:
        monthly[item.earned_on.month - 1] += item.jp
    by_month = tuple(sum(monthly[:month], Decimal(0)) for month in range(1, 13))
    return PersonJp(year, tuple(items), sum(by_kind.values(), Decimal(0)), by_kind, by_month)


def person_years(user_id, today_year):
    """The years in which the person earned JP anywhere, and the current one, newest first;
    one query."""
    parts, earned = _own_parts(None, user_id)
    rows = db.session.execute(
        select(parts.c.earned_at, parts.c.earned_on).where(earned).distinct()).all()
    return sorted({today_year} | {_local_day(row).year for row in rows}, reverse=True)
