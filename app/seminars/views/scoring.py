"""The scorers' side of the seminar: the examiner, coach and mentor each fill in the rubric for
the participants assigned to them; and the participant's side: their published result."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import commit_or_flash
from app.extensions import db
from app.learning.access import get_own_enrollment
from app.rounds.models import Enrollment, RoundRole
from app.seminars import queries, services
from app.seminars.forms import PREFIX, score_form
from app.seminars.rubric import band_rank, predicate_bands
from app.seminars.services import SCORER_ROLE_LABELS

bp = Blueprint("seminars", __name__)


def get_scored_enrollment(enrollment_id):
    """A participant whose seminar the signed-in user scores; 404 otherwise."""
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.role != RoundRole.PARTICIPANT \
            or queries.scorer_role(current_user, enrollment) is None:
        abort(404)
    return enrollment


@bp.route("/seminar")
@login_required
def home():
    """List the participants whose action-plan seminar I score."""
    return render_template("seminars/home.html", scoring=queries.my_scoring(current_user),
                           role_labels=SCORER_ROLE_LABELS)


@bp.route("/seminar/<int:enrollment_id>", methods=["GET", "POST"])
@login_required
def score(enrollment_id):
    """Fill in the rubric for a participant's seminar, or change it until it is published."""
    enrollment = get_scored_enrollment(enrollment_id)
    rubric = queries.round_rubric(enrollment.cohort_id)
    form = score_form(rubric, queries.score_of(enrollment.id, current_user.id))
    if form.validate_on_submit():
        done, _score = commit_or_flash(services.submit_score, current_user, enrollment.id,
                                       form.scores(), form.comments.data,
                                       form.revision_number(), category="warning")
        if done:
            flash(_("Your scores are saved."), "success")
            return redirect(url_for("seminars.score", enrollment_id=enrollment.id))
    return render_template(
        "seminars/score.html", enrollment=enrollment, form=form, rubric=rubric, prefix=PREFIX,
        name=queries.participant_name(enrollment), result=queries.result_of(enrollment.id),
        role=SCORER_ROLE_LABELS[queries.scorer_role(current_user, enrollment)])


@bp.route("/journey/<int:cohort_id>/seminar")
@login_required
def result(cohort_id):
    """Show my seminar result once the organiser has published it, with the comments."""
    enrollment = get_own_enrollment(cohort_id)
    result = queries.result_of(enrollment.id)
    bands = predicate_bands()
    rank = band_rank(result.predicate, bands) if result else None
    return render_template(
        "seminars/result.html", cohort=enrollment.cohort, result=result,
        band=bands[rank] if rank is not None else None, role_labels=SCORER_ROLE_LABELS,
        scores=queries.scores_of([enrollment.id])[enrollment.id] if result else {})
