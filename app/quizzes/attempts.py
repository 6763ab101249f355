"""Taking a quiz: an attempt is started (its questions drawn), answers are saved as they are
given, and it is submitted once, by the participant or, when its time ran out, with what it
holds. Every step reads the attempt locked, so parallel requests record one attempt, once.
"""
import random
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.content.kinds import grade_quiz
from app.content.models import Activity
from app.errors import DomainError
from app.extensions import db
from app.learning.models import QuizAttempt
from app.learning.services import NotCompletableHere, check_open, record_completion
from app.quizzes.queries import quiz_state
from app.rounds.models import Enrollment

# A submit sent as the countdown reaches zero still counts: the network takes its time.
GRACE = timedelta(seconds=30)

_draw = random.SystemRandom()


class QuizClosed(DomainError):
    pass


class AttemptEnded(DomainError):
    pass


class NotInAttempt(DomainError):
    pass


@dataclass
class Submission:
    """What a submit did: ended the attempt, or kept it open as questions are unanswered."""
    attempt: QuizAttempt
    unanswered: list[int] = field(default_factory=list)  # question numbers, as shown


def start_attempt(enrollment, step):
    """The participant's attempt in progress at a quiz, started now if there is none.

    An attempt whose time ran out is submitted first, with what it holds.
    """
    check_open(enrollment, step)
    activity = step.activity
    if activity.kind != "quiz":
        raise NotCompletableHere(_("This activity is not a quiz."))
    state = quiz_state(enrollment, activity)
    current = state.current
    if current is not None:
        if not is_late(current):
            return current
        end_attempt(enrollment, activity, current, timed_out=True)
        state = quiz_state(enrollment, activity)
    _check_may_start(state)
    return _insert_attempt(enrollment, activity, state.settings)


def _check_may_start(state):
    if state.passed:
        raise QuizClosed(_("You have passed this quiz; it takes no further attempt."))
    if state.left == 0:
        raise QuizClosed(ngettext("You have used your %(num)s attempt at this quiz.",
                                  "You have used all %(num)s attempts at this quiz.",
                                  state.allowed))


def _insert_attempt(enrollment, activity, settings):
    now = clock.now()
    number = 1 + (db.session.scalar(select(func.max(QuizAttempt.number)).filter_by(
        enrollment_id=enrollment.id, activity_id=activity.id)) or 0)
    attempt = QuizAttempt(
        enrollment_id=enrollment.id, activity_id=activity.id, number=number, started_at=now,
        due_at=now + timedelta(minutes=settings.time_limit) if settings.time_limit else None,
        questions=draw_questions(activity.spec, settings), answers={})
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
        return attempt
    except IntegrityError:
        # A parallel request started one a moment before: that one is the attempt.
        current = quiz_state(enrollment, activity).current
        if current is None:
            raise QuizClosed(_("Another attempt was started at the same moment; reload the "
                               "page.")) from None
        return current


def draw_questions(spec, settings):
    """The questions of a new attempt, in the order shown, each with its choices' order."""
    questions = spec["questions"]
    if settings.draw:
        kept = sorted(_draw.sample(range(len(questions)), settings.draw))
        questions = [questions[index] for index in kept]
    questions = list(questions)
    if settings.shuffle_questions:
        _draw.shuffle(questions)
    drawn = []
    for question in questions:
        order = list(range(len(question["choices"])))
        if settings.shuffle_choices:
            _draw.shuffle(order)
        drawn.append({"key": question["key"], "order": order})
    return drawn


def is_late(attempt, now=None):
    """Whether the attempt's time ran out, beyond the grace a late network is given."""
    return attempt.due_at is not None and (now or clock.now()) > attempt.due_at + GRACE


def locked_attempt(attempt_id):
    """The attempt, locked until the transaction ends and read afresh."""
    return db.session.scalar(select(QuizAttempt).filter_by(id=attempt_id).with_for_update()
                             .execution_options(populate_existing=True))


def read_answers(attempt, spec, form):
    """{question key: sorted choice indexes} from form fields named q-<key>.

    A field for a question the attempt did not ask, or a choice the question does not have,
    is refused with the question named: answers are what the page offered, nothing else.
    """
    asked = {question["key"]: (number, question) for number, (question, _choices)
             in enumerate(attempt.asked(spec), start=1)}
    answers = {}
    for name in form:
        if not name.startswith("q-"):
            continue
        key = name[2:]
        if key not in asked:
            raise NotInAttempt(_("“%(key)s” is not a question of this attempt; nothing was "
                                 "saved.", key=key))
        number, question = asked[key]
        answers[key] = _choice_indexes(number, question, form.getlist(name))
    return answers


def _choice_indexes(number, question, values):
    indexes = set()
    for value in values:
        if not value.isdigit() or int(value) >= len(question["choices"]):
            raise NotInAttempt(_("Question %(number)s has no choice “%(value)s”; nothing was "
                                 "saved.", number=number, value=value))
        indexes.add(int(value))
    if question["kind"] == "single" and len(indexes) > 1:
        raise NotInAttempt(_("Question %(number)s takes one answer only; nothing was saved.",
                             number=number))
    return sorted(indexes)


def save_answers(attempt, spec, form):
    """Keep the answers given so far in an attempt in progress (the page saves each as it is
    given, so a reload or a lost connection loses nothing)."""
    attempt = _open_attempt(attempt.id)
    if is_late(attempt):
        raise AttemptEnded(_("The time is up: answers given after it are not saved."))
    attempt.answers = {**attempt.answers, **read_answers(attempt, spec, form)}
    db.session.flush()
    return attempt


def _open_attempt(attempt_id):
    attempt = locked_attempt(attempt_id)
    if not attempt.in_progress:
        raise AttemptEnded(_("This attempt was submitted already; it is recorded once."))
    return attempt


def submit_attempt(enrollment, activity, attempt, form, confirmed):
    """Submit an attempt with the answers sent. Until `confirmed`, an attempt with unanswered
    questions stays open (its answers saved) and the submission lists them. After its time
    limit, the answers sent are ignored and the attempt is submitted with what it held."""
    attempt = _open_attempt(attempt.id)
    if is_late(attempt):
        return Submission(end_attempt(enrollment, activity, attempt, timed_out=True))
    attempt.answers = {**attempt.answers, **read_answers(attempt, activity.spec, form)}
    unanswered = [number for number, key in enumerate(attempt.asked_keys(activity.spec), 1)
                  if not attempt.answers.get(key)]
    if unanswered and not confirmed:
        db.session.flush()
        return Submission(attempt, unanswered)
    return Submission(end_attempt(enrollment, activity, attempt, timed_out=False))


def end_attempt(enrollment, activity, attempt, *, timed_out):
    """Grade the attempt and end it; a pass completes the quiz with its score."""
    spec = activity.spec
    attempt.score = grade_quiz(spec, attempt.asked_keys(spec), attempt.answers)
    attempt.passed = attempt.score >= spec["pass_mark"]
    attempt.status = "timed_out" if timed_out else "submitted"
    attempt.submitted_at = attempt.due_at if timed_out else clock.now()
    db.session.flush()
    if attempt.passed:
        record_completion(enrollment, activity, score=attempt.score)
    return attempt


def close_late_attempts():
    """Submit every attempt whose time ran out and whose page was left: the participant's
    answers saved by then count. Returns how many were closed."""
    late = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.status == "in_progress",
                                  QuizAttempt.due_at < clock.now() - GRACE)
        .order_by(QuizAttempt.id)).all()
    for attempt in late:
        attempt = locked_attempt(attempt.id)
        if attempt.in_progress:
            enrollment = db.session.get(Enrollment, attempt.enrollment_id)
            end_attempt(enrollment, db.session.get(Activity, attempt.activity_id), attempt,
                        timed_out=True)
    return len(late)
