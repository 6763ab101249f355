"""Work under review: the participant writes the action plan and answers assignments; their
assigned coach and mentor review it, see what changed since the last version, and decide."""
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import DomainError
from app.extensions import db
from app.learning.access import get_own_enrollment, load_step
from app.learning.queries import activity_with_body
from app.mentoring import notices, plan_queries, workflow
from app.mentoring.access import guide_role
from app.mentoring.forms_plans import (ActionPlanForm, AssignmentForm, MilestoneProgressForm,
                                       ReviewForm)
from app.mentoring.models import Milestone, Submission, SubmissionVersion
from app.mentoring.plans import (MILESTONE_STATUS_LABELS, STATUS_LABELS, ReviewEntry, diff_content,
                                 render_content, review_entries)
from app.rounds.models import RoundRole

bp = Blueprint("plans", __name__)


def run(service, *args, **kwargs):
    """Call a workflow service and commit. A refusal is rolled back and flashed; when the
    user may not act at all the answer is 403. Returns whether it was done."""
    try:
        service(*args, **kwargs)
    except workflow.NotAllowed as error:
        db.session.rollback()
        flash(str(error), "danger")
        abort(403)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning")
        return False
    db.session.commit()
    return True


def get_guided_submission(submission_id, for_update=False):
    """Work of a participant the signed-in user coaches or mentors; 404 otherwise."""
    submission = plan_queries.submission(submission_id, for_update)
    if submission is None or submission.enrollment.role != RoundRole.PARTICIPANT \
            or guide_role(current_user, submission.enrollment) is None:
        abort(404)
    return submission


def get_visible_submission(submission_id):
    """Work the signed-in user wrote, or guides as coach or mentor; 404 otherwise."""
    submission = plan_queries.submission(submission_id)
    if submission is None or workflow.actor_role(current_user, submission) is None:
        abort(404)
    return submission


@dataclass
class WorkPage:
    """A submission with its history, as both sides see it."""
    submission: Submission | None = None
    versions: list[SubmissionVersion] = field(default_factory=list)
    reviews: list[ReviewEntry] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def status(self):
        return self.submission.status if self.submission else "draft"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def editable(self):
        return self.status in workflow.EDITABLE_STATUSES

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    def rendered(self, version):
        return render_content(self.submission.kind, version.content)

    def diff(self, version):
        """What changed in `version` since the one before it."""
        earlier = [v for v in self.versions if v.number < version.number]
        return diff_content(self.submission.kind, earlier[-1].content if earlier else None,
                            version.content)


def work_page(submission):
    if submission is None:
        return WorkPage()
    versions = plan_queries.versions(submission.id)
    milestones = (plan_queries.milestones(submission.id)
                  if submission.kind == "action_plan" else [])
    return WorkPage(submission, versions,
                    review_entries(plan_queries.reviews(submission.id), versions), milestones)


# --- the participant's side -------------------------------------------------------------------

def render_plan(enrollment, plan, form, status=200):
    page = work_page(plan)
    return render_template(
        "mentoring/plans/action_plan.html", cohort=enrollment.cohort, page=page, form=form,
        progress_form=MilestoneProgressForm.for_milestones(page.milestones)), status


@bp.route("/journey/<int:cohort_id>/action-plan")
@login_required
def action_plan(cohort_id):
    """Show my action plan for the round to write or follow up, with its reviews."""
    enrollment = get_own_enrollment(cohort_id)
    plan = plan_queries.action_plan(enrollment.id)
    return render_plan(enrollment, plan, ActionPlanForm.for_content(plan.content if plan else {}))


@bp.route("/journey/<int:cohort_id>/action-plan", methods=["POST"])
@login_required
def save_action_plan(cohort_id):
    """Save my action plan as a draft, or submit it for review."""
    enrollment = get_own_enrollment(cohort_id)
    form = ActionPlanForm()
    if not form.validate_on_submit():
        return render_plan(enrollment, plan_queries.action_plan(enrollment.id), form, 400)
    if run(workflow.write_action_plan, current_user, enrollment, form.content(),
           submit_it=form.submit.data):
        flash(_("Your action plan is submitted for review.") if form.submit.data
              else _("Your draft is saved."), "success")
    return redirect(url_for("plans.action_plan", cohort_id=cohort_id))


@bp.route("/journey/<int:cohort_id>/action-plan/milestones", methods=["POST"])
@login_required
def milestone_progress(cohort_id):
    """Record how the milestones of my approved plan are going."""
    enrollment = get_own_enrollment(cohort_id)
    plan = plan_queries.action_plan(enrollment.id, for_update=True)
    if plan is None:
        abort(404)
    form = MilestoneProgressForm()
    if not form.validate_on_submit():
        flash(_("Check the status and dates of your milestones."), "warning")
    elif run(workflow.update_milestones, current_user, plan, form.progress()):
        flash(_("The progress of your milestones is saved."), "success")
    return redirect(url_for("plans.action_plan", cohort_id=cohort_id))


@bp.route("/journey/<int:cohort_id>/<course_slug>/<activity_slug>/answer", methods=["POST"])
@login_required
def answer(cohort_id, course_slug, activity_slug):
    """Save my answer to an assignment, or submit it for review."""
    enrollment, journey, journey_course, step = load_step(cohort_id, course_slug, activity_slug)
    form = AssignmentForm()
    if not form.validate_on_submit():
        step.activity = activity_with_body(step.activity.id)
        page, form = assignment_work(enrollment, step.activity, form)
        return render_template("courses/assignment.html", journey=journey,
                               journey_course=journey_course, step=step, page=page,
                               form=form), 400
    if run(workflow.answer_assignment, current_user, enrollment, step, form.content(),
           submit_it=form.submit.data):
        flash(_("Your answer is submitted for review.") if form.submit.data
              else _("Your draft is saved."), "success")
    return redirect(url_for("courses.activity", cohort_id=cohort_id, course_slug=course_slug,
                            activity_slug=activity_slug))


def assignment_work(enrollment, activity, form=None):
    """The participant's answer to an assignment for its activity page: (WorkPage, form)."""
    submission = plan_queries.assignment_answer(enrollment.id, activity.id)
    page = work_page(submission)
    if form is None:
        form = AssignmentForm(formdata=None, data=submission.content if submission else {})
    return page, form


# --- the reviewer's side ----------------------------------------------------------------------

def render_submission(submission, form, status=200):
    page = work_page(submission)
    activity = (plan_queries.activity_with_course(submission.activity_id)[0]
                if submission.kind == "assignment" else None)
    return render_template(
        "mentoring/plans/submission.html", page=page, form=form, activity=activity,
        participant=plan_queries.participant_of(submission.enrollment),
        milestone_labels=MILESTONE_STATUS_LABELS,
        actions={key: workflow.TRANSITIONS[key]
                 for key in workflow.review_actions(current_user, submission)}), status


@bp.route("/mentoring/submissions/<int:submission_id>")
@login_required
def review(submission_id):
    """Show a participant's work, what changed since their last version, and its reviews."""
    return render_submission(get_guided_submission(submission_id), ReviewForm(formdata=None))


@bp.route("/mentoring/submissions/<int:submission_id>/review", methods=["POST"])
@login_required
def record_review(submission_id):
    """Comment on, send back, approve or endorse a participant's submitted work."""
    submission = get_guided_submission(submission_id, for_update=True)
    form = ReviewForm()
    if not form.validate_on_submit():
        return render_submission(submission, form, 400)
    if run(workflow.review, current_user, submission, form.decision.data, form.comments.data):
        flash(_("Your review is saved; the participant is told."), "success")
    return redirect(url_for("plans.review", submission_id=submission_id))


@bp.route("/mentoring/submissions/<int:submission_id>/versions/<int:number>")
@login_required
def version(submission_id, number):
    """Show one submitted version as it was, with what changed since the one before."""
    submission = get_visible_submission(submission_id)
    page = work_page(submission)
    shown = next((v for v in page.versions if v.number == number), None)
    if shown is None:
        abort(404)
    own = workflow.actor_role(current_user, submission) == RoundRole.PARTICIPANT
    return render_template(
        "mentoring/plans/version.html", page=page, version=shown,
        participant=plan_queries.participant_of(submission.enrollment),
        back=notices.participant_link(submission) if own
        else url_for("plans.review", submission_id=submission.id))
