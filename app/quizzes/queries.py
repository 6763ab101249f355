"""Reading a round's quizzes: the settings a quiz is taken with, and where a participant
stands with it."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.content.models import Activity, Module
from app.content.quiz_settings import QuizSettings, quiz_settings
from app.extensions import db
from app.learning.models import QuizAttempt
from app.quizzes.models import ExtraAttempt, QuizOverride
from app.auth.models import User
from app.rounds.models import Enrollment, ProgramCourse, RoundRole
from app.rounds.statuses import COHORT_STATUSES


def round_overrides(cohort_id, activity_id):
    """The round's overrides of a quiz's settings, {} when there are none."""
    return db.session.scalar(select(QuizOverride.settings).filter_by(
        cohort_id=cohort_id, activity_id=activity_id)) or {}


def settings_for(cohort_id, activity):
    return quiz_settings(activity.spec, round_overrides(cohort_id, activity.id))


@dataclass
class QuizState:
    """Where one participant stands with one quiz."""
    settings: QuizSettings
    attempts: list = field(default_factory=list)  # newest first
    extra: int = 0
    round_open: bool = True

    @property
    def current(self):
        """The attempt in progress, if any."""
        return next((attempt for attempt in self.attempts if attempt.in_progress), None)

    @property
    def passed(self):
        return any(attempt.passed for attempt in self.attempts)

    @property
    def best(self):
        scores = [attempt.score for attempt in self.attempts if attempt.score is not None]
        return max(scores) if scores else None

    @property
    def allowed(self):
        """How many attempts the participant has in all; None for no limit."""
        return self.settings.attempts + self.extra if self.settings.attempts else None

    @property
    def left(self):
        """Attempts not yet started; None for no limit."""
        return None if self.allowed is None else max(0, self.allowed - len(self.attempts))

    @property
    def may_try_again(self):
        """Whether a new attempt could still be started, now or after the current one."""
        return self.round_open and not self.passed and (self.left is None or self.left > 0)


def quiz_state(enrollment, activity):
    attempts = db.session.scalars(
        select(QuizAttempt).filter_by(enrollment_id=enrollment.id, activity_id=activity.id)
        .order_by(QuizAttempt.number.desc())
        .execution_options(populate_existing=True)).all()
    extra = db.session.scalar(select(func.count(ExtraAttempt.id)).filter_by(
        enrollment_id=enrollment.id, activity_id=activity.id))
    return QuizState(settings_for(enrollment.cohort_id, activity), attempts, extra,
                     COHORT_STATUSES[enrollment.cohort.status].learning)


def round_quizzes(cohort):
    """The quizzes of the round's program, in journey order."""
    return db.session.scalars(
        select(Activity).join(Module, Module.id == Activity.module_id)
        .join(ProgramCourse, ProgramCourse.course_id == Activity.course_id)
        .where(ProgramCourse.program_id == cohort.program_id, Activity.kind == "quiz",
               Activity.archived_at.is_(None))
        .order_by(ProgramCourse.position, Module.position, Activity.position)).all()


@dataclass
class ParticipantAttempts:
    enrollment: object
    name: str
    attempts: list  # newest first
    extra: int

    @property
    def ended(self):
        return [attempt for attempt in self.attempts if not attempt.in_progress]

    @property
    def passed(self):
        return any(attempt.passed for attempt in self.attempts)

    @property
    def best(self):
        return max((attempt.score for attempt in self.ended), default=None)


def round_attempts(cohort, activity, coach_id=None):
    """[ParticipantAttempts] of a round's participants at a quiz, by name; only the mentees of
    `coach_id` when it is given. Three queries, whatever the size of the round."""
    query = (select(Enrollment, User.name).join(User, User.id == Enrollment.user_id)
             .where(Enrollment.cohort_id == cohort.id,
                    Enrollment.role == RoundRole.PARTICIPANT)
             .order_by(User.name, Enrollment.id))
    if coach_id is not None:
        query = query.where(Enrollment.coach_id == coach_id)
    rows = db.session.execute(query).all()
    ids = [enrollment.id for enrollment, _name in rows]
    attempts = {}
    for attempt in db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.activity_id == activity.id,
                                      QuizAttempt.enrollment_id.in_(ids))
            .order_by(QuizAttempt.number.desc())):
        attempts.setdefault(attempt.enrollment_id, []).append(attempt)
    extra = dict(db.session.execute(
        select(ExtraAttempt.enrollment_id, func.count(ExtraAttempt.id))
        .where(ExtraAttempt.activity_id == activity.id, ExtraAttempt.enrollment_id.in_(ids))
        .group_by(ExtraAttempt.enrollment_id)).all())
    return [ParticipantAttempts(enrollment, name, attempts.get(enrollment.id, []),
                                extra.get(enrollment.id, 0)) for enrollment, name in rows]


def extra_attempts(enrollment, activity):
    """The extra attempts granted to a participant at a quiz, with who granted them."""
    return db.session.execute(
        select(ExtraAttempt, User.name).outerjoin(User, User.id == ExtraAttempt.granted_by_id)
        .where(ExtraAttempt.enrollment_id == enrollment.id,
               ExtraAttempt.activity_id == activity.id)
        .order_by(ExtraAttempt.granted_at)).all()
