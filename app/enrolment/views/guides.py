"""Who guides whom in a round: the organiser assigns each participant a coach and a mentor,
shares participants among the coaches automatically, and invites mentors by email."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import invitations
from app.auth.access import role_required
from app.auth.models import Role
from app.enrolment import guides
from app.enrolment.forms import BalanceForm, InviteMentorForm, guides_form
from app.errors import DomainError, commit_or_flash
from app.extensions import db
from app.rounds.access import get_managed_cohort
from app.rounds.statuses import COHORT_STATUSES

bp = Blueprint("guides", __name__, url_prefix="/manage")


@bp.route("/cohorts/<int:cohort_id>/guides", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def assign(cohort_id):
    """List every participant with a coach and a mentor choice, and save them all at once."""
    cohort = get_managed_cohort(cohort_id)
    overview = guides.guides_overview(cohort.id)
    form = guides_form(overview)
    if form.validate_on_submit():
        done, changed = commit_or_flash(guides.save_guides, current_user, cohort,
                                        form.choices())
        if done:
            flash(ngettext("%(num)d participant has new guides.",
                           "%(num)d participants have new guides.", changed), "success")
            return redirect(url_for("guides.assign", cohort_id=cohort.id))
    return render_page(cohort, overview, assign_form=form)


@bp.route("/cohorts/<int:cohort_id>/guides/balance", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def balance(cohort_id):
    """Share the participants without a coach among the coaches, up to a limit each."""
    cohort = get_managed_cohort(cohort_id)
    form = BalanceForm()
    if not form.validate_on_submit():
        return render_page(cohort, balance_form=form)
    done, result = commit_or_flash(guides.balance_coaches, current_user, cohort, form.cap.data)
    if done:
        flash_balance(result, form.cap.data)
    return redirect(url_for("guides.assign", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/guides/mentors", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def invite_mentor(cohort_id):
    """Enrol a mentor by email; someone who cannot sign in yet is emailed an invitation."""
    cohort = get_managed_cohort(cohort_id)
    form = InviteMentorForm()
    if form.validate_on_submit():
        try:
            user = guides.invite_mentor(current_user, cohort, email=form.mentor_email.data,
                                        name=form.mentor_name.data)
        except DomainError as error:
            db.session.rollback()
            form.mentor_email.errors.append(str(error))
        else:
            if invitations.awaits_password(user):
                invitations.send_invitation(user, current_user)  # sent once this commits
            db.session.commit()
            flash_invitation(user)
            return redirect(url_for("guides.assign", cohort_id=cohort.id))
    return render_page(cohort, invite_form=form)


def render_page(cohort, overview=None, *, assign_form=None, balance_form=None,
                invite_form=None):
    overview = overview or guides.guides_overview(cohort.id)
    return render_template(
        "enrolment/guides.html", cohort=cohort, statuses=COHORT_STATUSES, overview=overview,
        assign_form=assign_form or guides_form(overview, fresh=True),
        balance_form=balance_form or BalanceForm(formdata=None),
        invite_form=invite_form or InviteMentorForm(formdata=None))


def flash_balance(result, cap):
    flash(ngettext("%(num)d participant was given a coach.",
                   "%(num)d participants were given a coach.", result.assigned), "success")
    if result.left:
        flash(ngettext(
            "%(num)d participant still has no coach, since every coach already guides %(cap)d "
            "or more: %(names)s. Raise the limit or enrol another coach.",
            "%(num)d participants still have no coach, since every coach already guides "
            "%(cap)d or more: %(names)s. Raise the limit or enrol another coach.",
            len(result.left), cap=cap, names=", ".join(result.left)), "warning")


def flash_invitation(user):
    if not invitations.awaits_password(user):
        flash(_("%(name)s is a mentor of the round and can sign in with their account.",
                name=user.name), "success")
    else:
        flash(_("%(name)s is a mentor of the round; an invitation to choose a password was "
                "emailed to %(email)s.", name=user.name, email=user.email), "success")
