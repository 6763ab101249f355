"""Running training rounds: the organiser's home and each round's details, status,
replication and audit log."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.services import describe_event
from app.auth.access import managed_organisation_ids, managed_organisations, role_required
from app.auth.models import Role
from app.errors import commit_or_flash
from app.extensions import db
from app.rounds.access import get_managed_cohort, get_managed_program
from app.rounds.forms import CohortForm, ReplicateForm
from app.rounds.labels import DELIVERY_MODE_LABELS
from app.rounds.models import RoundRole
from app.rounds.queries import (audit_events, cohort_sessions, managed_programs, region_reach,
                                role_counts)
from app.rounds import services
from app.rounds.statuses import COHORT_STATUSES


bp = Blueprint("manage", __name__, url_prefix="/manage")
bp.add_app_template_global(RoundRole, "RoundRole")  # enrollment.role == RoundRole.COACH


@bp.route("/")
@role_required(Role.ORGANISER, Role.ADMIN)
def home():
    """List the programs I run, each with its training rounds."""
    programs = managed_programs(managed_organisation_ids(current_user))
    cohort_ids = [cohort.id for _program, cohorts in programs for cohort in cohorts]
    # Whoever runs a program has an organisation to start another for; ask only otherwise.
    can_start_program = bool(programs) or bool(managed_organisations(current_user))
    return render_template("rounds/manage/home.html", programs=programs, statuses=COHORT_STATUSES,
                           counts=role_counts(cohort_ids),
                           can_start_program=can_start_program)


@bp.route("/programs/<int:program_id>/cohorts/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def new_cohort(program_id):
    """Plan a new training round of a program."""
    program = get_managed_program(program_id)
    form = CohortForm()
    if form.validate_on_submit():
        cohort = services.create_cohort(current_user, program, **form.details())
        db.session.commit()
        flash(_("The round is saved as a draft."), "success")
        return redirect(url_for("manage.cohort", cohort_id=cohort.id))
    return render_template("rounds/manage/cohort_form.html", form=form, program=program,
                           cohort=None)


@bp.route("/cohorts/<int:cohort_id>")
@role_required(Role.ORGANISER, Role.ADMIN)
def cohort(cohort_id):
    """Show a round: its details, status and agenda."""
    cohort = get_managed_cohort(cohort_id)
    return render_template(
        "rounds/manage/cohort.html", cohort=cohort, statuses=COHORT_STATUSES,
        delivery_modes=DELIVERY_MODE_LABELS, counts=role_counts([cohort.id])[cohort.id],
        sessions=cohort_sessions(cohort.id))


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def edit_cohort(cohort_id):
    """Change a round's dates, place, mode and capacity."""
    cohort = get_managed_cohort(cohort_id)
    form = CohortForm(obj=cohort)
    if form.validate_on_submit() and commit_or_flash(
            services.update_cohort, current_user, cohort, **form.details())[0]:
        return redirect(url_for("manage.cohort", cohort_id=cohort.id))
    return render_template("rounds/manage/cohort_form.html", form=form, program=cohort.program,
                           cohort=cohort)


@bp.route("/cohorts/<int:cohort_id>/status", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def change_status(cohort_id):
    """Move the round to its next status."""
    cohort = get_managed_cohort(cohort_id)
    done, _result = commit_or_flash(services.change_status, current_user, cohort,
                                    request.form.get("status", ""))
    if done:
        flash(_("The round is now %(status)s.", status=COHORT_STATUSES[cohort.status].label),
              "success")
    return redirect(url_for("manage.cohort", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/replicate", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def replicate(cohort_id):
    """Run this round again: a new draft with the same agenda and coaches, no participants."""
    source = get_managed_cohort(cohort_id)
    form = ReplicateForm()
    if form.validate_on_submit():
        cohort = services.replicate_cohort(current_user, source, name=form.name.data,
                                           starts_on=form.starts_on.data)
        db.session.commit()
        flash(_("%(name)s is ready for its roster.", name=cohort.name), "success")
        return redirect(url_for("manage.cohort", cohort_id=cohort.id))
    return render_template("rounds/manage/replicate.html", cohort=source, statuses=COHORT_STATUSES,
                           form=form, reach=region_reach(source.program))


@bp.route("/cohorts/<int:cohort_id>/audit")
@role_required(Role.ORGANISER, Role.ADMIN)
def audit_log(cohort_id):
    """Show who changed what in the round, newest first."""
    cohort = get_managed_cohort(cohort_id)
    page = db.paginate(audit_events(cohort.id), per_page=50)
    return render_template("rounds/manage/audit_log.html", cohort=cohort, statuses=COHORT_STATUSES,
                           page=page, describe=describe_event)
