"""Running training rounds: the organiser's home and each round's details, status, people,
replication and audit log."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.audit.services import describe_event
from app.auth.access import role_required
from app.auth.models import User
from app.cohorts import queries, services
from app.cohorts.access import (get_managed_cohort, get_managed_program, managed_organisation_ids,
                                managed_organisations)
from app.cohorts.forms import CohortForm, EnrolForm, ReplicateForm
from app.cohorts.labels import DELIVERY_MODE_LABELS, ENROLLMENT_ROLE_LABELS
from app.cohorts.models import Enrollment
from app.cohorts.statuses import COHORT_STATUSES
from app.errors import commit_or_flash
from app.extensions import db

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@role_required("organiser", "admin")
def home():
    """List the programs I run, each with its training rounds."""
    programs = queries.managed_programs(managed_organisation_ids(current_user))
    cohort_ids = [cohort.id for _program, cohorts in programs for cohort in cohorts]
    # Whoever runs a program has an organisation to start another for; ask only otherwise.
    can_start_program = bool(programs) or bool(managed_organisations(current_user))
    return render_template("manage/home.html", programs=programs, statuses=COHORT_STATUSES,
                           counts=queries.role_counts(cohort_ids),
                           can_start_program=can_start_program)


@bp.route("/programs/<int:program_id>/cohorts/new", methods=["GET", "POST"])
@role_required("organiser", "admin")
def new_cohort(program_id):
    """Plan a new training round of a program."""
    program = get_managed_program(program_id)
    form = CohortForm()
    if form.validate_on_submit():
        cohort = services.create_cohort(current_user, program, **form.details())
        db.session.commit()
        flash(_("The round is saved as a draft."), "success")
        return redirect(url_for("manage.cohort", cohort_id=cohort.id))
    return render_template("manage/cohort_form.html", form=form, program=program, cohort=None)


@bp.route("/cohorts/<int:cohort_id>")
@role_required("organiser", "admin")
def cohort(cohort_id):
    """Show a round: its details, status and agenda."""
    cohort = get_managed_cohort(cohort_id)
    return render_template(
        "manage/cohort.html", cohort=cohort, statuses=COHORT_STATUSES,
        delivery_modes=DELIVERY_MODE_LABELS, counts=queries.role_counts([cohort.id])[cohort.id],
        sessions=queries.cohort_sessions(cohort.id))


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required("organiser", "admin")
def edit_cohort(cohort_id):
    """Change a round's dates, place, mode and capacity."""
    cohort = get_managed_cohort(cohort_id)
    form = CohortForm(obj=cohort)
    if form.validate_on_submit() and commit_or_flash(
            services.update_cohort, current_user, cohort, **form.details())[0]:
        return redirect(url_for("manage.cohort", cohort_id=cohort.id))
    return render_template("manage/cohort_form.html", form=form, program=cohort.program,
                           cohort=cohort)


@bp.route("/cohorts/<int:cohort_id>/status", methods=["POST"])
@role_required("organiser", "admin")
def change_status(cohort_id):
    """Move the round to its next status."""
    cohort = get_managed_cohort(cohort_id)
    done, _result = commit_or_flash(services.change_status, current_user, cohort,
                                    request.form.get("status", ""))
    if done:
        flash(_("The round is now %(status)s.", status=COHORT_STATUSES[cohort.status].label),
              "success")
    return redirect(url_for("manage.cohort", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/people", methods=["GET", "POST"])
@role_required("organiser", "admin")
def people(cohort_id):
    """List the round's people and enrol one more."""
    cohort = get_managed_cohort(cohort_id)
    form = EnrolForm()
    if form.validate_on_submit() and commit_or_flash(
            services.enroll_person, current_user, cohort, email=form.email.data,
            role=form.role.data, **form.profile())[0]:
        flash(_("%(email)s is enrolled.", email=form.email.data), "success")
        return redirect(url_for("manage.people", cohort_id=cohort.id))
    return render_template("manage/people.html", cohort=cohort, statuses=COHORT_STATUSES,
                           form=form, roles=ENROLLMENT_ROLE_LABELS,
                           enrollments=queries.enrollments_with_people(cohort.id))


@bp.route("/cohorts/<int:cohort_id>/people/<int:enrollment_id>/remove", methods=["POST"])
@role_required("organiser", "admin")
def remove_person(cohort_id, enrollment_id):
    """Take someone out of the round."""
    cohort = get_managed_cohort(cohort_id)
    enrollment = db.first_or_404(select(Enrollment).filter_by(id=enrollment_id,
                                                              cohort_id=cohort.id))
    user = db.session.get(User, enrollment.user_id)
    done, _result = commit_or_flash(services.unenroll, current_user, enrollment, user)
    if done:
        flash(_("%(name)s is no longer in the round.", name=user.name), "success")
    return redirect(url_for("manage.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/replicate", methods=["GET", "POST"])
@role_required("organiser", "admin")
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
    return render_template("manage/replicate.html", cohort=source, statuses=COHORT_STATUSES,
                           form=form, reach=queries.region_reach(source.program))


@bp.route("/cohorts/<int:cohort_id>/audit")
@role_required("organiser", "admin")
def audit_log(cohort_id):
    """Show who changed what in the round, newest first."""
    cohort = get_managed_cohort(cohort_id)
    page = db.paginate(queries.audit_events(cohort.id), per_page=50)
    return render_template("manage/audit_log.html", cohort=cohort, statuses=COHORT_STATUSES,
                           page=page, describe=describe_event)
