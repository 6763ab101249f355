"""Read-side queries for the organiser's pages."""
from sqlalchemy import func, select

from app.cohorts.models import Cohort, CohortSession, Enrollment, Program
from app.extensions import db


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
