"""A round's quizzes for its organisers and coaches: per-question statistics, each
participant's attempts, the round's settings (organisers) and one more attempt with a reason
(organisers, and a coach for their own mentees)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.access import can_manage
from app.auth.models import User
from app.content.models import Activity
from app.content.quiz_settings import REVIEW_LEVELS, REVIEW_MOMENTS
from app.errors import DomainError
from app.extensions import db
from app.learning.models import QuizAttempt
from app.quizzes import services
from app.quizzes.forms import ExtraAttemptForm, QuizSettingsForm
from app.quizzes.queries import (extra_attempts, quiz_state, round_attempts, round_quizzes,
                                 settings_for)
from app.quizzes.review import question_results
from app.quizzes.statistics import question_statistics
from app.rounds.models import Cohort, Enrollment, RoundRole
from app.rounds.statuses import COHORT_STATUSES

bp = Blueprint("quiz_staff", __name__, url_prefix="/manage/cohorts/<int:cohort_id>/quizzes")


def get_round_as_staff(cohort_id):
    """The round and whose participants the viewer sees: everyone (None) for its organisers,
    their own mentees for its coaches; 404 for anyone else."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    if can_manage(current_user, cohort.program.organisation_id):
        return cohort, None
    coaches = db.session.scalar(select(Enrollment.id).filter_by(
        cohort_id=cohort.id, user_id=current_user.id, role=RoundRole.COACH))
    if coaches is None:
        abort(404)
    return cohort, current_user.id


def get_round_quiz(cohort, activity_id):
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.id not in {quiz.id for quiz in round_quizzes(cohort)}:
        abort(404)
    return activity


def get_participant(cohort, coach_id, enrollment_id):
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.cohort_id != cohort.id \
            or enrollment.role != RoundRole.PARTICIPANT \
            or (coach_id is not None and enrollment.coach_id != coach_id):
        abort(404)
    return enrollment


def render_staff_page(template, cohort, coach_id, **context):
    """A page of the round's quizzes: under the round's tabs for its organisers, on its own for
    a coach."""
    return render_template(template, cohort=cohort, coach_view=coach_id is not None,
                           statuses=COHORT_STATUSES, **context)


@bp.route("")
@login_required
def index(cohort_id):
    """The round's quizzes with how its participants fare at each."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    quizzes = [(quiz, round_attempts(cohort, quiz, coach_id)) for quiz in round_quizzes(cohort)]
    return render_staff_page("quizzes/index.html", cohort, coach_id, quizzes=quizzes)


@bp.route("/<int:activity_id>")
@login_required
def quiz(cohort_id, activity_id, settings_form=None):
    """A quiz of the round: its settings, per-question statistics and each participant."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    activity = get_round_quiz(cohort, activity_id)
    participants = round_attempts(cohort, activity, coach_id)
    settings = settings_for(cohort.id, activity)
    if settings_form is None and coach_id is None:
        settings_form = QuizSettingsForm(len(activity.spec["questions"]), formdata=None,
                                         data=settings.as_dict())
    statistics = question_statistics(
        activity.spec, [attempt for row in participants for attempt in row.attempts])
    return render_staff_page(
        "quizzes/quiz.html", cohort, coach_id, activity=activity, settings=settings,
        participants=participants, statistics=statistics, settings_form=settings_form,
        review_levels=REVIEW_LEVELS, review_moments=REVIEW_MOMENTS)


@bp.route("/<int:activity_id>/settings", methods=["POST"])
@login_required
def change_settings(cohort_id, activity_id):
    """Change how the round takes a quiz; organisers only."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    if coach_id is not None:
        abort(403)
    activity = get_round_quiz(cohort, activity_id)
    form = QuizSettingsForm(len(activity.spec["questions"]))
    if not form.validate():
        return quiz(cohort_id, activity_id, settings_form=form), 400
    services.set_round_settings(cohort, activity, form.values(), current_user)
    db.session.commit()
    flash(_("The round's settings of “%(quiz)s” are saved.", quiz=activity.title), "success")
    return redirect(url_for(".quiz", cohort_id=cohort.id, activity_id=activity.id))


@bp.route("/<int:activity_id>/participants/<int:enrollment_id>")
@login_required
def participant(cohort_id, activity_id, enrollment_id, form=None):
    """One participant's attempts at a quiz, and the form that grants one more."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    activity = get_round_quiz(cohort, activity_id)
    enrollment = get_participant(cohort, coach_id, enrollment_id)
    return render_staff_page(
        "quizzes/participant.html", cohort, coach_id, activity=activity, enrollment=enrollment,
        name=_participant_name(enrollment), state=quiz_state(enrollment, activity),
        grants=extra_attempts(enrollment, activity),
        form=form or ExtraAttemptForm(formdata=None))


def _participant_name(enrollment):
    return db.session.get(User, enrollment.user_id).name


@bp.route("/<int:activity_id>/participants/<int:enrollment_id>/extra", methods=["POST"])
@login_required
def grant(cohort_id, activity_id, enrollment_id):
    """Grant a participant one more attempt, with the reason."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    activity = get_round_quiz(cohort, activity_id)
    enrollment = get_participant(cohort, coach_id, enrollment_id)
    form = ExtraAttemptForm()
    if not form.validate():
        return participant(cohort_id, activity_id, enrollment_id, form=form), 400
    name = _participant_name(enrollment)
    try:
        services.grant_extra_attempt(enrollment, activity, form.reason.data, current_user, name)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash(_("%(name)s has one more attempt at “%(quiz)s”.", name=name, quiz=activity.title),
              "success")
    return redirect(url_for(".participant", cohort_id=cohort.id, activity_id=activity.id,
                            enrollment_id=enrollment.id))


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(cohort_id, attempt_id):
    """An ended attempt in full: every answer, right or not, with the correct ones."""
    cohort, coach_id = get_round_as_staff(cohort_id)
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.in_progress:
        abort(404)
    enrollment = get_participant(cohort, coach_id, attempt.enrollment_id)
    activity = get_round_quiz(cohort, attempt.activity_id)
    return render_staff_page(
        "quizzes/attempt.html", cohort, coach_id, activity=activity, enrollment=enrollment,
        name=_participant_name(enrollment), attempt=attempt,
        results=question_results(activity.spec, attempt))
