"""The agenda and attendance: organisers schedule sessions and record who came, coaches record
attendance too, participants check in, and calendar apps subscribe to the agenda."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app import clock
from app.auth.access import role_required
from app.auth.models import ADMIN, COACH, ORGANISER
from app.cohorts import agenda_queries, schedule
from app.cohorts.access import (can_manage, get_attendance_session, get_managed_cohort,
                                get_managed_session)
from app.cohorts.calendar import build_feed
from app.cohorts.forms_sessions import CheckInForm, SessionForm, chosen_statuses
from app.cohorts.models import ATTENDANCE_STATUSES, CohortSession
from app.cohorts.queries import role_counts
from app.cohorts.statuses import COHORT_STATUSES
from app.courses.views import get_own_enrollment
from app.errors import commit_or_flash
from app.extensions import db


bp = Blueprint("sessions", __name__)

ICALENDAR = "text/calendar; charset=utf-8"


# --- The organiser's agenda -------------------------------------------------------------------

@bp.route("/manage/cohorts/<int:cohort_id>/agenda")
@role_required(ORGANISER, ADMIN)
def agenda(cohort_id):
    """List the round's sessions in their venues' time, with check-in codes and attendance."""
    cohort = get_managed_cohort(cohort_id)
    sessions = agenda_queries.cohort_sessions(cohort.id)
    return render_template(
        "sessions/agenda.html", cohort=cohort, sessions=sessions, statuses=COHORT_STATUSES,
        attended=agenda_queries.attended_counts([s.id for s in sessions]),
        participants=role_counts([cohort.id])[cohort.id].get("participant", 0))


@bp.route("/manage/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@role_required(ORGANISER, ADMIN)
def new(cohort_id):
    """Add a session to the round's agenda."""
    cohort = get_managed_cohort(cohort_id)
    form = SessionForm.for_cohort(cohort)
    if form.validate_on_submit():
        done, session = commit_or_flash(schedule.create_session, current_user, cohort,
                                        **form.details)
        if done:
            flash(_("“%(title)s” is on the agenda; its check-in code is %(code)s.",
                    title=session.title, code=session.checkin_code), "success")
            return redirect(url_for("sessions.agenda", cohort_id=cohort.id))
    return render_template("sessions/form.html", form=form, cohort=cohort, session=None,
                           statuses=COHORT_STATUSES)


@bp.route("/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER, ADMIN)
def edit(session_id):
    """Change a session's time, place or details."""
    session = get_managed_session(session_id)
    form = SessionForm.for_session(session)
    if form.validate_on_submit():
        done, _session = commit_or_flash(schedule.update_session, current_user, session,
                                         **form.details)
        if done:
            flash(_("“%(title)s” is saved.", title=session.title), "success")
            return redirect(url_for("sessions.agenda", cohort_id=session.cohort_id))
    return render_template("sessions/form.html", form=form, cohort=session.cohort,
                           session=session, statuses=COHORT_STATUSES)


@bp.route("/manage/sessions/<int:session_id>/delete", methods=["POST"])
@role_required(ORGANISER, ADMIN)
def delete(session_id):
    """Take a session off the agenda, with its attendance records."""
    session = get_managed_session(session_id)
    cohort_id, title = session.cohort_id, session.title
    done, _result = commit_or_flash(schedule.delete_session, current_user, session)
    if done:
        flash(_("“%(title)s” is off the agenda.", title=title), "success")
    return redirect(url_for("sessions.agenda", cohort_id=cohort_id))


@bp.route("/manage/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@role_required(ORGANISER, ADMIN, COACH)
def attendance(session_id):
    """Record who attended a session, for the whole round on one screen."""
    session = get_attendance_session(session_id)
    chosen = chosen_statuses(request.form) if request.method == "POST" else {}
    if request.method == "POST":
        done, changes = commit_or_flash(schedule.record_attendance, current_user, session,
                                        chosen, clock.now())
        if done:
            flash(ngettext("Attendance saved: %(num)d change.",
                           "Attendance saved: %(num)d changes.", len(changes)), "success")
            return redirect(url_for("sessions.attendance", session_id=session.id))
    return render_template(
        "sessions/attendance.html", session=session, cohort=session.cohort, chosen=chosen,
        rows=agenda_queries.attendance_sheet(session), statuses=COHORT_STATUSES,
        attendance_statuses=ATTENDANCE_STATUSES,
        manages=can_manage(current_user, session.cohort.program.organisation_id))


# --- The participant --------------------------------------------------------------------------

@bp.route("/journey/<int:cohort_id>/check-in", methods=["POST"])
@login_required
def check_in(cohort_id):
    """Check me in to the session under way, with the code shown in the room."""
    enrollment = get_own_enrollment(cohort_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        flash(_("Type the check-in code shown in the room."), "warning")
        return redirect(url_for("courses.journey", cohort_id=cohort_id))
    done, attendance = commit_or_flash(schedule.check_in, current_user, enrollment.cohort,
                                       form.code.data, clock.now(), category="warning")
    if done:
        session = db.session.get(CohortSession, attendance.session_id)
        flash(_("You are checked in to %(title)s: %(status)s.", title=session.title,
                status=schedule.ATTENDANCE_LABELS[attendance.status]), "success")
    return redirect(url_for("courses.journey", cohort_id=cohort_id))


@bp.app_template_global()
def participant_agenda(enrollment):
    """The journey page's view of the agenda (one query)."""
    return agenda_queries.participant_agenda(enrollment, clock.now())


# --- Calendar feeds ---------------------------------------------------------------------------

@bp.route("/calendar")
@login_required
def my_calendar():
    """Show my private calendar link and my coming sessions."""
    return render_template(
        "sessions/my_calendar.html", token=current_user.calendar_token,
        sessions=agenda_queries.user_sessions(current_user.id, since=clock.now(), limit=20))


@bp.route("/calendar/new-link", methods=["POST"])
@login_required
def new_calendar_link():
    """Replace my calendar link, so an old, leaked one stops working."""
    schedule.renew_calendar_token(current_user)
    db.session.commit()
    flash(_("Your calendar has a new link: subscribe to it again in your calendar app. "
            "The old link no longer works."), "success")
    return redirect(url_for("sessions.my_calendar"))


@bp.route("/calendar/cohort/<token>.ics")
def cohort_feed(token):
    """Serve a round's agenda to calendar apps; the token in the address is the key."""
    cohort = agenda_queries.cohort_by_calendar_token(token) or abort(404)
    body = build_feed(f"{cohort.program.title} — {cohort.name}",
                      f"cohort-{cohort.id}@{request.host}",
                      agenda_queries.cohort_sessions(cohort.id), domain=request.host,
                      now=clock.now())
    return feed_response(body)


@bp.route("/calendar/user/<token>.ics")
def user_feed(token):
    """Serve every session of a person's rounds to their calendar app, in their language."""
    user = agenda_queries.user_by_calendar_token(token) or abort(404)
    with force_locale(user.locale):
        body = build_feed(_("Madangan — %(name)s", name=user.name),
                          f"user-{user.id}@{request.host}",
                          agenda_queries.user_sessions(user.id), domain=request.host,
                          now=clock.now(), with_cohort=True)
    return feed_response(body)


def feed_response(body):
    return body, 200, {"Content-Type": ICALENDAR, "Cache-Control": "private, max-age=300",
                       "X-Robots-Tag": "noindex"}


# --- Template helpers -------------------------------------------------------------------------

@bp.app_template_filter()
def session_when(session):
    """"Selasa, 17 November 2026, 08.00–10.00 WIB": the session's time at its venue."""
    return schedule.format_session_time(session.starts_at, session.ends_at, session.timezone)


@bp.app_template_filter()
def local_time(moment, zone, with_date=False):
    return schedule.format_local_time(moment, zone, with_date)


@bp.app_template_filter()
def checkin_opens(session):
    """When participants may start checking in, at the venue."""
    return schedule.format_local_time(schedule.checkin_window(session)[0], session.timezone)


@bp.app_template_filter()
def session_kind(kind):
    return schedule.SESSION_KIND_LABELS[kind]


@bp.app_template_filter()
def attendance_label(status):
    return schedule.ATTENDANCE_LABELS[status]


@bp.app_template_global()
def feed_url(kind, token, webcal=False):
    """The address calendar apps subscribe to; webcal:// opens the app straight away."""
    url = url_for(f"sessions.{kind}_feed", token=token, _external=True)
    return "webcal://" + url.split("://", 1)[1] if webcal else url
