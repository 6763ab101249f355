"""The outcome view of a program or a round: its regions' SPBE index before the training and
since, next to the regions it has not reached, with the caution that this is correlation."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from app.auth.access import role_required
from app.auth.models import Role
from app.benchmarking import dashboard
from app.benchmarking.outcomes import outcome_rows
from app.rounds.access import get_managed_cohort, get_managed_program
from app.spreadsheets import SPREADSHEET_FORMATS, Table

bp = Blueprint("outcomes", __name__, url_prefix="/manage")


def outcome_table(outcomes, title):
    return Table(title=title, header=[
        _("Region code"), _("Region"), _("Participants"), _("Training year"),
        _("Baseline year"), _("Baseline index"), _("Latest year"), _("Latest index"),
        _("Change"), _("Change of regions not reached"), _("Regions not reached compared")],
        rows=([row.region_code, row.region_name, row.participants, row.training_year,
               row.baseline_year, row.baseline, row.latest_year, row.latest, row.change,
               row.comparison_change, row.comparison_regions] for row in outcomes.rows))


def outcomes_of(program, cohort=None):
    framework, _year = dashboard.framework_and_year(request.args.get("framework"), None)
    return framework, outcome_rows(program.id, framework, cohort)


def page(program, cohort=None):
    framework, outcomes = outcomes_of(program, cohort)
    return render_template("benchmarking/outcomes/show.html", program=program, cohort=cohort,
                           framework=framework, outcomes=outcomes,
                           export_formats=SPREADSHEET_FORMATS)


def download(fmt, program, cohort=None):
    export = SPREADSHEET_FORMATS.get(fmt) or abort(404)
    framework, outcomes = outcomes_of(program, cohort)
    name = f"outcomes-{program.slug}" + (f"-{cohort.id}" if cohort else "")
    return Response(export.render(outcome_table(outcomes, _("Outcomes"))),
                    mimetype=export.mimetype, headers={
                        "Content-Disposition": f"attachment; filename={name}.{export.extension}"})


@bp.route("/programs/<int:program_id>/outcomes")
@role_required(Role.ORGANISER, Role.ADMIN)
def program_outcomes(program_id):
    """The outcome view of every round of a program."""
    return page(get_managed_program(program_id))


@bp.route("/programs/<int:program_id>/outcomes.<fmt>")
@role_required(Role.ORGANISER, Role.ADMIN)
def program_export(program_id, fmt):
    return download(fmt, get_managed_program(program_id))


@bp.route("/cohorts/<int:cohort_id>/outcomes")
@role_required(Role.ORGANISER, Role.ADMIN)
def cohort_outcomes(cohort_id):
    """The outcome view of one round."""
    cohort = get_managed_cohort(cohort_id)
    return page(cohort.program, cohort)


@bp.route("/cohorts/<int:cohort_id>/outcomes.<fmt>")
@role_required(Role.ORGANISER, Role.ADMIN)
def cohort_export(cohort_id, fmt):
    cohort = get_managed_cohort(cohort_id)
    return download(fmt, cohort.program, cohort)
