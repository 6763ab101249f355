"""A round's progress over time: per day at its venue, the share of the required activities
its participants have completed, from one grouped query."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from app.extensions import db
from app.learning.models import Completion
from app.learning.pace import cohort_today
from app.progress.queries import required_activities
from app.rounds.models import Enrollment, RoundRole


class local_day(FunctionElement):
    """The calendar day, as 'YYYY-MM-DD' text, of a UTC timestamp column at a fixed offset from
    UTC in minutes. SQLite and PostgreSQL spell it differently; both give the same text."""
    type = String()
    inherit_cache = True


def _day_arguments(element, compiler, **kw):
    column, minutes = element.clauses
    return compiler.process(column, **kw), int(minutes.name)


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    column, minutes = _day_arguments(element, compiler, **kw)
    return f"date({column}, '{minutes:+d} minutes')"


@compiles(local_day)
def _local_day_postgresql(element, compiler, **kw):
    column, minutes = _day_arguments(element, compiler, **kw)
    return f"to_char(({column} AT TIME ZONE 'UTC') + interval '{minutes} minutes', 'YYYY-MM-DD')"


def utc_offset_minutes(cohort):
    """The venue's offset from UTC; Indonesia's zones keep one offset all year."""
    noon = datetime.combine(cohort.starts_on, time(12), ZoneInfo(cohort.timezone))
    return int(noon.utcoffset() // timedelta(minutes=1))


@dataclass
class SeriesPoint:
    day: date
    done: int  # required activities completed by the participants up to and including `day`
    percent: float  # of participants × required activities


def progress_series(cohort, participant_count, required_count, now):
    """Per day at the venue, from the round's first day (or its first completion) to today
    (at most its last day, or its last completion), the cumulative share of the required
    activities the participants have completed; from one grouped query."""
    required = required_activities(cohort.program_id).subquery()
    day = local_day(Completion.completed_at,
                    literal_column(str(utc_offset_minutes(cohort)), Integer))
    rows = db.session.execute(
        select(day, func.count(Completion.id))
        .join(required, required.c.id == Completion.activity_id)
        .join(Enrollment, Enrollment.id == Completion.enrollment_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT)
        .group_by(day).order_by(day))
    per_day = {date.fromisoformat(text): count for text, count in rows}
    first = min([cohort.starts_on, *per_day])
    last = max([min(cohort_today(cohort, now), cohort.ends_on), *per_day])
    possible = participant_count * required_count
    points, done = [], 0
    for offset in range((last - first).days + 1):
        today = first + timedelta(days=offset)
        done += per_day.get(today, 0)
        points.append(SeriesPoint(today, done, 100 * done / possible if possible else 0.0))
    return points
