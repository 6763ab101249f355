"""Attendance: organisers and coaches record who came, participants check in with the code
shown in the room."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.attendance.access import get_attendance_session
from app.attendance.forms import CheckInForm, chosen_statuses
from app.attendance.labels import ATTENDANCE_LABELS
from app.attendance.queries import attendance_sheet
from app.attendance import services
from app.auth.access import can_manage, role_required
from app.auth.models import Role
from app.errors import commit_or_flash
from app.extensions import db
from app.learning.access import get_own_enrollment
from app.rounds.models import ATTENDANCE_STATUSES, CohortSession
from app.rounds.statuses import COHORT_STATUSES


bp = Blueprint("attendance", __name__)


@bp.route("/manage/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN, Role.COACH)
def sheet(session_id):
    """Record who attended a session, for the whole round on one screen."""
    session = get_attendance_session(session_id)
    chosen = chosen_statuses(request.form) if request.method == "POST" else {}
    if request.method == "POST":
        done, changes = commit_or_flash(services.record_attendance, current_user, session,
                                        chosen, clock.now())
        if done:
            flash(ngettext("Attendance saved: %(num)d change.",
                           "Attendance saved: %(num)d changes.", len(changes)), "success")
            return redirect(url_for("attendance.sheet", session_id=session.id))
    return render_template(
        "attendance/sheet.html", session=session, cohort=session.cohort, chosen=chosen,
        rows=attendance_sheet(session), statuses=COHORT_STATUSES,
        attendance_statuses=ATTENDANCE_STATUSES,
        manages=can_manage(current_user, session.cohort.program.organisation_id))


@bp.route("/journey/<int:cohort_id>/check-in", methods=["POST"])
@login_required
def check_in(cohort_id):
    """Check me in to the session under way, with the code shown in the room."""
    enrollment = get_own_enrollment(cohort_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        flash(_("Type the check-in code shown in the room."), "warning")
        return redirect(url_for("courses.journey", cohort_id=cohort_id))
    done, attendance = commit_or_flash(services.check_in, current_user, enrollment.cohort,
                                       form.code.data, clock.now(), category="warning")
    if done:
        session = db.session.get(CohortSession, attendance.session_id)
        flash(_("You are checked in to %(title)s: %(status)s.", title=session.title,
                status=ATTENDANCE_LABELS[attendance.status]), "success")
    return redirect(url_for("courses.journey", cohort_id=cohort_id))


@bp.app_template_filter()
def attendance_label(status):
    return ATTENDANCE_LABELS[status]
