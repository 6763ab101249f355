"""Running training rounds: the organiser's home, programs and cohorts."""
from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.access import role_required
from app.cohorts import queries
from app.cohorts.access import get_managed_cohort, managed_organisation_ids
from app.cohorts.statuses import COHORT_STATUSES

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@role_required("organiser", "admin")
def home():
    """List the programs I run, each with its training rounds."""
    programs = queries.managed_programs(managed_organisation_ids(current_user))
    cohort_ids = [cohort.id for _program, cohorts in programs for cohort in cohorts]
    return render_template("manage/home.html", programs=programs, statuses=COHORT_STATUSES,
                           counts=queries.role_counts(cohort_ids))


@bp.route("/cohorts/<int:cohort_id>")
@role_required("organiser", "admin")
def cohort(cohort_id):
    """Show a round: its details, status and agenda."""
    cohort = get_managed_cohort(cohort_id)
    return render_template(
        "manage/cohort.html", cohort=cohort, statuses=COHORT_STATUSES,
        counts=queries.role_counts([cohort.id])[cohort.id],
        sessions=queries.cohort_sessions(cohort.id))
