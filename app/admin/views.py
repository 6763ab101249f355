"""The administrator's pages for accounts, organisations and the audit log."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.audit import queries as audit_queries
from app.audit.services import AUDIT_KINDS, describe_event, record_event
from app.auth import services
from app.auth.access import role_required
from app.auth.forms import ROLE_LABELS, UserForm
from app.auth.models import Role, RoleGrant, User
from app.errors import DomainError
from app.extensions import db
from app.organisations.forms import OrganisationForm, OrganiserForm
from app.organisations.models import Organisation
from app.organisations.services import save_organisation

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    """List every account with its roles."""
    page = db.paginate(select(User).order_by(User.name), per_page=50)
    return render_template("admin/users.html", page=page, role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    """Add an account."""
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form = UserForm()
    form.organisation_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(o.id, o.name) for o in organisations]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data or 0)
        try:
            user = services.create_user(
                email=form.email.data, name=form.name.data, password=form.password.data,
                roles=form.roles.data, organisation=organisation, nip=form.nip.data,
                position=form.position.data, institution=form.institution.data,
                region_code=form.region_code.data, locale=form.locale.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            record_event(current_user, "account.created", organisation_id=organisation and
                         organisation.id, name=user.name, email=user.email,
                         roles=sorted(user.roles))
            db.session.commit()
            flash(_("%(name)s can now sign in.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_active(user_id):
    """Deactivate an account, or activate it again."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "danger")
    else:
        services.set_active(user, not user.active)
        record_event(current_user, "account.reactivated" if user.active
                     else "account.deactivated", name=user.name, email=user.email)
        db.session.commit()
        flash(_("%(name)s is active again.", name=user.name) if user.active
              else _("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/organisations")
@role_required(Role.ADMIN)
def organisations():
    """List the organising institutions."""
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("admin/organisations.html", organisations=organisations)


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisation(organisation_id=None):
    """Add an organisation, or edit one and choose who organises for it."""
    organisation = organisation_id and db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            organisation = save_organisation(
                organisation or None, slug=form.slug.data, name=form.name.data,
                short_name=form.short_name.data, region_code=form.region_code.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("%(name)s is saved.", name=organisation.name), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    organisers = organisation and db.session.scalars(
        select(User).join(RoleGrant).where(RoleGrant.role == Role.ORGANISER,
                                           RoleGrant.organisation_id == organisation.id)
        .order_by(User.name)).all()
    return render_template("admin/organisation.html", form=form, organisation=organisation,
                           organisers=organisers, organiser_form=OrganiserForm(formdata=None))


@bp.route("/organisations/<int:organisation_id>/organisers", methods=["POST"])
@role_required(Role.ADMIN)
def add_organiser(organisation_id):
    """Let an existing account organise for this organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganiserForm()
    user = form.validate_on_submit() and services.find_user_by_email(form.email.data)
    if user:
        services.grant_role(user, Role.ORGANISER, organisation)
        record_event(current_user, "organiser.added", organisation_id=organisation.id,
                     name=user.name, email=user.email, organisation=organisation.short_name)
        db.session.commit()
        flash(_("%(name)s now organises for %(organisation)s.", name=user.name,
                organisation=organisation.short_name), "success")
    else:
        flash(_("No account has the email %(email)s.", email=form.email.data or ""), "danger")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/organisers/<int:user_id>/remove",
          methods=["POST"])
@role_required(Role.ADMIN)
def remove_organiser(organisation_id, user_id):
    """Stop an account organising for this organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    user = db.get_or_404(User, user_id)
    services.revoke_role(user, Role.ORGANISER, organisation)
    record_event(current_user, "organiser.removed", organisation_id=organisation.id,
                 name=user.name, email=user.email, organisation=organisation.short_name)
    db.session.commit()
    flash(_("%(name)s no longer organises for %(organisation)s.", name=user.name,
            organisation=organisation.short_name), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    """Every recorded action across the site, newest first, by kind; it cannot be edited."""
    kind = request.args.get("kind", "")
    if kind not in AUDIT_KINDS:
        kind = ""
    page = db.paginate(audit_queries.events(kind and AUDIT_KINDS[kind][1]), per_page=50)
    return render_template("admin/audit_log.html", page=page, kind=kind, kinds=AUDIT_KINDS,
                           describe=describe_event)
