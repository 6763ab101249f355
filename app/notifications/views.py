"""A user's notifications: the bell's count on every page, the list, marking them read, and
which of them are emailed."""
from flask import Blueprint, abort, flash, g, has_request_context, redirect, render_template
from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.extensions import db
from app.notifications import queries, services
from app.notifications.forms import EmailChoicesForm
from app.notifications.services import NOTIFICATION_KINDS, describe

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

PER_PAGE = 20


@bp.app_context_processor
def bell():
    """The signed-in user's unread notifications for the header's bell, counted once per
    request before the first page renders: the template reads a number, it runs no query."""
    if not (has_request_context() and current_user.is_authenticated):
        return {}
    if "unread_notifications" not in g:
        g.unread_notifications = queries.unread_count(current_user)
    return {"unread_notification_count": g.unread_notifications}


def get_own_notification(notification_id):
    """The signed-in user's notification, or 404 (also for someone else's)."""
    return queries.own_notification(current_user, notification_id) or abort(404)


def _is_own_path(link):
    return link.startswith("/") and not link.startswith(("//", "/\\"))


@bp.route("")
@login_required
def index():
    """List my notifications, newest first."""
    page = db.paginate(queries.notifications_of(current_user),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE)
    return render_template("notifications/index.html", page=page, describe=describe)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    """Mark one of my notifications read, then open what it is about or go back to the list."""
    notification = get_own_notification(notification_id)
    services.mark_read(notification, clock.now())
    db.session.commit()
    if request.form.get("open") and _is_own_path(notification.link):
        return redirect(notification.link)
    return redirect(url_for("notifications.index", page=request.form.get("page", 1, type=int)))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark all my notifications read."""
    services.mark_all_read(current_user, clock.now())
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Choose which kinds of notification I also get by email."""
    form = EmailChoicesForm.for_user(queries.opted_out_kinds(current_user))
    if form.validate_on_submit():
        services.set_email_choices(current_user, form.wanted_kinds)
        db.session.commit()
        flash(_("Your email choices are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form,
                           notification_kinds=NOTIFICATION_KINDS)
