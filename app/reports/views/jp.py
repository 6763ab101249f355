"""JP reports: each person's JP for a year against the annual target, across the organiser's
cohorts (on a page and as a spreadsheet), and a participant's own."""
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from app import clock
from app.auth.access import managed_organisation_ids, role_required
from app.auth.models import Role
from app.reports import person_jp
from app.reports import jp as jp_report
from app.reports.charts import jp_chart
from app.reports.forms import JpReportForm
from app.spreadsheets import SPREADSHEET_FORMATS


bp = Blueprint("reports", __name__)


def _filtered(organisation_ids):
    """The filter form with the choices this user may pick from, and the filters chosen."""
    this_year = clock.this_year()
    form = JpReportForm(request.args, year=this_year)
    form.set_choices(jp_report.report_years(organisation_ids, this_year),
                     jp_report.filter_regions(organisation_ids))
    return form, form.filters(this_year)


@bp.route("/manage/reports/jp")
@role_required(Role.ORGANISER, Role.ADMIN)
def jp():
    """Show each person's JP for a year against the annual target, furthest from it first."""
    organisation_ids = managed_organisation_ids(current_user)
    form, filters = _filtered(organisation_ids)
    target = current_app.config["JP_ANNUAL_TARGET"]
    page = jp_report.report_page(filters, organisation_ids, target,
                                 page=request.args.get("page", 1, type=int))
    return render_template("reports/jp.html", form=form, filters=filters, page=page,
                           target=target)


@bp.route("/manage/reports/jp.<fmt>")
@role_required(Role.ORGANISER, Role.ADMIN)
def jp_export(fmt):
    """Download every person of the JP report, with the page's filters, as CSV or XLSX."""
    export = SPREADSHEET_FORMATS.get(fmt) or abort(404)
    organisation_ids = managed_organisation_ids(current_user)
    _form, filters = _filtered(organisation_ids)
    rows = jp_report.report_rows(filters, organisation_ids,
                                 current_app.config["JP_ANNUAL_TARGET"])
    name = "-".join(filter(None, ("jp", str(filters.year), filters.region)))
    return Response(export.render(jp_report.report_table(rows, filters.year)),
                    mimetype=export.mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})


@bp.route("/jp")
@login_required
def my_jp():
    """Show my JP of a year against the annual target: month by month and where it came from.
    Only a year I earned JP in, or this one, is shown; any other is not found."""
    this_year = clock.this_year()
    years = person_jp.person_years(current_user.id, this_year)
    year = request.args.get("year", this_year, type=int)
    if year not in years:
        abort(404)
    person = person_jp.person_jp(current_user.id, year)
    target = current_app.config["JP_ANNUAL_TARGET"]
    return render_template("reports/my_jp.html", person=person, years=years,
                           target=target, kinds=person_jp.KINDS,
                           chart=jp_chart(person, target, person_jp.months_so_far(year)))
