"""The administrator's outbox: the emails not sent yet, why, and retrying them."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.emails import outbox, queries
from app.emails.models import OutgoingEmail

bp = Blueprint("outbox", __name__, url_prefix="/admin")

PER_PAGE = 50


@bp.route("/outbox")
@role_required(Role.ADMIN)
def index():
    """List the emails waiting, failing or given up, newest first, with the counts."""
    page = db.paginate(queries.unsent_emails(), per_page=PER_PAGE)
    return render_template("admin/outbox.html", page=page,
                           counts=queries.email_status_counts(),
                           max_attempts=outbox.MAX_ATTEMPTS)


@bp.route("/outbox/<int:email_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry(email_id):
    """Try one email again now."""
    email = db.get_or_404(OutgoingEmail, email_id)
    if outbox.retry_email(current_user, email):
        db.session.commit()
        flash(_("The email to %(email)s is being sent again.", email=email.recipient), "success")
    else:
        flash(_("The email to %(email)s was sent already.", email=email.recipient), "info")
    return redirect(url_for("outbox.index"))


@bp.route("/outbox/retry-given-up", methods=["POST"])
@role_required(Role.ADMIN)
def retry_given_up():
    """Try every email that was given up again now."""
    count = outbox.retry_given_up(current_user)
    db.session.commit()
    flash(ngettext("%(num)d email that was given up is being sent again.",
                   "%(num)d emails that were given up are being sent again.", count), "success")
    return redirect(url_for("outbox.index"))
