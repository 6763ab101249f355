"""The administrator's page of learning records: what was sent to the LRS, what waits."""
import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request
from flask import url_for
from flask_babel import gettext as _

from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.xapi import queries
from app.xapi.delivery import send_pending_statements
from app.xapi.statements import summary

bp = Blueprint("xapi", __name__, url_prefix="/admin")


@bp.route("/learning-records")
@role_required(Role.ADMIN)
def statements():
    """List the statements, newest first, with how their sending goes."""
    page = db.paginate(queries.newest_first(), per_page=50)
    return render_template("xapi/statements.html", page=page, counts=queries.status_counts(),
                           rows=[(statement, summary(statement)) for statement in page.items],
                           endpoint=current_app.config["XAPI_ENDPOINT"])


@bp.route("/learning-records/send", methods=["POST"])
@role_required(Role.ADMIN)
def send():
    """Send every unsent statement to the LRS now."""
    if not current_app.config["XAPI_ENDPOINT"]:
        flash(_("No Learning Record Store is configured."), "warning")
    else:
        outcome = send_pending_statements(everything=True)
        if outcome.failed:
            flash(_("%(sent)s statements sent; the LRS refused the others, see the errors.",
                    sent=outcome.sent), "danger")
        else:
            flash(_("%(sent)s statements sent.", sent=outcome.sent), "success")
    return redirect(url_for("xapi.statements"))


@bp.route("/learning-records.json")
@role_required(Role.ADMIN)
def export():
    """Download the statements, oldest first, as the JSON array an LRS accepts."""
    unsent = request.args.get("unsent") == "1"
    filename = "learning-records-unsent.json" if unsent else "learning-records.json"
    return Response(json.dumps(queries.bodies(unsent=unsent), ensure_ascii=False),
                    mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
