"""Read-side queries for the learner's journey; progress is counted in SQL from completions.

The queries every learner's page runs are built once, with bound parameters, rather than on
each request: building and keying a statement costs SQLAlchemy more than SQLite takes to
run it."""
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import defer

from app.content.models import Activity, Course, Module
from app.extensions import db
from app.learning.models import Completion
from app.rounds.models import Cohort, Enrollment, ProgramCourse, RoundRole
from app.rounds.statuses import visible_statuses


@dataclass
class Progress:
    done: int = 0
    total: int = 0

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    def __add__(self, other):
        return Progress(self.done + other.done, self.total + other.total)


@dataclass
class Step:
    activity: Activity
    done: bool
    blocked_by: Activity | None
    score: int | None

    @property
    def locked(self):
        return self.blocked_by is not None


@dataclass
class JourneyModule:
    module: Module
    steps: list[Step] = field(default_factory=list)


@dataclass
class JourneyCourse:
    course: Course
    progress: Progress
    modules: list[JourneyModule] = field(default_factory=list)


@dataclass
class Journey:
    enrollment: Enrollment
    courses: list[JourneyCourse]
    progress: Progress
    next_step: Step | None
    next_course: Course | None


def _live_activities():
    return Activity.archived_at.is_(None)


PROGRESS_BY_ENROLLMENT = (
    select(Enrollment.id, func.count(Activity.id), func.count(Completion.id))
    .join(Cohort, Cohort.id == Enrollment.cohort_id)
    .join(ProgramCourse, ProgramCourse.program_id == Cohort.program_id)
    .join(Activity, Activity.course_id == ProgramCourse.course_id)
    .outerjoin(Completion, and_(Completion.activity_id == Activity.id,
                                Completion.enrollment_id == Enrollment.id))
    .where(Enrollment.id.in_(bindparam("enrollment_ids", expanding=True)), _live_activities())
    .group_by(Enrollment.id)
)


def progress_by_enrollment(enrollment_ids):
    """{enrollment id: Progress} over each enrollment's whole program, in one grouped query."""
    rows = db.session.execute(PROGRESS_BY_ENROLLMENT, {"enrollment_ids": list(enrollment_ids)})
    progress = {enrollment_id: Progress() for enrollment_id in enrollment_ids}
    progress.update({enrollment_id: Progress(done, total) for enrollment_id, total, done in rows})
    return progress


LEARNER_ENROLLMENTS = (
    select(Enrollment).join(Enrollment.cohort)
    .where(Enrollment.user_id == bindparam("user_id"), Enrollment.role == RoundRole.PARTICIPANT,
           Cohort.status.in_(bindparam("statuses", expanding=True)))
    .order_by(Cohort.starts_on.desc(), Enrollment.id)
)


def learner_enrollments(user):
    """The user's participant enrollments in rounds they may see, newest round first."""
    return db.session.scalars(
        LEARNER_ENROLLMENTS, {"user_id": user.id, "statuses": visible_statuses()}).all()


OWN_ENROLLMENT = (
    select(Enrollment).join(Enrollment.cohort)
    .where(Enrollment.cohort_id == bindparam("cohort_id"),
           Enrollment.user_id == bindparam("user_id"), Enrollment.role == RoundRole.PARTICIPANT,
           Cohort.status.in_(bindparam("statuses", expanding=True)))
)


def own_enrollment(user, cohort_id):
    """The user's participant enrollment in a cohort they may see, or None."""
    return db.session.scalar(OWN_ENROLLMENT, {"cohort_id": cohort_id, "user_id": user.id,
                                              "statuses": visible_statuses()})


JOURNEY_COURSES = (
    select(ProgramCourse, Module)
    .outerjoin(Module, and_(Module.course_id == ProgramCourse.course_id,
                            Module.archived_at.is_(None)))
    .where(ProgramCourse.program_id == bindparam("program_id"))
    .order_by(ProgramCourse.position, Module.position)
)


# The journey shows titles and states; bodies load only on the activity's own page.
JOURNEY_ACTIVITIES = (
    select(Activity, Completion.id, Completion.score)
    .outerjoin(Completion, and_(Completion.activity_id == Activity.id,
                                Completion.enrollment_id == bindparam("enrollment_id")))
    .where(Activity.course_id.in_(bindparam("course_ids", expanding=True)), _live_activities())
    .options(defer(Activity.body_html, raiseload=True), defer(Activity.spec, raiseload=True))
    .order_by(Activity.position)
)


def build_journey(enrollment):
    """The program's courses, modules and activities with done/locked state and progress, in
    two queries: the courses with their live modules, and the live activities with this
    enrollment's completions (the per-course progress is counted from those)."""
    courses, modules = [], []
    for program_course, module in db.session.execute(
            JOURNEY_COURSES, {"program_id": enrollment.cohort.program_id}):
        if not courses or courses[-1] is not program_course.course:
            courses.append(program_course.course)
        if module is not None:
            modules.append(module)
    course_ids = [c.id for c in courses]
    rows = db.session.execute(
        JOURNEY_ACTIVITIES, {"enrollment_id": enrollment.id, "course_ids": course_ids}).all()
    activities = [activity for activity, _completion, _score in rows]
    scores = {activity.id: score for activity, completion, score in rows if completion is not None}
    progress = {course_id: Progress() for course_id in course_ids}
    for activity in activities:
        progress[activity.course_id].total += 1
        progress[activity.course_id].done += activity.id in scores
    by_id = {a.id: a for a in activities}

    by_module = {m.id: JourneyModule(m) for m in modules}
    for activity in activities:
        required = by_id.get(activity.requires_id)
        blocked_by = required if required is not None and required.id not in scores else None
        step = Step(activity, activity.id in scores, blocked_by, scores.get(activity.id))
        if activity.module_id in by_module:
            by_module[activity.module_id].steps.append(step)
    journey_courses = {c.id: JourneyCourse(c, progress[c.id]) for c in courses}
    for module in modules:
        journey_courses[module.course_id].modules.append(by_module[module.id])

    ordered = list(journey_courses.values())
    next_step = next_course = None
    for journey_course in ordered:
        for journey_module in journey_course.modules:
            for step in journey_module.steps:
                if next_step is None and not step.done and not step.locked:
                    next_step, next_course = step, journey_course.course
    total = sum((c.progress for c in ordered), Progress())
    return Journey(enrollment, ordered, total, next_step, next_course)


def find_step(journey, course_slug, activity_slug):
    """The journey's step for a course and activity slug, with its course, or (None, None)."""
    for journey_course in journey.courses:
        if journey_course.course.slug != course_slug:
            continue
        for journey_module in journey_course.modules:
            for step in journey_module.steps:
                if step.activity.slug == activity_slug:
                    return journey_course, step
    return None, None


ACTIVITY_WITH_BODY = (select(Activity).where(Activity.id == bindparam("activity_id"))
                      .execution_options(populate_existing=True))


def activity_with_body(activity_id):
    """The activity with its body and spec, which the journey query leaves out."""
    return db.session.scalars(ACTIVITY_WITH_BODY, {"activity_id": activity_id}).one()
