"""Read-side queries for the organiser's pages of programs and rounds, the agenda and the
calendar feeds."""
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.content.models import Activity, Course
from app.extensions import db
from app.regions.queries import regions_of_province
from app.rounds.models import RoundRole
from app.rounds.models import (ATTENDED, Attendance, Cohort, CohortSession, Enrollment,
                               OptionalActivity, Program, ProgramCourse)
from app.rounds.statuses import visible_statuses


def managed_programs(organisation_ids):
    """Programs of these organisations (all when None), with their cohorts newest first."""
    query = select(Program).order_by(Program.title)
    if organisation_ids is not None:
        query = query.where(Program.organisation_id.in_(organisation_ids))
    programs = db.session.scalars(query).all()
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.program_id.in_([p.id for p in programs]))
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()
    by_program = {program.id: [] for program in programs}
    for cohort in cohorts:
        by_program[cohort.program_id].append(cohort)
    return [(program, by_program[program.id]) for program in programs]


def role_counts(cohort_ids):
    """{cohort id: {role: count}} in one grouped query."""
    counts = {cohort_id: {} for cohort_id in cohort_ids}
    rows = db.session.execute(
        select(Enrollment.cohort_id, Enrollment.role, func.count(Enrollment.id))
        .where(Enrollment.cohort_id.in_(cohort_ids))
        .group_by(Enrollment.cohort_id, Enrollment.role))
    for cohort_id, role, count in rows:
        counts[cohort_id][role] = count
    return counts


def cohort_sessions(cohort_id):
    return db.session.scalars(
        select(CohortSession).where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.starts_at, CohortSession.id)).all()


def program_cohorts(program_id):
    return db.session.scalars(select(Cohort).where(Cohort.program_id == program_id)
                              .order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()


def participants_by_region(program_id):
    """{region code: participants} over every round of the program, in one grouped query."""
    return dict(db.session.execute(
        select(User.region_code, func.count(func.distinct(User.id)))
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.program_id == program_id, Enrollment.role == RoundRole.PARTICIPANT,
               User.region_code.is_not(None))
        .group_by(User.region_code)).all())


def region_reach(program):
    """The regencies and cities of the organisation's province, each with how many of its
    people the program has trained; empty when the organisation has no region."""
    code = program.organisation.region_code
    if not code:
        return []
    trained = participants_by_region(program.id)
    return [(region, trained.get(region.code, 0))
            for region in regions_of_province(code.split(".")[0])]


def audit_events(cohort_id):
    """A select of the cohort's audit events, newest first, for pagination."""
    return (select(AuditEvent).where(AuditEvent.cohort_id == cohort_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))


def program_activities(program_id):
    """(course title, activity) for every live activity of the program, in journey order."""
    return db.session.execute(
        select(Course.title, Activity).join(Activity, Activity.course_id == Course.id)
        .join(ProgramCourse, ProgramCourse.course_id == Course.id)
        .where(ProgramCourse.program_id == program_id, Activity.archived_at.is_(None))
        .order_by(ProgramCourse.position, Activity.position)).all()


def optional_activity_ids(program_id):
    return set(db.session.scalars(select(OptionalActivity.activity_id)
                                  .where(OptionalActivity.program_id == program_id)))


def program_courses(program_id):
    return db.session.scalars(
        select(ProgramCourse).where(ProgramCourse.program_id == program_id)
        .order_by(ProgramCourse.position)
    ).all()


def attended_counts(session_ids):
    """{session id: participants present or late}, in one grouped query."""
    counts = dict.fromkeys(session_ids, 0)
    counts.update(db.session.execute(
        select(Attendance.session_id, func.count(Attendance.id))
        .where(Attendance.session_id.in_(session_ids), Attendance.status.in_(ATTENDED))
        .group_by(Attendance.session_id)).all())
    return counts


def cohort_by_calendar_token(token):
    return db.session.scalar(select(Cohort).where(Cohort.calendar_token == token))


def user_by_calendar_token(token):
    return db.session.scalar(select(User).where(User.calendar_token == token))


def user_sessions(user_id, since=None, limit=None):
    """Sessions of every cohort the user is in, whatever their role, leaving out rounds that
    are still drafts."""
    query = (select(CohortSession)
             .join(Enrollment, Enrollment.cohort_id == CohortSession.cohort_id)
             .join(Cohort, Cohort.id == CohortSession.cohort_id)
             .where(Enrollment.user_id == user_id, Cohort.status.in_(visible_statuses()))
             .order_by(CohortSession.starts_at, CohortSession.id))
    if since is not None:
        query = query.where(CohortSession.ends_at > since)
    if limit is not None:
        query = query.limit(limit)
    return db.session.scalars(query).all()
