"""What organisers and coaches decide about a round's quizzes: the round's settings for a
quiz, and one more attempt for a participant. Both are audited."""
from flask_babel import gettext as _

from app import clock
from app.audit.services import record_event
from app.content.quiz_settings import quiz_settings
from app.errors import DomainError
from app.extensions import db
from app.quizzes.models import ExtraAttempt, QuizOverride
from app.quizzes.queries import quiz_state


class NoExtraAttempt(DomainError):
    pass


def set_round_settings(cohort, activity, values, actor):
    """Keep, for this round, the settings that differ from the quiz file's."""
    from_file = quiz_settings(activity.spec).as_dict()
    overrides = {name: value for name, value in values.items() if from_file[name] != value}
    override = db.session.scalar(db.select(QuizOverride).filter_by(
        cohort_id=cohort.id, activity_id=activity.id).with_for_update())
    if override is None:
        override = QuizOverride(cohort_id=cohort.id, activity_id=activity.id)
        db.session.add(override)
    override.settings = overrides
    override.updated_by_id = actor.id
    override.updated_at = clock.now()
    record_event(actor, "quiz.settings_changed", cohort=cohort, quiz=activity.title,
                 changes=", ".join(f"{name} = {value}" for name, value in overrides.items())
                 or "—")
    db.session.flush()
    return override


def grant_extra_attempt(enrollment, activity, reason, actor, participant_name):
    """One more attempt at a quiz for a participant who has used theirs without passing."""
    state = quiz_state(enrollment, activity)
    if state.passed:
        raise NoExtraAttempt(_("%(name)s has passed this quiz and needs no further attempt.",
                               name=participant_name))
    if state.allowed is None:
        raise NoExtraAttempt(_("This quiz allows any number of attempts."))
    grant = ExtraAttempt(enrollment_id=enrollment.id, activity_id=activity.id,
                         reason=reason, granted_by_id=actor.id)
    db.session.add(grant)
    record_event(actor, "quiz.extra_attempt_granted", cohort=enrollment.cohort,
                 name=participant_name, quiz=activity.title, reason=reason)
    db.session.flush()
    return grant
