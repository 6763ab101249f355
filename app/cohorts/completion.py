"""A program's completion rules, each a small class in one registry, evaluated for a whole
cohort from facts gathered in a fixed number of grouped queries."""
import math
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from app.cohorts.models import (ATTENDED, Attendance, Cohort, CohortSession, Enrollment,
                                OptionalActivity, Program, ProgramCourse)
from app.courses.models import Activity, Completion, QuizAttempt
from app.extensions import db
from app.mentoring.models import Submission

# An action plan counts once the coach approved it; the mentor's endorsement keeps it so.
PLAN_ACCEPTED = ("approved", "endorsed")


@dataclass
class Facts:
    """What one enrollment has achieved, as far as the rules need to know."""
    required_done: int = 0
    quizzes_at_minimum: int = 0
    sessions_attended: int = 0
    action_plan_approved: bool = False


@dataclass
class CohortTotals:
    """What the cohort's program asks of everyone."""
    required_activities: int = 0
    required_quizzes: int = 0
    sessions: int = 0
    sessions_held: int = 0


@dataclass
class Requirement:
    key: str
    label: str
    met: bool
    detail: str


@dataclass
class Evaluation:
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def complete(self):
        return all(requirement.met for requirement in self.requirements)

    @property
    def missing(self):
        return [requirement for requirement in self.requirements if not requirement.met]


class CompletionRule:
    key = ""

    def applies(self, program):
        return True

    def evaluate(self, program, totals, facts):
        """Return a Requirement for one participant."""
        raise NotImplementedError


class RequiredActivities(CompletionRule):
    key = "activities"

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Complete every required activity"),
            facts.required_done >= totals.required_activities,
            _l("%(done)s of %(total)s done", done=facts.required_done,
               total=totals.required_activities))


class MinimumQuizScore(CompletionRule):
    key = "quiz_score"

    def applies(self, program):
        return program.min_quiz_score is not None and program.min_quiz_score > 0

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Score at least %(score)s%% in every required quiz",
                         score=program.min_quiz_score),
            facts.quizzes_at_minimum >= totals.required_quizzes,
            _l("%(done)s of %(total)s quizzes at that score", done=facts.quizzes_at_minimum,
               total=totals.required_quizzes))


class MinimumAttendance(CompletionRule):
    key = "attendance"

    def applies(self, program):
        return program.min_attendance_percent is not None and program.min_attendance_percent > 0

    def evaluate(self, program, totals, facts):
        needed = sessions_needed(program, totals)
        return Requirement(
            self.key, _l("Attend at least %(percent)s%% of the sessions",
                         percent=program.min_attendance_percent),
            facts.sessions_attended >= needed,
            _l("attended %(attended)s; %(needed)s of %(total)s sessions needed",
               attended=facts.sessions_attended, needed=needed, total=totals.sessions))


class ApprovedActionPlan(CompletionRule):
    key = "action_plan"

    def applies(self, program):
        return program.requires_action_plan

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Have your action plan approved by your coach"),
            facts.action_plan_approved,
            _l("approved") if facts.action_plan_approved else _l("not approved yet"))


COMPLETION_RULES = {rule.key: rule for rule in (
    RequiredActivities(), MinimumQuizScore(), MinimumAttendance(), ApprovedActionPlan())}


def sessions_needed(program, totals):
    return math.ceil(totals.sessions * (program.min_attendance_percent or 0) / 100)


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
    """{enrollment id: Facts} for these enrollments of the cohort, in at most four grouped
    queries (the quiz and action-plan ones only when the program has those rules).

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


def enrollment_facts(enrollment_ids):
    """{enrollment id: Facts} for enrollments of any rounds, in four grouped queries: what
    cohort_facts() finds for one round's enrollments."""
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
    attended = db.session.execute(
        select(Attendance.enrollment_id, func.count(Attendance.id))
        .where(Attendance.enrollment_id.in_(enrollment_ids), Attendance.status.in_(ATTENDED))
        .group_by(Attendance.enrollment_id))
    for enrollment_id, count in attended:
        facts[enrollment_id].sessions_attended = count
    return facts


def evaluate_enrollments(enrollments, now):
    """{enrollment id: Evaluation} for enrollments of any rounds (one person's, say), each
    against its own program's rules; six queries however many rounds they span."""
    if not enrollments:
        return {}
    totals = rounds_totals({e.cohort_id: e.cohort for e in enrollments}.values(), now)
    facts = enrollment_facts([e.id for e in enrollments])
    evaluations = {}
    for enrollment in enrollments:
        program = enrollment.cohort.program
        evaluations[enrollment.id] = Evaluation([
            rule.evaluate(program, totals[enrollment.cohort_id], facts[enrollment.id])
            for rule in COMPLETION_RULES.values() if rule.applies(program)])
    return evaluations
