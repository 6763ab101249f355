"""Certificate pages: the organiser's tab of a round and a program's certificate settings,
and the participant's own certificates."""
import json
import re

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.auth.access import can_manage, role_required
from app.auth.models import Role
from app.certificates import queries, services
from app.certificates.badges import open_badge
from app.certificates.bulk import latest_bulk_issue
from app.certificates.forms import ReasonForm, SettingsForm, SignatoryForm
from app.certificates.models import Signatory
from app.errors import commit_or_flash
from app.extensions import db
from app.progress.queries import evaluate_cohort
from app.rounds.access import get_managed_cohort, get_managed_program
from app.rounds.models import Enrollment
from app.rounds.statuses import COHORT_STATUSES


bp = Blueprint("certificates", __name__)


def get_managed_certificate(certificate_id):
    """A certificate of a round the user manages, with its cohort; 404 otherwise."""
    found = queries.certificate_with_cohort(certificate_id)
    if found is None or not can_manage(current_user, found.Cohort.program.organisation_id):
        abort(404)
    return found.Certificate, found.Cohort


@bp.route("/manage/cohorts/<int:cohort_id>/certificates")
@role_required(Role.ORGANISER, Role.ADMIN)
def cohort(cohort_id):
    """List the round's participants: complete or what is missing, and their certificates."""
    cohort = get_managed_cohort(cohort_id)
    participants = queries.cohort_participants(cohort.id)
    enrollment_ids = [enrollment.id for enrollment, _user in participants]
    return render_template(
        "certificates/cohort.html", cohort=cohort, statuses=COHORT_STATUSES,
        participants=participants, bulk=latest_bulk_issue(cohort),
        evaluations=evaluate_cohort(cohort, enrollment_ids, clock.now()) if enrollment_ids else {},
        certificates=queries.certificates_by_enrollment(enrollment_ids))


@bp.route("/manage/cohorts/<int:cohort_id>/certificates/issue/<int:enrollment_id>",
          methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def issue(cohort_id, enrollment_id):
    """Issue one participant's certificate."""
    cohort = get_managed_cohort(cohort_id)
    enrollment = db.get_or_404(Enrollment, enrollment_id)
    if enrollment.cohort_id != cohort.id:
        abort(404)
    done, _certificate = commit_or_flash(services.issue_certificate, current_user, enrollment,
                                         today=clock.today())
    if done:
        flash(_("The certificate is issued."), "success")
    return redirect(url_for("certificates.cohort", cohort_id=cohort.id))


@bp.route("/manage/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def revoke(certificate_id):
    """Revoke a certificate, saying why."""
    certificate, cohort = get_managed_certificate(certificate_id)
    form = ReasonForm()
    if form.validate_on_submit():
        done, _result = commit_or_flash(services.revoke_certificate, current_user, certificate,
                                        form.reason.data)
        if done:
            flash(_("The certificate is revoked."), "success")
    else:
        flash(_("Say why the certificate is revoked."), "danger")
    return redirect(url_for("certificates.cohort", cohort_id=cohort.id))


@bp.route("/manage/certificates/<int:certificate_id>/reissue", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def reissue(certificate_id):
    """Revoke a certificate and issue a corrected one in its place."""
    certificate, cohort = get_managed_certificate(certificate_id)
    form = ReasonForm()
    if form.validate_on_submit():
        done, _certificate = commit_or_flash(services.reissue, current_user, certificate,
                                             form.reason.data, today=clock.today())
        if done:
            flash(_("A new certificate replaces the old one."), "success")
    else:
        flash(_("Say why the certificate is revoked."), "danger")
    return redirect(url_for("certificates.cohort", cohort_id=cohort.id))


def settings_form(program, **kwargs):
    return SettingsForm(data={"needs_approval": program.certificate_needs_approval,
                              "number_pattern": program.certificate_number_pattern,
                              "qualification": program.certificate_qualification,
                              "template": program.certificate_template}, **kwargs)


def settings_page(program, form, signatory_form):
    return render_template("certificates/settings.html", program=program, form=form,
                           signatory_form=signatory_form,
                           signatories=queries.program_signatories(program.id))


@bp.route("/manage/programs/<int:program_id>/certificate-settings", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def settings(program_id):
    """Set how a program's certificates are issued, numbered and rendered, and who signs."""
    program = get_managed_program(program_id)
    form = settings_form(program)
    if form.validate_on_submit():
        services.update_certificate_settings(current_user, program, **form.details())
        db.session.commit()
        flash(_("The certificate settings are saved."), "success")
        return redirect(url_for("certificates.settings", program_id=program.id))
    return settings_page(program, form, SignatoryForm())


@bp.route("/manage/programs/<int:program_id>/signatories", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def add_signatory(program_id):
    """Add someone who signs the program's certificates."""
    program = get_managed_program(program_id)
    form = SignatoryForm()
    if form.validate_on_submit():
        services.add_signatory(current_user, program, **form.details())
        db.session.commit()
        flash(_("The signatory is added."), "success")
        return redirect(url_for("certificates.settings", program_id=program.id))
    return settings_page(program, settings_form(program, formdata=None), form), 422


@bp.route("/manage/programs/<int:program_id>/signatories/<int:signatory_id>/remove",
          methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def remove_signatory(program_id, signatory_id):
    """Remove a signatory from the program's future certificates."""
    program = get_managed_program(program_id)
    signatory = db.get_or_404(Signatory, signatory_id)
    if signatory.program_id != program.id:
        abort(404)
    services.remove_signatory(current_user, program, signatory)
    db.session.commit()
    flash(_("The signatory is removed."), "success")
    return redirect(url_for("certificates.settings", program_id=program.id))


@bp.route("/certificates")
@login_required
def mine():
    """List my certificates."""
    return render_template("certificates/mine.html",
                           certificates=queries.user_certificates(current_user.id))


@bp.route("/certificates/<int:certificate_id>/pdf")
@login_required
def download(certificate_id):
    """Download a certificate's PDF: its holder, or an organiser of its round."""
    found = queries.certificate_with_cohort(certificate_id)
    if found is None or not (found.Enrollment.user_id == current_user.id or can_manage(
            current_user, found.Cohort.program.organisation_id)):
        abort(404)
    certificate = found.Certificate
    if certificate.pdf is None:  # a bulk run issued it and its workers are still rendering
        flash(_("The PDF of certificate %(number)s is still being made: try again in a minute.",
                number=certificate.number), "info")
        holder = found.Enrollment.user_id == current_user.id
        return redirect(url_for("certificates.mine") if holder
                        else url_for("certificates.cohort", cohort_id=found.Cohort.id))
    return certificate.pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": attachment(certificate, ".pdf")}


@bp.route("/certificates/<int:certificate_id>/badge.json")
@login_required
def badge(certificate_id):
    """Download my certificate as an Open Badges 3.0 credential, for a digital wallet."""
    found = queries.certificate_with_cohort(certificate_id)
    if found is None or found.Enrollment.user_id != current_user.id:
        abort(404)
    certificate = found.Certificate
    credential = open_badge(certificate, queries.organisation_slug(certificate))
    return json.dumps(credential, ensure_ascii=False, indent=2), 200, {
        "Content-Type": "application/ld+json; charset=utf-8",
        "Content-Disposition": attachment(certificate, ".json")}


def attachment(certificate, extension):
    """A download named after the certificate's number, in characters every system allows."""
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", certificate.number).strip("-.") + extension
    return f'attachment; filename="{filename}"'
