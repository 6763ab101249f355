"""Reading the seminar: a round's rubric, who scores whom, the scores and results of a round
or of one participant, each in a fixed number of queries."""
from dataclasses import dataclass, replace

from sqlalchemy import or_, select

from app.auth.models import User
from app.extensions import db
from app.rounds.models import Cohort, Enrollment, RoundRole
from app.seminars.models import SeminarResult, SeminarScore, SeminarSettings
from app.seminars.rubric import load_rubric

SCORER_COLUMNS = {"examiner": "examiner_id", "coach": "coach_id", "mentor": "mentor_id"}


def settings(cohort_id):
    return db.session.scalar(select(SeminarSettings).filter_by(cohort_id=cohort_id))


def round_rubric(cohort_id):
    """The shipped rubric with the round's own weights, when it has chosen some."""
    rubric = load_rubric()
    chosen = settings(cohort_id)
    if chosen is None:
        return rubric
    criteria = tuple(replace(c, weight=chosen.criterion_weights.get(c.key, c.weight))
                     for c in rubric.criteria)
    return replace(rubric, criteria=criteria, role_weights={
        "examiner": chosen.examiner_weight, "coach": chosen.coach_weight,
        "mentor": chosen.mentor_weight})


def scorer_role(user, enrollment):
    """'examiner', 'coach' or 'mentor' when the user scores this participant, else None."""
    for role, column in SCORER_COLUMNS.items():
        if getattr(enrollment, column) == user.id:
            return role
    return None


@dataclass(frozen=True)
class Scoring:
    enrollment_id: int
    cohort_id: int
    cohort_name: str
    participant: str
    role: str
    scored: bool
    published: bool


def my_scoring(user):
    """The participants the user scores, in every round, with whether they have scored."""
    scored = select(SeminarScore.enrollment_id).where(SeminarScore.scorer_id == user.id)
    published = select(SeminarResult.enrollment_id)
    rows = db.session.execute(
        select(Enrollment, Cohort.name, User.name, Enrollment.id.in_(scored),
               Enrollment.id.in_(published))
        .join(Cohort, Cohort.id == Enrollment.cohort_id).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.role == RoundRole.PARTICIPANT, or_(
            Enrollment.examiner_id == user.id, Enrollment.coach_id == user.id,
            Enrollment.mentor_id == user.id))
        .order_by(Cohort.starts_on.desc(), User.name)).all()
    return [Scoring(e.id, e.cohort_id, cohort, name, scorer_role(user, e), bool(done),
                    bool(out)) for e, cohort, name, done, out in rows]


def score_of(enrollment_id, scorer_id, for_update=False):
    query = select(SeminarScore).filter_by(enrollment_id=enrollment_id, scorer_id=scorer_id)
    return db.session.scalar(query.with_for_update() if for_update else query)


def scores_of(enrollment_ids):
    """{enrollment id: {role: SeminarScore}}, in one query."""
    found = {enrollment_id: {} for enrollment_id in enrollment_ids}
    for score in db.session.scalars(
            select(SeminarScore).where(SeminarScore.enrollment_id.in_(enrollment_ids))):
        found[score.enrollment_id][score.role] = score
    return found


def results_of(enrollment_ids):
    """{enrollment id: SeminarResult} of the published ones, in one query."""
    return {result.enrollment_id: result for result in db.session.scalars(
        select(SeminarResult).where(SeminarResult.enrollment_id.in_(enrollment_ids)))}


def result_of(enrollment_id):
    return db.session.scalar(select(SeminarResult).filter_by(enrollment_id=enrollment_id))


def scorer_names(enrollment_ids):
    """{enrollment id: {role: name}} of the scorers assigned to each participant."""
    names = {enrollment_id: {} for enrollment_id in enrollment_ids}
    for role, column in SCORER_COLUMNS.items():
        for enrollment_id, name in db.session.execute(
                select(Enrollment.id, User.name)
                .join(User, User.id == getattr(Enrollment, column))
                .where(Enrollment.id.in_(enrollment_ids))):
            names[enrollment_id][role] = name
    return names


def round_participants(cohort_id, for_update=False):
    """[(Enrollment, name)] of the round's participants, by name."""
    query = (select(Enrollment, User.name).join(User, User.id == Enrollment.user_id)
             .where(Enrollment.cohort_id == cohort_id, Enrollment.role == RoundRole.PARTICIPANT)
             .order_by(User.name, Enrollment.id))
    return db.session.execute(query.with_for_update(of=Enrollment) if for_update
                              else query).all()


def participant_name(enrollment):
    return db.session.scalar(select(User.name).where(User.id == enrollment.user_id))


def lock_enrollment(enrollment_id):
    """The enrollment, locked until the transaction ends: its scores and its result change one
    request at a time."""
    return db.session.scalar(select(Enrollment).where(Enrollment.id == enrollment_id)
                             .with_for_update(of=Enrollment))
