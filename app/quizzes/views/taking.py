"""The participant taking a quiz: starting an attempt, its answers saved as they are given,
submitting it, and its result as the quiz's review policy allows."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app import clock
from app.content.quiz_settings import REVIEW_LEVELS, REVIEW_MOMENTS
from app.errors import DomainError
from app.extensions import db
from app.learning.access import load_step
from app.learning.models import QuizAttempt
from app.learning.queries import activity_with_body
from app.quizzes import attempts
from app.quizzes.queries import quiz_state
from app.quizzes.review import question_results, review_level

bp = Blueprint("quizzes", __name__)

STEP = "/journey/<int:cohort_id>/<course_slug>/<activity_slug>"


def quiz_page(enrollment, activity):
    """What the quiz's page shows beyond the quiz: where the participant stands, and the
    attempt in progress with the seconds it has left."""
    state = quiz_state(enrollment, activity)
    current = state.current
    seconds_left = None
    if current is not None and current.due_at is not None:
        seconds_left = max(0, int((current.due_at - clock.now()).total_seconds()))
    return {"state": state, "attempt": current, "seconds_left": seconds_left,
            "late": current is not None and attempts.is_late(current),
            "asked": current.asked(activity.spec) if current is not None else []}


def _load_quiz(cohort_id, course_slug, activity_slug):
    enrollment, journey, journey_course, step = load_step(cohort_id, course_slug, activity_slug)
    if step.activity.kind != "quiz":
        abort(404)
    step.activity = activity_with_body(step.activity.id)
    return enrollment, journey, journey_course, step


def _own_attempt(enrollment, step, attempt_id):
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.enrollment_id != enrollment.id \
            or attempt.activity_id != step.activity.id:
        abort(404)
    return attempt


def _quiz_url(cohort_id, course_slug, activity_slug, **query):
    return url_for("courses.activity", cohort_id=cohort_id, course_slug=course_slug,
                   activity_slug=activity_slug, **query)


@bp.route(f"{STEP}/attempts", methods=["POST"])
@login_required
def start(cohort_id, course_slug, activity_slug):
    """Start an attempt (or go back to the one in progress)."""
    enrollment, _journey, _course, step = _load_quiz(cohort_id, course_slug, activity_slug)
    try:
        attempts.start_attempt(enrollment, step)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        db.session.commit()
    return redirect(_quiz_url(cohort_id, course_slug, activity_slug))


@bp.route(f"{STEP}/attempts/<int:attempt_id>/answers", methods=["POST"])
@login_required
def save(cohort_id, course_slug, activity_slug, attempt_id):
    """Save the answers given so far; the page calls this as each answer is given."""
    enrollment, _journey, _course, step = _load_quiz(cohort_id, course_slug, activity_slug)
    attempt = _own_attempt(enrollment, step, attempt_id)
    try:
        attempts.save_answers(attempt, step.activity.spec, request.form)
    except DomainError as error:
        db.session.rollback()
        return jsonify(saved=False, message=str(error)), 409
    db.session.commit()
    return jsonify(saved=True, message=_("Saved"))


@bp.route(f"{STEP}/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(cohort_id, course_slug, activity_slug, attempt_id):
    """Submit the attempt; with unanswered questions, only once the participant confirms."""
    enrollment, _journey, _course, step = _load_quiz(cohort_id, course_slug, activity_slug)
    attempt = _own_attempt(enrollment, step, attempt_id)
    try:
        submission = attempts.submit_attempt(enrollment, step.activity, attempt, request.form,
                                             confirmed=request.form.get("confirm") == "1")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(_quiz_url(cohort_id, course_slug, activity_slug))
    db.session.commit()
    if submission.unanswered:
        flash(_("Not answered yet: question %(numbers)s. Answer them, or submit again to "
                "confirm you leave them blank.",
                numbers=", ".join(map(str, submission.unanswered))), "warning")
        return redirect(_quiz_url(cohort_id, course_slug, activity_slug, confirm=1))
    if submission.attempt.status == "timed_out":
        flash(_("The time was up: the answers saved by then were submitted."), "warning")
    return redirect(url_for(".result", cohort_id=cohort_id, course_slug=course_slug,
                            activity_slug=activity_slug, attempt_id=attempt.id))


@bp.route(f"{STEP}/attempts/<int:attempt_id>")
@login_required
def result(cohort_id, course_slug, activity_slug, attempt_id):
    """Show one of my attempts, as much of it as the quiz's review policy allows now."""
    enrollment, journey, journey_course, step = _load_quiz(cohort_id, course_slug,
                                                           activity_slug)
    attempt = _own_attempt(enrollment, step, attempt_id)
    if attempt.in_progress:
        return redirect(_quiz_url(cohort_id, course_slug, activity_slug))
    state = quiz_state(enrollment, step.activity)
    return render_template(
        "courses/quiz_result.html", journey=journey, journey_course=journey_course, step=step,
        attempt=attempt, state=state, level=review_level(state),
        results=question_results(step.activity.spec, attempt), review_levels=REVIEW_LEVELS,
        review_moments=REVIEW_MOMENTS)
