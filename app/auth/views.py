"""Signing in and out, passwords (changing one, resetting a forgotten one), and choosing the
interface language."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.auth import passwords, services
from app.auth.forms import ChangePasswordForm, ForgotPasswordForm, LanguageForm
from app.auth.forms import ResetPasswordForm, SignInForm
from app.auth.links import LinkExpired, LinkInvalid
from app.auth.models import Role, User
from app.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)
bp.add_app_template_global(Role, "Role")  # current_user.has_role(Role.ADMIN) in templates

login_manager.login_view = "auth.sign_in"
login_manager.login_message_category = "info"
login_manager.login_message = _l("Please sign in to open this page.")


# Every page asks for the user and their roles: one query, built once.
USER_WITH_ROLES = (select(User).where(User.id == bindparam("user_id"))
                   .options(joinedload(User.role_grants)))


@login_manager.user_loader
def load_user(session_id):
    """The user a session belongs to, while that session is still theirs (see User.get_id)."""
    user_id, _dot, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.scalars(
        USER_WITH_ROLES, {"user_id": int(user_id)}).unique().one_or_none()
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def _safe_next(target):
    """Only follow redirects within this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("courses.home")


def _submitted_email():
    """The account a sign-in or reset form names, for limits counted per account."""
    return "account:" + services.normalise_email(request.form.get("email", ""))


def _failed(response):
    """A sign-in form shown again (200) is a failed attempt; success redirects."""
    return response.status_code == 200


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"], methods=["POST"],
               key_func=_submitted_email, deduct_when=_failed)
def sign_in():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("courses.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            services.record_failed_sign_in(form.email.data, request.remote_addr)
            db.session.commit()
            form.password.errors.append(_("The email or password is not correct."))
        else:
            session.clear()  # a fresh session at sign-in, so no earlier session id carries over
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    """Sign out here and on every other device."""
    passwords.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Choose a new password, knowing the current one; other devices are signed out."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.account = user
    if form.validate_on_submit():
        if services.authenticate(user.email, form.current.data) is None:
            form.current.errors.append(_("This is not your current password."))
        else:
            services.change_password(user, form.password.data)
            db.session.commit()
            session.clear()
            login_user(user)  # this session goes on under the new generation
            flash(_("Your password is changed. Other devices where you were signed in are "
                    "signed out."), "success")
            return redirect(url_for("courses.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"],
               key_func=_submitted_email)
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_reset_link(form.email.data, request.remote_addr)
        db.session.commit()
        flash(_("If %(email)s has an account here, a link to choose a new password is on its "
                "way. It works once, for %(hours)d hour.", email=form.email.data,
                hours=passwords.RESET_HOURS), "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password from an emailed link."""
    try:
        user = passwords.PASSWORD_RESET.account(token)
    except LinkExpired:
        return render_template("auth/reset_invalid.html", message=_(
            "This link has expired: a reset link works for %(hours)d hour. Ask for a new one.",
            hours=passwords.RESET_HOURS)), 404
    except LinkInvalid:
        return render_template("auth/reset_invalid.html", message=_(
            "This link was already used, or it is not valid. Ask for a new one.")), 404
    form = ResetPasswordForm()
    form.account = user
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Your password is changed: sign in with it."), "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, user=user)


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language; remembered on the account when signed in."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            services.set_locale(current_user, form.locale.data)
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
