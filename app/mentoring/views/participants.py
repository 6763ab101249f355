"""A participant's page for their coach and mentor — progress, attendance, action plan,
milestones, check-ins and follow-ups — and the participant's view of the conversations shared
with them."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.attendance.labels import ATTENDANCE_LABELS
from app.errors import DomainError
from app.extensions import db
from app.learning.access import get_own_enrollment
from app.learning.pace import cohort_today
from app.mentoring import checkins, participant_queries, queries
from app.mentoring.access import get_guided_enrollment, guide_role
from app.mentoring.forms import IMPLEMENTATION_LABELS, CheckInForm, FollowUpForm
from app.mentoring.models import CheckIn
from app.mentoring.plans import MILESTONE_STATUS_LABELS
from app.mentoring.signals import Thresholds, milestone_overdue
from app.rounds.models import RoundRole


bp = Blueprint("mentees", __name__)

LABELS = {"plan": queries.PLAN_STATUS_LABELS, "milestone": MILESTONE_STATUS_LABELS,
          "implementation": IMPLEMENTATION_LABELS, "attendance": ATTENDANCE_LABELS}


def review_url(submission_id):
    """The address of a submission's review page, whose blueprint may not be registered yet."""
    if "plans.review" in current_app.view_functions:
        return url_for("plans.review", submission_id=submission_id)
    return f"{request.script_root}/mentoring/submissions/{submission_id}"


def get_own_check_in(check_in_id):
    """A check-in the signed-in user wrote about a participant they still guide; 404 otherwise."""
    check_in = db.session.get(CheckIn, check_in_id)
    if check_in is None or check_in.author_id != current_user.id:
        abort(404)
    return check_in, get_guided_enrollment(check_in.enrollment_id)


def venue_today(enrollment):
    return cohort_today(enrollment.cohort, clock.now())


def render_overview(enrollment, check_in_form=None, follow_up_form=None):
    """The participant's page, with a form the viewer sent back when it had errors."""
    role, today = guide_role(current_user, enrollment), venue_today(enrollment)
    overview = participant_queries.participant_overview(enrollment, current_user, clock.now(),
                                                        Thresholds.from_config(current_app.config))
    if check_in_form is None:
        check_in_form = CheckInForm(formdata=None, prefix="check_in", held_on=today)
    if follow_up_form is None and role == RoundRole.COACH:
        follow_up_form = FollowUpForm(formdata=None, prefix="follow_up", recorded_on=today)
    return render_template(
        "mentoring/participant.html", overview=overview, row=overview.row, role=role,
        today=today, check_in_form=check_in_form, follow_up_form=follow_up_form,
        labels=LABELS, review_url=review_url, milestone_overdue=milestone_overdue)


@bp.route("/mentoring/participants/<int:enrollment_id>")
@login_required
def show(enrollment_id):
    """Show a participant I coach or mentor, with our conversations and their follow-ups."""
    return render_overview(get_guided_enrollment(enrollment_id))


@bp.route("/mentoring/participants/<int:enrollment_id>/check-ins", methods=["POST"])
@login_required
def log_check_in(enrollment_id):
    """Record a conversation with a participant I guide."""
    enrollment = get_guided_enrollment(enrollment_id)
    form = CheckInForm(prefix="check_in")
    if not form.validate_on_submit():
        return render_overview(enrollment, check_in_form=form)
    check_in = checkins.log_check_in(current_user, enrollment, **form.details)
    db.session.commit()
    flash(_("The check-in is saved; the participant can read it.") if check_in.shared
          else _("The check-in is saved; only you can read it."), "success")
    return redirect(url_for("mentees.show", enrollment_id=enrollment.id, _anchor="check-ins"))


@bp.route("/mentoring/check-ins/<int:check_in_id>/edit", methods=["GET", "POST"])
@login_required
def edit_check_in(check_in_id):
    """Change one of my check-ins, or whether the participant can read it."""
    check_in, enrollment = get_own_check_in(check_in_id)
    form = CheckInForm(obj=check_in)
    if form.validate_on_submit():
        checkins.update_check_in(current_user, check_in, **form.details)
        db.session.commit()
        flash(_("The check-in is saved."), "success")
        return redirect(url_for("mentees.show", enrollment_id=enrollment.id, _anchor="check-ins"))
    return render_template("mentoring/check_in_form.html", form=form, check_in=check_in,
                           enrollment=participant_queries.with_user(enrollment))


@bp.route("/mentoring/check-ins/<int:check_in_id>/delete", methods=["POST"])
@login_required
def delete_check_in(check_in_id):
    """Delete one of my check-ins."""
    check_in, enrollment = get_own_check_in(check_in_id)
    checkins.delete_check_in(current_user, check_in)
    db.session.commit()
    flash(_("The check-in is deleted."), "success")
    return redirect(url_for("mentees.show", enrollment_id=enrollment.id, _anchor="check-ins"))


@bp.route("/mentoring/participants/<int:enrollment_id>/follow-ups", methods=["POST"])
@login_required
def record_follow_up(enrollment_id):
    """Record what a participant I coach has implemented some months after the round."""
    enrollment = get_guided_enrollment(enrollment_id)
    if guide_role(current_user, enrollment) != RoundRole.COACH:
        abort(403)
    form = FollowUpForm(prefix="follow_up")
    if form.validate_on_submit():
        try:
            follow_up = checkins.record_follow_up(current_user, enrollment, **form.details)
        except DomainError as error:
            db.session.rollback()
            form.recorded_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The follow-up at %(months)s months is saved.",
                    months=follow_up.months_after), "success")
            return redirect(url_for("mentees.show", enrollment_id=enrollment.id,
                                    _anchor="follow-ups"))
    return render_overview(enrollment, follow_up_form=form)


@bp.route("/journey/<int:cohort_id>/check-ins")
@login_required
def my_check_ins(cohort_id):
    """Show the conversations my coach and mentor shared with me, and my action plan's
    milestones."""
    enrollment = get_own_enrollment(cohort_id)
    coach, mentor = participant_queries.guides(enrollment)
    return render_template(
        "mentoring/my_check_ins.html", cohort=enrollment.cohort, coach=coach, mentor=mentor,
        check_ins=participant_queries.shared_check_ins(enrollment),
        milestones=participant_queries.milestones(enrollment),
        today=venue_today(enrollment), labels=LABELS, milestone_overdue=milestone_overdue)
