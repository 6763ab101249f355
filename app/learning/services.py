"""The learner's actions on activities: recording what they did, marking lessons done."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.content.kinds import ACTIVITY_KINDS
from app.errors import DomainError
from app.events import progress_recorded
from app.extensions import db
from app.learning.models import Completion
from app.rounds.statuses import COHORT_STATUSES


class ActivityLocked(DomainError):
    pass


class NotCompletableHere(DomainError):
    pass


def record_completion(enrollment, activity, *, score=None, recorded_by=None):
    """Record that an enrollment has done an activity; a better score replaces a worse one.

    Safe against parallel requests doing the same: the unique (enrollment, activity)
    constraint keeps one row, the loser of the race to insert it updates it instead, and the
    row is locked while its score is compared, so a worse score never overwrites a better one.
    """
    completion = _keep_completion(enrollment, activity, score, recorded_by)
    progress_recorded.send(enrollment_ids=[enrollment.id])
    return completion


def _keep_completion(enrollment, activity, score, recorded_by):
    completion = _find_completion(enrollment.id, activity.id)
    if completion is None:
        try:
            with db.session.begin_nested():
                completion = Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                        score=score,
                                        recorded_by_id=recorded_by.id if recorded_by else None)
                db.session.add(completion)
            return completion
        except IntegrityError:
            completion = _find_completion(enrollment.id, activity.id)
    if score is not None and (completion.score is None or score > completion.score):
        completion.score = score
    db.session.flush()
    return completion


def _find_completion(enrollment_id, activity_id):
    """The completion, locked until the transaction ends and read afresh, as another
    transaction may have just changed it."""
    return db.session.scalar(
        select(Completion).filter_by(enrollment_id=enrollment_id, activity_id=activity_id)
        .with_for_update().execution_options(populate_existing=True))


class RoundNotLearning(DomainError):
    pass


def check_open(enrollment, step):
    """Refuse progress in a round that is not running, or on a step still locked."""
    status = COHORT_STATUSES[enrollment.cohort.status]
    if not status.learning:
        raise RoundNotLearning(_("The round is %(status)s: you can read, but not record "
                                 "progress.", status=status.label))
    if step.locked:
        raise ActivityLocked(_("Finish “%(title)s” first.", title=step.blocked_by.title))


def mark_done(enrollment, step):
    """Mark a lesson done by the learner themselves."""
    check_open(enrollment, step)
    if not ACTIVITY_KINDS[step.activity.kind].learner_marks_done:
        raise NotCompletableHere(_("This activity is completed by doing it, not by marking it."))
    return record_completion(enrollment, step.activity)
