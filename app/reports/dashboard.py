"""Read-side of the cohort dashboard: each participant's progress per module, attendance share
and status, a page at a time.

Every function here runs a fixed number of grouped queries per page (or batch) of participants,
however many the cohort has: a page of the dashboard costs the same for 20 participants as for
2,000."""
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager, lazyload

from app.auth.models import User
from app.content.models import Activity, Course, Module
from app.extensions import db
from app.learning.models import Completion
from app.learning.pace import cohort_today, expected_progress, participant_status, percent
from app.learning.queries import Progress
from app.progress.queries import evaluate_cohort, required_activities
from app.progress.rules import CohortTotals, Evaluation
from app.reports.series import SeriesPoint, progress_series
from app.rounds.models import ATTENDED, Attendance, Enrollment, ProgramCourse, RoundRole
from app.rounds.queries import cohort_sessions


PAGE_SIZE = 50


@dataclass
class ModuleColumn:
    """A module of the program with the number of its live activities completion requires."""
    id: int
    title: str
    course_id: int
    course_title: str
    total: int
    quizzes: int = 0  # of the `total`, how many are quizzes


@dataclass
class ParticipantRow:
    enrollment: Enrollment
    user: User
    modules: dict[int, Progress]
    progress: Progress
    attendance: Progress  # done: sessions attended; total: sessions held so far
    session_statuses: dict[int, str | None]  # None: nothing recorded
    evaluation: Evaluation
    status: str

    @property
    def attendance_percent(self):
        return self.attendance.percent if self.attendance.total else None


@dataclass
class Dashboard:
    columns: list[ModuleColumn]
    sessions_held: int
    expected: float
    pagination: object
    rows: list[ParticipantRow]
    series: list["SeriesPoint"] = field(default_factory=list)

    @property
    def courses(self):
        """[(course title, its columns)] in the program's order, for the grouped header."""
        grouped = []
        for column in self.columns:
            if not grouped or grouped[-1][0] != column.course_id:
                grouped.append((column.course_id, column.course_title, []))
            grouped[-1][2].append(column)
        return [(title, columns) for _id, title, columns in grouped]


def module_columns(cohort):
    """The program's modules that have required activities, in journey order, in one query."""
    required = required_activities(cohort.program_id).subquery()
    rows = db.session.execute(
        select(Module.id, Module.title, Course.id, Course.title, func.count(required.c.id),
               func.count(case((required.c.kind == "quiz", required.c.id))))
        .select_from(required)
        .join(Activity, Activity.id == required.c.id)
        .join(Module, Module.id == Activity.module_id)
        .join(Course, Course.id == Activity.course_id)
        .join(ProgramCourse, (ProgramCourse.course_id == Course.id)
              & (ProgramCourse.program_id == cohort.program_id))
        .group_by(ProgramCourse.position, Course.id, Course.title, Module.position, Module.id,
                  Module.title)
        .order_by(ProgramCourse.position, Module.position, Module.id))
    return [ModuleColumn(*row) for row in rows]


def _by_name():
    return (func.lower(User.name), Enrollment.id)


# How the participants may be ordered. The program asks the same of everyone, so ordering by
# the number of required activities done is ordering by progress.
PROGRESS_SORTS = {
    "progress": lambda done: (done.asc(), *_by_name()),
    "-progress": lambda done: (done.desc(), *_by_name()),
}


DEFAULT_SORT = "name"


SORTS = (DEFAULT_SORT, *PROGRESS_SORTS)


def participants(cohort, sort=DEFAULT_SORT):
    """A select of the cohort's participant enrollments, their users loaded, in `sort` order
    (an unknown sort falls back to by name); paginate it with db.paginate."""
    query = (select(Enrollment)
             .join(Enrollment.user)
             .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT)
             .options(contains_eager(Enrollment.user).lazyload(User.role_grants),
                      lazyload(Enrollment.cohort)))  # the cohort is already in the session
    if sort not in PROGRESS_SORTS:
        return query.order_by(*_by_name())
    required = required_activities(cohort.program_id).subquery()
    done = (select(Completion.enrollment_id, func.count(Completion.id).label("done"))
            .join(required, required.c.id == Completion.activity_id)
            .join(Enrollment, Enrollment.id == Completion.enrollment_id)
            .where(Enrollment.cohort_id == cohort.id)
            .group_by(Completion.enrollment_id)
            .subquery())
    return (query.outerjoin(done, done.c.enrollment_id == Enrollment.id)
            .order_by(*PROGRESS_SORTS[sort](func.coalesce(done.c.done, 0))))


def _module_done(cohort, enrollment_ids):
    """{(enrollment id, module id): required activities done}, in one grouped query."""
    required = required_activities(cohort.program_id).subquery()
    rows = db.session.execute(
        select(Completion.enrollment_id, Activity.module_id, func.count(Completion.id))
        .join(required, required.c.id == Completion.activity_id)
        .join(Activity, Activity.id == Completion.activity_id)
        .where(Completion.enrollment_id.in_(enrollment_ids))
        .group_by(Completion.enrollment_id, Activity.module_id))
    return {(enrollment_id, module_id): count for enrollment_id, module_id, count in rows}


def _attendance_statuses(enrollment_ids):
    """{enrollment id: {session id: status}}, in one query."""
    rows = db.session.execute(
        select(Attendance.enrollment_id, Attendance.session_id, Attendance.status)
        .where(Attendance.enrollment_id.in_(enrollment_ids)))
    statuses = {}
    for enrollment_id, session_id, status in rows:
        statuses.setdefault(enrollment_id, {})[session_id] = status
    return statuses


def participant_rows(cohort, enrollments, columns, sessions, now):
    """A row per enrollment (users loaded) with its progress per module, attendance and
    status, in a fixed number of queries for any number of enrollments.

    The completion rules are evaluated from what these queries found already: the required
    activities done are the sum over the modules (every activity has a module), the sessions
    attended are counted from the attendance records, the program's totals from the columns
    and the sessions."""
    ids = [enrollment.id for enrollment in enrollments]
    done = _module_done(cohort, ids)
    statuses = _attendance_statuses(ids)
    held = [session.id for session in sessions if session.ends_at <= now]
    required_done = {}
    for (enrollment_id, _module_id), count in done.items():
        required_done[enrollment_id] = required_done.get(enrollment_id, 0) + count
    evaluations = evaluate_cohort(
        cohort, ids, now,
        totals=CohortTotals(required_activities=sum(column.total for column in columns),
                            required_quizzes=sum(column.quizzes for column in columns),
                            sessions=len(sessions), sessions_held=len(held)),
        required_done=required_done,
        sessions_attended={enrollment_id: sum(status in ATTENDED for status in own.values())
                           for enrollment_id, own in statuses.items()})
    held_ids = set(held)
    nothing_recorded = dict.fromkeys(session.id for session in sessions)
    expected = expected_progress(cohort, cohort_today(cohort, now))
    rows = []
    for enrollment in enrollments:
        modules = {column.id: Progress(done.get((enrollment.id, column.id), 0), column.total)
                   for column in columns}
        progress = sum(modules.values(), Progress())
        # every session of the round, in order, with what was recorded for this participant
        session_statuses = nothing_recorded.copy()
        attended = 0
        for session_id, status in statuses.get(enrollment.id, {}).items():
            if session_id in session_statuses:
                session_statuses[session_id] = status
                attended += session_id in held_ids and status in ATTENDED
        attendance = Progress(attended, len(held))
        evaluation = evaluations[enrollment.id]
        status = participant_status(
            complete=evaluation.complete, progress=percent(progress), expected=expected,
            attendance=percent(attendance) if held else None,
            min_attendance=cohort.program.min_attendance_percent)
        rows.append(ParticipantRow(enrollment, enrollment.user, modules, progress, attendance,
                                   session_statuses, evaluation, status))
    return rows


def dashboard(cohort, *, sort, page, now, per_page=PAGE_SIZE):
    """One page of the cohort's progress matrix, and its progress over time."""
    columns = module_columns(cohort)
    sessions = cohort_sessions(cohort.id)
    pagination = db.paginate(participants(cohort, sort), page=page, per_page=per_page,
                             max_per_page=per_page)
    rows = participant_rows(cohort, pagination.items, columns, sessions, now)
    required = sum(column.total for column in columns)
    return Dashboard(
        columns=columns, sessions_held=sum(session.ends_at <= now for session in sessions),
        expected=expected_progress(cohort, cohort_today(cohort, now)), pagination=pagination,
        rows=rows, series=progress_series(cohort, pagination.total, required, now))


def all_rows(cohort, now, batch_size=500):
    """(columns, sessions, rows of every participant by name), the rows made a batch at a
    time with the same queries per batch. The order is taken once, as ids, and each batch
    loaded by its ids: the cost grows with the round's size and no faster."""
    columns = module_columns(cohort)
    sessions = cohort_sessions(cohort.id)

    def rows():
        query = participants(cohort, DEFAULT_SORT)
        order = db.session.scalars(query.with_only_columns(Enrollment.id)).all()
        for start in range(0, len(order), batch_size):
            batch = db.session.scalars(
                query.where(Enrollment.id.in_(order[start:start + batch_size]))).all()
            yield from participant_rows(cohort, batch, columns, sessions, now)

    return columns, sessions, rows()
