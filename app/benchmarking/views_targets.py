"""From gap to plan: the participant names the SPBE indicators their action plan targets;
their coach and mentor see which weak indicators it addresses and which it ignores."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.benchmarking.plan_targets import plan_gap, set_plan_targets
from app.learning.access import get_own_enrollment
from app.mentoring import plan_queries, workflow
from app.mentoring.views.plans import get_guided_submission, run

bp = Blueprint("targets", __name__)

FIELD_PREFIX = "target_"


def planned_levels(form):
    """{element id: planned level} from the form's target_<id> selects; blank is no target."""
    planned = {}
    for name, value in form.items():
        if name.startswith(FIELD_PREFIX) and value.strip():
            try:
                planned[int(name[len(FIELD_PREFIX):])] = int(value)
            except ValueError:
                abort(400)
    return planned


@bp.route("/journey/<int:cohort_id>/action-plan/targets", methods=["GET", "POST"])
@login_required
def plan_targets(cohort_id):
    """The indicators of my region my action plan targets, and the index gain they bring."""
    enrollment = get_own_enrollment(cohort_id)
    plan = plan_queries.action_plan(enrollment.id, for_update=request.method == "POST")
    if request.method == "POST":
        if plan is None:
            abort(404)
        if run(set_plan_targets, current_user, plan, planned_levels(request.form)):
            flash(_("The indicators your plan targets are saved."), "success")
        return redirect(url_for("targets.plan_targets", cohort_id=cohort_id))
    return render_template(
        "benchmarking/targets/plan.html", cohort=enrollment.cohort, plan=plan,
        gap=plan_gap(plan) if plan is not None else None,
        editable=plan is not None and plan.status in workflow.EDITABLE_STATUSES)


@bp.route("/mentoring/submissions/<int:submission_id>/targets")
@login_required
def review_targets(submission_id):
    """For a guided participant's action plan: the weak indicators it addresses and ignores."""
    submission = get_guided_submission(submission_id)
    if submission.kind != "action_plan":
        abort(404)
    return render_template(
        "benchmarking/targets/review.html", submission=submission, gap=plan_gap(submission),
        participant=plan_queries.participant_of(submission.enrollment))
