"""Who may do what: role checks used by every area's views."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.organisations.models import Organisation


def role_required(*roles):
    """Let a view through only for a signed-in user holding one of `roles`."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def managed_organisation_ids(user):
    """The organisations a user manages, or None for an admin, who manages them all."""
    if user.has_role(Role.ADMIN):
        return None
    return user.organisation_ids(Role.ORGANISER)


def can_manage(user, organisation_id):
    managed = managed_organisation_ids(user)
    return managed is None or organisation_id in managed


def managed_organisations(user):
    """The organisations whose programs the user may create and run, by name."""
    query = select(Organisation).order_by(Organisation.name)
    managed = managed_organisation_ids(user)
    if managed is not None:
        query = query.where(Organisation.id.in_(managed))
    return db.session.scalars(query).all()
