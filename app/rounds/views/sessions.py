"""The agenda: organisers schedule sessions, and calendar apps subscribe to it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.auth.access import role_required
from app.auth.models import Role
from app.errors import commit_or_flash
from app.extensions import db
from app.rounds.access import get_managed_cohort, get_managed_session
from app.rounds.calendar import build_feed
from app.rounds.forms import SessionForm
from app.rounds.labels import SESSION_KIND_LABELS
from app.rounds.models import RoundRole
from app.rounds.queries import (attended_counts, cohort_by_calendar_token, cohort_sessions,
                                role_counts, user_by_calendar_token, user_sessions)
from app.rounds.schedule import checkin_window, format_local_time, format_session_time
from app.rounds.services import create_session, delete_session, renew_calendar_token, update_session
from app.rounds.statuses import COHORT_STATUSES


bp = Blueprint("sessions", __name__)

ICALENDAR = "text/calendar; charset=utf-8"


@bp.route("/manage/cohorts/<int:cohort_id>/agenda")
@role_required(Role.ORGANISER, Role.ADMIN)
def agenda(cohort_id):
    """List the round's sessions in their venues' time, with check-in codes and attendance."""
    cohort = get_managed_cohort(cohort_id)
    sessions = cohort_sessions(cohort.id)
    return render_template(
        "rounds/sessions/agenda.html", cohort=cohort, sessions=sessions, statuses=COHORT_STATUSES,
        attended=attended_counts([s.id for s in sessions]),
        participants=role_counts([cohort.id])[cohort.id].get(RoundRole.PARTICIPANT, 0))


@bp.route("/manage/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def new(cohort_id):
    """Add a session to the round's agenda."""
    cohort = get_managed_cohort(cohort_id)
    form = SessionForm.for_cohort(cohort)
    if form.validate_on_submit():
        done, session = commit_or_flash(create_session, current_user, cohort,
                                        **form.details)
        if done:
            flash(_("“%(title)s” is on the agenda; its check-in code is %(code)s.",
                    title=session.title, code=session.checkin_code), "success")
            return redirect(url_for("sessions.agenda", cohort_id=cohort.id))
    return render_template("rounds/sessions/form.html", form=form, cohort=cohort, session=None,
                           statuses=COHORT_STATUSES)


@bp.route("/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def edit(session_id):
    """Change a session's time, place or details."""
    session = get_managed_session(session_id)
    form = SessionForm.for_session(session)
    if form.validate_on_submit():
        done, _session = commit_or_flash(update_session, current_user, session,
                                         **form.details)
        if done:
            flash(_("“%(title)s” is saved.", title=session.title), "success")
            return redirect(url_for("sessions.agenda", cohort_id=session.cohort_id))
    return render_template("rounds/sessions/form.html", form=form, cohort=session.cohort,
                           session=session, statuses=COHORT_STATUSES)


@bp.route("/manage/sessions/<int:session_id>/delete", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def delete(session_id):
    """Take a session off the agenda, with its attendance records."""
    session = get_managed_session(session_id)
    cohort_id, title = session.cohort_id, session.title
    done, _result = commit_or_flash(delete_session, current_user, session)
    if done:
        flash(_("“%(title)s” is off the agenda.", title=title), "success")
    return redirect(url_for("sessions.agenda", cohort_id=cohort_id))


@bp.route("/calendar")
@login_required
def my_calendar():
    """Show my private calendar link and my coming sessions."""
    return render_template(
        "rounds/sessions/my_calendar.html", token=current_user.calendar_token,
        sessions=user_sessions(current_user.id, since=clock.now(), limit=20))


@bp.route("/calendar/new-link", methods=["POST"])
@login_required
def new_calendar_link():
    """Replace my calendar link, so an old, leaked one stops working."""
    renew_calendar_token(current_user)
    db.session.commit()
    flash(_("Your calendar has a new link: subscribe to it again in your calendar app. "
            "The old link no longer works."), "success")
    return redirect(url_for("sessions.my_calendar"))


@bp.route("/calendar/cohort/<token>.ics")
def cohort_feed(token):
    """Serve a round's agenda to calendar apps; the token in the address is the key."""
    cohort = cohort_by_calendar_token(token) or abort(404)
    body = build_feed(f"{cohort.program.title} — {cohort.name}",
                      f"cohort-{cohort.id}@{request.host}",
                      cohort_sessions(cohort.id), domain=request.host,
                      now=clock.now())
    return feed_response(body)


@bp.route("/calendar/user/<token>.ics")
def user_feed(token):
    """Serve every session of a person's rounds to their calendar app, in their language."""
    user = user_by_calendar_token(token) or abort(404)
    with force_locale(user.locale):
        body = build_feed(_("Madangan — %(name)s", name=user.name),
                          f"user-{user.id}@{request.host}",
                          user_sessions(user.id), domain=request.host,
                          now=clock.now(), with_cohort=True)
    return feed_response(body)


def feed_response(body):
    return body, 200, {"Content-Type": ICALENDAR, "Cache-Control": "private, max-age=300",
                       "X-Robots-Tag": "noindex"}


@bp.app_template_filter()
def session_when(session):
    """"Selasa, 17 November 2026, 08.00–10.00 WIB": the session's time at its venue."""
    return format_session_time(session.starts_at, session.ends_at, session.timezone)


@bp.app_template_filter()
def local_time(moment, zone, with_date=False):
    return format_local_time(moment, zone, with_date)


@bp.app_template_filter()
def checkin_opens(session):
    """When participants may start checking in, at the venue."""
    return format_local_time(checkin_window(session)[0], session.timezone)


@bp.app_template_filter()
def session_kind(kind):
    return SESSION_KIND_LABELS[kind]


@bp.app_template_global()
def feed_url(kind, token, webcal=False):
    """The address calendar apps subscribe to; webcal:// opens the app straight away."""
    url = url_for(f"sessions.{kind}_feed", token=token, _external=True)
    return "webcal://" + url.split("://", 1)[1] if webcal else url
