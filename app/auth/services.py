"""Accounts: creating users, checking passwords, granting roles."""
import secrets

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.audit.services import record_event
from app.auth.models import Role, RoleGrant, User
from app.auth.passwords import (PASSWORD_RESET, RESET_HOURS, end_sessions, hash_password,
                                set_password)
from app.errors import DomainError
from app.extensions import db
from app.links import absolute_url, path_for
from app.emails.outbox import queue_email
from app.regions.services import check_region


class EmailTaken(DomainError):
    pass


def unusable_password():
    """A password hash no password matches, for accounts whose owners are invited to choose
    their own; cheaper than hashing a random password, which matters for a roster of
    thousands."""
    return "!" + secrets.token_urlsafe(32)


def normalise_email(email):
    return email.strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(*, email, name, password=None, roles=(), organisation=None, nip=None, position="",
                institution="", region_code=None, locale="id"):
    """Create an active user with the given roles; an organiser role needs an organisation.
    Without a password, nobody can sign in to the account until its owner chooses one."""
    if find_user_by_email(email) is not None:
        raise EmailTaken(
            _("A user with the email %(email)s already exists.", email=normalise_email(email))
        )
    check_region(region_code)
    if nip and db.session.scalar(select(User.id).where(User.nip == nip)) is not None:
        raise DomainError(_("Another account already has the NIP %(nip)s.", nip=nip))
    user = User(
        email=normalise_email(email), name=name.strip(),
        password_hash=hash_password(password) if password else unusable_password(),
        nip=nip or None, position=position, institution=institution,
        region_code=region_code or None, locale=locale,
        role_grants=[],  # known empty: granting a role later needs no query
    )
    for role in roles:
        grant_role(user, role, organisation)
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user, role, organisation=None):
    """Give a role; only the organiser role is tied to an organisation."""
    if role not in tuple(Role):
        raise DomainError(_("Unknown role %(role)s; use one of %(roles)s.",
                            role=role, roles=", ".join(Role)))
    if role == Role.ORGANISER and organisation is None:
        raise DomainError(_("An organiser must belong to an organisation."))
    scope = organisation if role == Role.ORGANISER else None
    for grant in user.role_grants:
        if grant.role == role and grant.organisation == scope:
            return grant
    grant = RoleGrant(role=role, organisation=scope)
    user.role_grants.append(grant)
    return grant


def revoke_role(user, role, organisation=None):
    """Take a role away; for organisers, only the one organisation's grant."""
    for grant in list(user.role_grants):
        if grant.role == role and grant.organisation == organisation:
            user.role_grants.remove(grant)
    db.session.flush()


def authenticate(email, password):
    """Return the active user with these credentials, or None."""
    user = find_user_by_email(email)
    if user is None:
        hash_password(password)  # same work as a real check, so timing does not reveal accounts
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def record_failed_sign_in(email, address):
    record_event(None, "auth.sign_in_failed", email=normalise_email(email), address=address)


def change_password(user, password):
    set_password(user, password)
    record_event(user, "auth.password_changed", name=user.name)


def reset_password(user, password):
    set_password(user, password)
    record_event(user, "auth.password_reset", name=user.name)


def send_reset_link(email, address):
    """Email a reset link to the open account with this email, if there is one; the caller
    says the same either way, so nobody learns which emails have accounts. The link starts
    with PUBLIC_URL, never the request's Host header, which a client chooses."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    url = absolute_url(path_for("auth.reset_password", token=PASSWORD_RESET.token(user)))
    with force_locale(user.locale):
        subject = _("Choose a new password for Madangan")
        body = render_template("auth/reset_email.txt", user=user, url=url, hours=RESET_HOURS)
    record_event(None, "auth.password_reset_sent", email=user.email, address=address)
    queue_email(user.email, subject, body)


def set_active(user, active):
    """Open or close an account; closing it ends its sessions, for good."""
    user.active = active
    if not active:
        end_sessions(user)
    db.session.flush()
    return user


def set_locale(user, locale):
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unknown language %(locale)s.", locale=locale))
    user.locale = locale
    db.session.flush()
