"""The organiser's cohort dashboard: everyone's progress at a glance, and as a spreadsheet."""
from flask import Blueprint, Response, abort, render_template, request

from app.auth.access import role_required
from app.cohorts import exports, progress
from app.cohorts.access import get_managed_cohort
from app.cohorts.chart import progress_chart
from app.cohorts.statuses import COHORT_STATUSES
from app.models import utcnow
from app.spreadsheets import SPREADSHEET_FORMATS

bp = Blueprint("dashboard", __name__, url_prefix="/manage")


@bp.route("/cohorts/<int:cohort_id>/dashboard")
@role_required("organiser", "admin")
def show(cohort_id):
    """Show a page of the round's participant × module progress matrix and its progress chart."""
    cohort = get_managed_cohort(cohort_id)
    sort = request.args.get("sort")
    if sort not in progress.SORTS:
        sort = progress.DEFAULT_SORT
    board = progress.dashboard(cohort, sort=sort, page=request.args.get("page", 1, type=int),
                               now=utcnow())
    return render_template(
        "dashboard/show.html", cohort=cohort, statuses=COHORT_STATUSES, board=board, sort=sort,
        participant_statuses=progress.PARTICIPANT_STATUSES, behind_by=progress.BEHIND_BY,
        chart=progress_chart(cohort, board.series), export_formats=SPREADSHEET_FORMATS)


@bp.route("/cohorts/<int:cohort_id>/export.<fmt>")
@role_required("organiser", "admin")
def export(cohort_id, fmt):
    """Download every participant's progress and attendance as CSV or XLSX."""
    cohort = get_managed_cohort(cohort_id)
    export_format = SPREADSHEET_FORMATS.get(fmt) or abort(404)
    body = export_format.render(exports.progress_table(cohort, utcnow()))
    return Response(body, mimetype=export_format.mimetype, headers={
        "Content-Disposition": f"attachment; filename={exports.file_name(cohort, export_format)}"})
