"""The JP report: training hours (jam pelajaran) each person earned in a year, against the
annual target.

Definition. A person earns, in calendar year Y (dates in the organisation's time zone,
`TIMEZONE`, Asia/Jakarta by default):

(a) the JP of each course of a program they follow as a participant, once they have completed
    every live (not archived) activity of that course — counted in the year of their last
    completion in that course; and
(b) the JP of each session they attended (attendance status present or late) — counted in the
    year the session started; and
(c) the JP of each current (not revoked) certificate they hold — counted in the year it was
    issued.

A round for which the person holds a current certificate counts only through (c): its courses
and sessions are left out of (a) and (b) in every year, so nothing is counted twice, and the
certificate's JP (the training's JP as designed, see app/certificates/services.py) replaces
what was earned step by step. Revoking the certificate brings (a) and (b) back; a reissued
certificate counts in the year of its reissue.

Only the cohorts of the organisations the viewer manages count (an admin manages all): an
organiser never sees JP earned in another organisation's cohorts. A person is listed for Y when
they earned JP there in Y or were a participant of such a cohort whose dates overlap Y, so
those who earned nothing yet show up too. The annual target is `JP_ANNUAL_TARGET` in the
configuration: 20 JP (PP 11/2017).

Everything is counted in SQL: the JP of each course, session and cohort membership is one
union of contributions, summed per person in one grouped query, so a page or an export costs
the same few queries whatever the number of people. A local calendar year is cut as a range
of UTC timestamps, which compares alike on SQLite and PostgreSQL.
"""
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (Date, Numeric, String, and_, cast, func, literal_column, null, or_, select,
                        union_all)
from sqlalchemy.orm import aliased

from app import clock
from app.auth.models import User
from app.certificates.models import Certificate
from app.content.models import Activity, Course
from app.extensions import db
from app.learning.models import Completion
from app.models import UTCDateTime
from app.organisations.models import Organisation
from app.regions.models import Region
from app.rounds.models import RoundRole
from app.rounds.models import (ATTENDED, Attendance, Cohort, CohortSession, Enrollment, Program,
                               ProgramCourse)
from app.spreadsheets import Table, plain_number

JP = Numeric(8, 2)
PER_PAGE = 50
SORTS = ("total", "name")


@dataclass(frozen=True)
class JpFilters:
    year: int
    region: str = ""
    sort: str = "total"


def year_bounds(year):
    """The UTC instants at which the organisation's calendar year begins and the next one
    begins."""
    zone = clock.organisation_zone()
    return (datetime(year, 1, 1, tzinfo=zone).astimezone(timezone.utc),
            datetime(year + 1, 1, 1, tzinfo=zone).astimezone(timezone.utc))


def _in_scope(cohort_id, organisation_ids):
    """A condition keeping rows of the managed organisations' cohorts (every one when None)."""
    if organisation_ids is None:
        return cohort_id.is_not(None)
    return cohort_id.in_(select(Cohort.id).join(Program, Program.id == Cohort.program_id)
                         .where(Program.organisation_id.in_(organisation_ids)))


def _zero():
    return cast(literal_column("0"), JP)


def _null(type_):
    """A NULL of a type, for a column of the union that a part has no value for: PostgreSQL
    unions only columns of one type."""
    return cast(null(), type_)


def contributions(year, organisation_ids, user_id=None):
    """A union of (user_id, cohort_id, course_jp, session_jp, certificate_jp, kind, title,
    earned_at, earned_on) rows: one per course completed and session attended in the year in
    a round without a current certificate, one per current certificate issued in the year, and
    one per participation in a cohort running then (its kind and title NULL). Courses and
    sessions are earned at a timestamp, certificates on a date. `user_id` keeps one person's
    rows; `year` None keeps every year's, to find the years with JP."""
    scope = [_in_scope(Enrollment.cohort_id, organisation_ids)]
    if user_id is not None:
        scope.append(Enrollment.user_id == user_id)
    last_done = func.max(Completion.completed_at)
    if year is None:
        completed_then = started_then = issued_then = running_then = ()
    else:
        start, end = year_bounds(year)
        first, last = date(year, 1, 1), date(year, 12, 31)
        completed_then = (last_done >= start, last_done < end)
        started_then = (CohortSession.starts_at >= start, CohortSession.starts_at < end)
        issued_then = (Certificate.issued_on >= first, Certificate.issued_on <= last)
        running_then = (Cohort.starts_on <= last, Cohort.ends_on >= first)
    certified = select(Certificate.enrollment_id).where(Certificate.current)
    courses = _completed_courses(scope, certified, last_done, completed_then)
    sessions = (
        select(Enrollment.user_id, Enrollment.cohort_id, _zero(), cast(CohortSession.jp, JP),
               _zero(), literal_column("'session'", String), CohortSession.title,
               CohortSession.starts_at, _null(Date))
        .join(Attendance, Attendance.enrollment_id == Enrollment.id)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(Attendance.status.in_(ATTENDED), *started_then,
               Enrollment.id.not_in(certified), *scope))
    certificates = (
        select(Enrollment.user_id, Enrollment.cohort_id, _zero(), _zero(),
               cast(Certificate.jp, JP), literal_column("'certificate'", String),
               Certificate.program_title, _null(UTCDateTime), Certificate.issued_on)
        .join(Certificate, Certificate.enrollment_id == Enrollment.id)
        .where(Certificate.current, *issued_then, *scope))
    memberships = (
        select(Enrollment.user_id, Enrollment.cohort_id, _zero(), _zero(), _zero(),
               _null(String), _null(String), _null(UTCDateTime), _null(Date))
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.role == RoundRole.PARTICIPANT, *running_then, *scope))
    return union_all(courses, sessions, certificates, memberships).subquery("contribution")


def _completed_courses(scope, certified, last_done, completed_then):
    """The contributions of courses: one row per course of a round's program whose every live
    activity the participant completed, dated by the last completion."""
    live = (select(Activity.course_id, func.count(Activity.id).label("activities"))
            .where(Activity.archived_at.is_(None))
            .group_by(Activity.course_id).subquery("live"))
    done = (
        select(Enrollment.user_id, Enrollment.cohort_id, Activity.course_id,
               func.count(Completion.id).label("done"), last_done.label("done_at"))
        .join(Completion, Completion.enrollment_id == Enrollment.id)
        .join(Activity, Activity.id == Completion.activity_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(ProgramCourse, and_(ProgramCourse.program_id == Cohort.program_id,
                                  ProgramCourse.course_id == Activity.course_id))
        .where(Enrollment.role == RoundRole.PARTICIPANT, Activity.archived_at.is_(None),
               Enrollment.id.not_in(certified), *scope)
        .group_by(Enrollment.id, Enrollment.user_id, Enrollment.cohort_id, Activity.course_id)
        .having(*completed_then)
        .subquery("done"))
    return (
        select(done.c.user_id, done.c.cohort_id, cast(Course.jp, JP).label("course_jp"),
               _zero().label("session_jp"), _zero().label("certificate_jp"),
               literal_column("'course'", String).label("kind"), Course.title.label("title"),
               done.c.done_at.label("earned_at"), _null(Date).label("earned_on"))
        .join(live, live.c.course_id == done.c.course_id)
        .join(Course, Course.id == done.c.course_id)
        .where(done.c.done == live.c.activities))


def _region_condition(region):
    """A province code takes in its regencies and cities; a regency code matches itself."""
    if "." in region:
        return User.region_code == region
    return or_(User.region_code == region,
               User.region_code.startswith(f"{region}.", autoescape=True))


def report_query(filters, organisation_ids, target):
    """A select of one row per person: identity, region, course/session/certificate/total JP,
    cohorts and whether the target is met, in the filters' order."""
    parts = contributions(filters.year, organisation_ids)
    totals = (
        select(parts.c.user_id, func.sum(parts.c.course_jp).label("course_jp"),
               func.sum(parts.c.session_jp).label("session_jp"),
               func.sum(parts.c.certificate_jp).label("certificate_jp"),
               func.count(func.distinct(parts.c.cohort_id)).label("cohorts"))
        .group_by(parts.c.user_id).subquery("totals"))
    earned = totals.c.course_jp + totals.c.session_jp + totals.c.certificate_jp
    total = earned.label("total_jp")
    query = (
        select(User.id, User.name, User.nip, User.position, User.institution, User.region_code,
               Region.name.label("region_name"), totals.c.course_jp, totals.c.session_jp,
               totals.c.certificate_jp, total, totals.c.cohorts,
               # Rounded, as SQLite adds decimals as floats (nine 2.2 and a 0.2 make 19.999…).
               (func.round(earned, 2) >= target)
               .label("target_met"))
        .join(totals, totals.c.user_id == User.id)
        .outerjoin(Region, Region.code == User.region_code))
    if filters.region:
        query = query.where(_region_condition(filters.region))
    if filters.sort == "name":
        return query.order_by(User.name, User.id)
    return query.order_by(total, User.name, User.id)


class RowPagination(Pagination):
    """Flask-SQLAlchemy's pagination over a select of plain rows (db.paginate keeps only the
    first column)."""

    def _query_items(self):
        query = self._query_args["select"]
        return db.session.execute(
            query.limit(self.per_page).offset(self._query_offset)).all()

    def _query_count(self):
        query = self._query_args["select"].order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(query))


def report_page(filters, organisation_ids, target, page=1, per_page=PER_PAGE):
    """One page of the report, in two queries."""
    return RowPagination(page=page, per_page=per_page, max_per_page=None,
                         select=report_query(filters, organisation_ids, target))


def report_rows(filters, organisation_ids, target):
    """Every person of the report, in one query."""
    return db.session.execute(report_query(filters, organisation_ids, target)).all()


def report_years(organisation_ids, today_year):
    """The years from the first to the last with any data, and the current one, newest first;
    one query."""
    completions = (select(Completion.completed_at)
                   .join(Enrollment, Enrollment.id == Completion.enrollment_id)
                   .where(Enrollment.role == RoundRole.PARTICIPANT,
                          _in_scope(Enrollment.cohort_id, organisation_ids)).subquery())
    sessions = (select(CohortSession.starts_at)
                .join(Attendance, Attendance.session_id == CohortSession.id)
                .where(Attendance.status.in_(ATTENDED),
                       _in_scope(CohortSession.cohort_id, organisation_ids)).subquery())
    cohorts = (select(Cohort.starts_on, Cohort.ends_on)
               .where(_in_scope(Cohort.id, organisation_ids)).subquery())
    issued = (select(Certificate.issued_on)
              .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
              .where(_in_scope(Enrollment.cohort_id, organisation_ids)).subquery())
    bounds = db.session.execute(select(
        select(func.min(completions.c.completed_at)).scalar_subquery(),
        select(func.max(completions.c.completed_at)).scalar_subquery(),
        select(func.min(sessions.c.starts_at)).scalar_subquery(),
        select(func.max(sessions.c.starts_at)).scalar_subquery(),
        select(func.min(cohorts.c.starts_on)).scalar_subquery(),
        select(func.max(cohorts.c.ends_on)).scalar_subquery(),
        select(func.min(issued.c.issued_on)).scalar_subquery(),
        select(func.max(issued.c.issued_on)).scalar_subquery())).one()
    years = {today_year}
    for value in bounds:
        if isinstance(value, datetime):
            years.add(value.astimezone(clock.organisation_zone()).year)
        elif value is not None:
            years.add(value.year)
    return list(range(max(years), min(years) - 1, -1))


def filter_regions(organisation_ids):
    """Every province, and the regencies and cities of the managed organisations' provinces,
    by code; one query."""
    home = aliased(Region)
    provinces = (select(func.coalesce(home.province_code, home.code))
                 .join(Organisation, Organisation.region_code == home.code))
    if organisation_ids is not None:
        provinces = provinces.where(Organisation.id.in_(organisation_ids))
    return db.session.scalars(
        select(Region).where(or_(Region.kind == "provinsi", Region.province_code.in_(provinces)))
        .order_by(Region.code)).all()


# --- exports -------------------------------------------------------------------------------

def status_label(met):
    return _l("target met") if met else _l("below target")


COLUMNS = (
    (_l("Name"), lambda row: row.name),
    (_l("NIP"), lambda row: row.nip or ""),
    (_l("Position"), lambda row: row.position),
    (_l("Institution"), lambda row: row.institution),
    (_l("Region code"), lambda row: row.region_code or ""),
    (_l("Region"), lambda row: row.region_name or ""),
    (_l("Course JP"), lambda row: Decimal(plain_number(row.course_jp))),
    (_l("Session JP"), lambda row: Decimal(plain_number(row.session_jp))),
    (_l("Certificate JP"), lambda row: Decimal(plain_number(row.certificate_jp))),
    (_l("Total JP"), lambda row: Decimal(plain_number(row.total_jp))),
    (_l("Target"), lambda row: str(status_label(row.target_met))),
)


def report_table(rows, year):
    """The report as a spreadsheet table."""
    return Table(f"JP {year}", [label for label, _value in COLUMNS],
                 ([value(row) for _label, value in COLUMNS] for row in rows))
