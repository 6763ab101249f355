"""Accounts: creating users, checking passwords, granting roles."""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import ORGANISER, ROLES, RoleGrant, User
from app.errors import DomainError
from app.extensions import db


class EmailTaken(DomainError):
    pass


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email):
    return email.strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(*, email, name, password, roles=(), organisation=None, nip=None, position="",
                institution="", region_code=None, locale="id"):
    """Create an active user with the given roles; an organiser role needs an organisation."""
    if find_user_by_email(email) is not None:
        raise EmailTaken(
            _("A user with the email %(email)s already exists.", email=normalise_email(email))
        )
    user = User(
        email=normalise_email(email), name=name.strip(), password_hash=hash_password(password),
        nip=nip or None, position=position, institution=institution,
        region_code=region_code or None, locale=locale,
    )
    for role in roles:
        grant_role(user, role, organisation)
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user, role, organisation=None):
    """Give a role; only the organiser role is tied to an organisation."""
    if role not in ROLES:
        raise DomainError(_("Unknown role %(role)s; use one of %(roles)s.",
                            role=role, roles=", ".join(ROLES)))
    if role == ORGANISER and organisation is None:
        raise DomainError(_("An organiser must belong to an organisation."))
    scope = organisation if role == ORGANISER else None
    for grant in user.role_grants:
        if grant.role == role and grant.organisation == scope:
            return grant
    grant = RoleGrant(role=role, organisation=scope)
    user.role_grants.append(grant)
    return grant


def authenticate(email, password):
    """Return the active user with these credentials, or None."""
    user = find_user_by_email(email)
    if user is None:
        hash_password(password)  # same work as a real check, so timing does not reveal accounts
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def set_active(user, active):
    user.active = active
    db.session.flush()
    return user


def set_locale(user, locale):
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unknown language %(locale)s.", locale=locale))
    user.locale = locale
    db.session.flush()
