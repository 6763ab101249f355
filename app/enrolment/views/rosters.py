"""Enrolling a round from a roster file: upload, preview with every problem, confirm."""
import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import invitations
from app.auth.access import role_required
from app.auth.models import Role
from app.enrolment import roster as rosters
from app.enrolment.forms import RosterUploadForm
from app.enrolment.labels import ENROLLMENT_ROLE_LABELS
from app.enrolment.models import RosterImport
from app.enrolment.roster_files import COLUMNS, MAX_ROWS, ROSTER_FORMATS
from app.extensions import db
from app.rounds.access import get_managed_cohort
from app.rounds.statuses import COHORT_STATUSES

bp = Blueprint("rosters", __name__, url_prefix="/manage")


def get_managed_import(import_id, for_update=False):
    """The import and its cohort, or 404 when the cohort is not the user's to manage.

    Applying locks the import's row, so two clicks on confirm cannot both enrol its people.
    """
    roster_import = db.session.get(RosterImport, import_id, with_for_update=for_update)
    if roster_import is None:
        abort(404)
    return roster_import, get_managed_cohort(roster_import.cohort_id)


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def upload(cohort_id):
    """Take a roster file and keep it for its preview; nobody is enrolled yet."""
    cohort = get_managed_cohort(cohort_id)
    form = RosterUploadForm()
    if form.validate_on_submit():
        roster_import = rosters.upload_roster(current_user, cohort, form.file.data.filename,
                                              form.file.data.read())
        db.session.commit()
        return redirect(url_for("rosters.preview", import_id=roster_import.id))
    return render_template("enrolment/rosters/upload.html", cohort=cohort, statuses=COHORT_STATUSES,
                           form=form, columns=COLUMNS, formats=ROSTER_FORMATS,
                           max_rows=MAX_ROWS, imports=rosters.recent_imports(cohort.id))


@bp.route("/roster-template.<kind>")
@role_required(Role.ORGANISER, Role.ADMIN)
def template(kind):
    """Download an empty roster with the column headings, as CSV or XLSX."""
    roster_format = ROSTER_FORMATS.get(kind)
    if roster_format is None:
        abort(404)
    return send_file(io.BytesIO(roster_format.template()), mimetype=roster_format.mimetype,
                     as_attachment=True, download_name=f"roster.{kind}")


@bp.route("/rosters/<int:import_id>")
@role_required(Role.ORGANISER, Role.ADMIN)
def preview(import_id):
    """Show every row of an uploaded roster with its problems, and the confirm button when
    there are none."""
    roster_import, cohort = get_managed_import(import_id)
    return render_preview(cohort, roster_import, rosters.review_import(cohort, roster_import))


@bp.route("/rosters/<int:import_id>/apply", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def apply(import_id):
    """Enrol everyone on the roster in one transaction, or nobody."""
    roster_import, cohort = get_managed_import(import_id, for_update=True)
    try:
        roster = rosters.apply_roster(current_user, cohort, roster_import)
    except rosters.RosterHasProblems as error:
        db.session.rollback()
        flash(str(error), "danger")
        return render_preview(cohort, roster_import, error.roster), 409
    except rosters.RosterAlreadyApplied as error:
        flash(str(error), "warning")
        return redirect(url_for("rosters.preview", import_id=import_id))
    done = _("%(count)d people from %(filename)s are now in the round.",
             count=len(roster.rows), filename=roster_import.filename)
    invitations.send_invitations(roster.invitees, current_user)  # sent once this commits
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("manage.cohort", cohort_id=cohort.id))


def render_preview(cohort, roster_import, roster):
    return render_template("enrolment/rosters/preview.html", cohort=cohort,
                           statuses=COHORT_STATUSES, roster_import=roster_import, roster=roster,
                           columns=COLUMNS, role_labels=ENROLLMENT_ROLE_LABELS)
