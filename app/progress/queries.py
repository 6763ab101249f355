"""Evaluating the completion rules for a whole round, or for one person's enrolments, from
facts gathered in a fixed number of grouped queries."""
from sqlalchemy import and_, func, select

from app.content.models import Activity
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.mentoring.models import Submission
from app.progress.rules import COMPLETION_RULES, PLAN_ACCEPTED, CohortTotals, Evaluation, Facts
from app.seminars.models import SeminarResult
from app.rounds.models import (ATTENDED, Attendance, Cohort, CohortSession, Enrollment,
                               OptionalActivity, Program, ProgramCourse)


def required_activities(program_id):
    """A select of the program's live activities that its completion requires."""
    optional = select(OptionalActivity.activity_id).where(
        OptionalActivity.program_id == program_id)
    return (select(Activity.id, Activity.kind)
            .join(ProgramCourse, ProgramCourse.course_id == Activity.course_id)
            .where(ProgramCourse.program_id == program_id, Activity.archived_at.is_(None),
                   Activity.id.not_in(optional)))


def cohort_totals(cohort, now):
    """What the program asks of everyone and how many sessions there are, in one query."""
    required = required_activities(cohort.program_id).subquery()
    sessions = select(CohortSession.id, CohortSession.ends_at).where(
        CohortSession.cohort_id == cohort.id).subquery()
    row = db.session.execute(select(
        select(func.count(required.c.id)).scalar_subquery(),
        select(func.count(required.c.id)).where(required.c.kind == "quiz").scalar_subquery(),
        select(func.count(sessions.c.id)).scalar_subquery(),
        select(func.count(sessions.c.id)).where(sessions.c.ends_at <= now).scalar_subquery(),
    )).one()
    return CohortTotals(*row)


def cohort_facts(cohort, enrollment_ids, required_done=None, sessions_attended=None):
    """{enrollment id: Facts} for these enrollments of the cohort, in at most five grouped
    queries (the quiz, action-plan and seminar ones only when the program has those rules).

    A caller that has counted them already passes `required_done` (required activities
    completed) and `sessions_attended` (sessions attended, present or late), each
    {enrollment id: count}, and saves their queries."""
    facts = {enrollment_id: Facts() for enrollment_id in enrollment_ids}
    required = required_activities(cohort.program_id).subquery()
    if required_done is None:
        required_done = db.session.execute(
            select(Completion.enrollment_id, func.count(Completion.id))
            .join(required, required.c.id == Completion.activity_id)
            .where(Completion.enrollment_id.in_(enrollment_ids))
            .group_by(Completion.enrollment_id))
    else:
        required_done = required_done.items()
    for enrollment_id, count in required_done:
        facts[enrollment_id].required_done = count
    if cohort.program.min_quiz_score:
        best = db.session.execute(
            select(QuizAttempt.enrollment_id, func.count(func.distinct(QuizAttempt.activity_id)))
            .join(required, and_(required.c.id == QuizAttempt.activity_id,
                                 required.c.kind == "quiz"))
            .where(QuizAttempt.enrollment_id.in_(enrollment_ids),
                   QuizAttempt.score >= cohort.program.min_quiz_score)
            .group_by(QuizAttempt.enrollment_id))
        for enrollment_id, count in best:
            facts[enrollment_id].quizzes_at_minimum = count
    if cohort.program.requires_action_plan:
        approved = db.session.scalars(
            select(Submission.enrollment_id)
            .where(Submission.enrollment_id.in_(enrollment_ids),
                   Submission.kind == "action_plan", Submission.status.in_(PLAN_ACCEPTED)))
        for enrollment_id in approved:
            facts[enrollment_id].action_plan_approved = True
    if cohort.program.requires_seminar:
        add_seminar_results(facts, enrollment_ids)
    if sessions_attended is None:
        sessions_attended = db.session.execute(
            select(Attendance.enrollment_id, func.count(Attendance.id))
            .where(Attendance.enrollment_id.in_(enrollment_ids),
                   Attendance.status.in_(ATTENDED))
            .group_by(Attendance.enrollment_id))
    else:
        sessions_attended = sessions_attended.items()
    for enrollment_id, count in sessions_attended:
        facts[enrollment_id].sessions_attended = count
    return facts


def add_seminar_results(facts, enrollment_ids):
    """Each enrollment's published seminar predicate and whether it passed, in one query."""
    for enrollment_id, predicate, passed in db.session.execute(
            select(SeminarResult.enrollment_id, SeminarResult.predicate, SeminarResult.passed)
            .where(SeminarResult.enrollment_id.in_(enrollment_ids))):
        facts[enrollment_id].seminar_predicate = predicate
        facts[enrollment_id].seminar_passed = passed


def evaluate_cohort(cohort, enrollment_ids, now, totals=None, required_done=None,
                    sessions_attended=None):
    """{enrollment id: Evaluation} against the cohort's program's rules. `totals`
    (CohortTotals at `now`), `required_done` and `sessions_attended` (see cohort_facts) save
    their queries when the caller knows them already."""
    program = cohort.program
    rules = [rule for rule in COMPLETION_RULES.values() if rule.applies(program)]
    if totals is None:
        totals = cohort_totals(cohort, now)
    facts = cohort_facts(cohort, enrollment_ids, required_done, sessions_attended)
    return {enrollment_id: Evaluation([rule.evaluate(program, totals, facts)
                                       for rule in rules])
            for enrollment_id, facts in facts.items()}


def _required_for(program_id):
    """Conditions that make (ProgramCourse, Activity) a live, required activity of the program
    `program_id` (a column), as required_activities() has it for one program."""
    optional = select(OptionalActivity.activity_id).where(
        OptionalActivity.program_id == ProgramCourse.program_id)
    return (ProgramCourse.program_id == program_id,
            ProgramCourse.course_id == Activity.course_id, Activity.archived_at.is_(None),
            Activity.id.not_in(optional))


def rounds_totals(cohorts, now):
    """{cohort id: CohortTotals} for cohorts of any programs, in two grouped queries."""
    program_ids = {cohort.program_id for cohort in cohorts}
    required = {program_id: (0, 0) for program_id in program_ids}
    for program_id, activities, quizzes in db.session.execute(
            select(ProgramCourse.program_id, func.count(Activity.id),
                   func.count(Activity.id).filter(Activity.kind == "quiz"))
            .join(Activity, and_(*_required_for(ProgramCourse.program_id)))
            .where(ProgramCourse.program_id.in_(program_ids))
            .group_by(ProgramCourse.program_id)):
        required[program_id] = (activities, quizzes)
    sessions = {cohort.id: (0, 0) for cohort in cohorts}
    for cohort_id, planned, held in db.session.execute(
            select(CohortSession.cohort_id, func.count(CohortSession.id),
                   func.count(CohortSession.id).filter(CohortSession.ends_at <= now))
            .where(CohortSession.cohort_id.in_(sessions)).group_by(CohortSession.cohort_id)):
        sessions[cohort_id] = (planned, held)
    return {cohort.id: CohortTotals(*required[cohort.program_id], *sessions[cohort.id])
            for cohort in cohorts}


def enrollment_facts(enrollment_ids, seminar_ids=()):
    """{enrollment id: Facts} for enrollments of any rounds, in four grouped queries (a fifth
    for `seminar_ids`, those whose program requires the seminar): what cohort_facts() finds
    for one round's enrollments."""
    facts = {enrollment_id: Facts() for enrollment_id in enrollment_ids}
    of_round = (select(Enrollment.id, Cohort.program_id)
                .join(Cohort, Cohort.id == Enrollment.cohort_id)
                .where(Enrollment.id.in_(enrollment_ids)).subquery())
    done = db.session.execute(
        select(Completion.enrollment_id, func.count(Completion.id))
        .join(of_round, of_round.c.id == Completion.enrollment_id)
        .join(Activity, Activity.id == Completion.activity_id)
        .join(ProgramCourse, and_(*_required_for(of_round.c.program_id)))
        .group_by(Completion.enrollment_id))
    for enrollment_id, count in done:
        facts[enrollment_id].required_done = count
    best = db.session.execute(
        select(QuizAttempt.enrollment_id, func.count(func.distinct(QuizAttempt.activity_id)))
        .join(of_round, of_round.c.id == QuizAttempt.enrollment_id)
        .join(Program, Program.id == of_round.c.program_id)
        .join(Activity, and_(Activity.id == QuizAttempt.activity_id, Activity.kind == "quiz"))
        .join(ProgramCourse, and_(*_required_for(of_round.c.program_id)))
        .where(QuizAttempt.score >= Program.min_quiz_score)
        .group_by(QuizAttempt.enrollment_id))
    for enrollment_id, count in best:
        facts[enrollment_id].quizzes_at_minimum = count
    approved = db.session.scalars(
        select(Submission.enrollment_id)
        .where(Submission.enrollment_id.in_(enrollment_ids),
               Submission.kind == "action_plan", Submission.status.in_(PLAN_ACCEPTED)))
    for enrollment_id in approved:
        facts[enrollment_id].action_plan_approved = True
    if seminar_ids:
        add_seminar_results(facts, seminar_ids)
    attended = db.session.execute(
        select(Attendance.enrollment_id, func.count(Attendance.id))
        .where(Attendance.enrollment_id.in_(enrollment_ids), Attendance.status.in_(ATTENDED))
        .group_by(Attendance.enrollment_id))
    for enrollment_id, count in attended:
        facts[enrollment_id].sessions_attended = count
    return facts


def evaluate_enrollments(enrollments, now):
    """{enrollment id: Evaluation} for enrollments of any rounds (one person's, say), each
    against its own program's rules; six queries however many rounds they span, seven when
    one requires the seminar."""
    if not enrollments:
        return {}
    totals = rounds_totals({e.cohort_id: e.cohort for e in enrollments}.values(), now)
    facts = enrollment_facts([e.id for e in enrollments], [
        e.id for e in enrollments if e.cohort.program.requires_seminar])
    evaluations = {}
    for enrollment in enrollments:
        program = enrollment.cohort.program
        evaluations[enrollment.id] = Evaluation([
            rule.evaluate(program, totals[enrollment.cohort_id], facts[enrollment.id])
            for rule in COMPLETION_RULES.values() if rule.applies(program)])
    return evaluations
