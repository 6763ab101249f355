"""Signing in and out, and choosing the interface language."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.auth import services
from app.auth.forms import LanguageForm, SignInForm
from app.auth.models import User
from app.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.sign_in"
login_manager.login_message_category = "info"
login_manager.login_message = _l("Please sign in to open this page.")


# Every page asks for the user and their roles: one query, built once.
USER_WITH_ROLES = (select(User).where(User.id == bindparam("user_id"))
                   .options(joinedload(User.role_grants)))


@login_manager.user_loader
def load_user(user_id):
    user = db.session.scalars(
        USER_WITH_ROLES, {"user_id": int(user_id)}).unique().one_or_none()
    return user if user is not None and user.active else None  # deactivation ends sessions


def _safe_next(target):
    """Only follow redirects within this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("courses.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("courses.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not correct."))
        else:
            session.clear()  # a fresh session at sign-in, so no earlier session id carries over
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


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
