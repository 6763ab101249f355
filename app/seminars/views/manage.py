"""The organiser's side of the seminar: every participant's scores and final score, the
round's weights, and publishing the results (or taking one back)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import Role
from app.errors import commit_or_flash
from app.rounds.access import get_managed_cohort
from app.rounds.statuses import COHORT_STATUSES
from app.seminars import queries, services
from app.seminars.forms import PublishForm, settings_form
from app.seminars.models import SCORER_ROLES
from app.seminars.rubric import predicate_bands
from app.seminars.services import SCORER_ROLE_LABELS

bp = Blueprint("seminar_manage", __name__, url_prefix="/manage")


@bp.route("/cohorts/<int:cohort_id>/seminar")
@role_required(Role.ORGANISER, Role.ADMIN)
def overview(cohort_id):
    """Show each participant's scorers, their totals, the final score and what is published."""
    cohort = get_managed_cohort(cohort_id)
    rubric = queries.round_rubric(cohort.id)
    rows = queries.round_participants(cohort.id)
    ids = [enrollment.id for enrollment, _name in rows]
    scores = queries.scores_of(ids)
    return render_template(
        "seminars/manage.html", cohort=cohort, statuses=COHORT_STATUSES, rubric=rubric,
        rows=rows, scores=scores, results=queries.results_of(ids),
        scorers=queries.scorer_names(ids), roles=SCORER_ROLES, role_labels=SCORER_ROLE_LABELS,
        finals={i: services.final_score(rubric, scores[i])[0] for i in ids},
        bands={band.key: band for band in predicate_bands()}, form=PublishForm())


@bp.route("/cohorts/<int:cohort_id>/seminar/publish", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def publish(cohort_id):
    """Publish every result that all its weighted scorers have scored."""
    return publish_and_return(get_managed_cohort(cohort_id))


@bp.route("/cohorts/<int:cohort_id>/seminar/<int:enrollment_id>/publish", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def publish_one(cohort_id, enrollment_id):
    """Publish one participant's result."""
    return publish_and_return(get_managed_cohort(cohort_id), enrollment_id)


def publish_and_return(cohort, enrollment_id=None):
    if PublishForm().validate_on_submit():
        done, result = commit_or_flash(services.publish_results, current_user, cohort,
                                       enrollment_id)
        if done:
            flash_published(*result)
    return redirect(url_for("seminar_manage.overview", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/seminar/<int:enrollment_id>/unpublish", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def unpublish(cohort_id, enrollment_id):
    """Take a published result back, so that its scores can change."""
    cohort = get_managed_cohort(cohort_id)
    if PublishForm().validate_on_submit():
        done, _result = commit_or_flash(services.unpublish_result, current_user, cohort,
                                        enrollment_id)
        if done:
            flash(_("The result is unpublished; its scorers can change their scores."),
                  "success")
    return redirect(url_for("seminar_manage.overview", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/seminar/settings", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def settings(cohort_id):
    """Set the round's weights: of each rubric criterion and of each scorer's total."""
    cohort = get_managed_cohort(cohort_id)
    rubric = queries.round_rubric(cohort.id)
    form = settings_form(rubric)
    if form.validate_on_submit():
        done, _settings = commit_or_flash(services.save_settings, current_user, cohort,
                                          form.criterion_weights(), form.role_weights())
        if done:
            flash(_("The seminar's weights are saved."), "success")
            return redirect(url_for("seminar_manage.overview", cohort_id=cohort.id))
    return render_template("seminars/settings.html", cohort=cohort, statuses=COHORT_STATUSES,
                           form=form, rubric=rubric, roles=SCORER_ROLES)


def flash_published(published, waiting):
    flash(ngettext("%(num)d result is published.", "%(num)d results are published.",
                   published), "success")
    if waiting:
        flash(ngettext("%(num)d participant still waits for a score: %(names)s.",
                       "%(num)d participants still wait for a score: %(names)s.",
                       len(waiting), names=", ".join(waiting)), "warning")
