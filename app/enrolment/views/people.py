"""The round's people: enrol one more, or take someone out."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import role_required
from app.auth.models import Role, User
from app.enrolment.forms import EnrolForm
from app.enrolment.labels import ENROLLMENT_ROLE_LABELS
from app.enrolment.queries import enrollments_with_people
from app.enrolment.services import enroll_person, unenroll
from app.errors import commit_or_flash
from app.extensions import db
from app.rounds.access import get_managed_cohort
from app.rounds.models import Enrollment
from app.rounds.statuses import COHORT_STATUSES


bp = Blueprint("enrolment", __name__, url_prefix="/manage")


@bp.route("/cohorts/<int:cohort_id>/people", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def people(cohort_id):
    """List the round's people and enrol one more."""
    cohort = get_managed_cohort(cohort_id)
    form = EnrolForm()
    if form.validate_on_submit() and commit_or_flash(
            enroll_person, current_user, cohort, email=form.email.data,
            role=form.role.data, **form.profile())[0]:
        flash(_("%(email)s is enrolled.", email=form.email.data), "success")
        return redirect(url_for("enrolment.people", cohort_id=cohort.id))
    return render_template("enrolment/people.html", cohort=cohort, statuses=COHORT_STATUSES,
                           form=form, roles=ENROLLMENT_ROLE_LABELS,
                           enrollments=enrollments_with_people(cohort.id))


@bp.route("/cohorts/<int:cohort_id>/people/<int:enrollment_id>/remove", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def remove_person(cohort_id, enrollment_id):
    """Take someone out of the round."""
    cohort = get_managed_cohort(cohort_id)
    enrollment = db.first_or_404(select(Enrollment).filter_by(id=enrollment_id,
                                                              cohort_id=cohort.id))
    user = db.session.get(User, enrollment.user_id)
    done, _result = commit_or_flash(unenroll, current_user, enrollment, user)
    if done:
        flash(_("%(name)s is no longer in the round.", name=user.name), "success")
    return redirect(url_for("enrolment.people", cohort_id=cohort.id))
