"""Domain errors shared across areas; services raise them, views turn them into messages."""
from flask import flash

from app.extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show to the user."""


def commit_or_flash(service, *args, category="danger", **kwargs):
    """Call a service and commit; when it refuses with a DomainError, roll back and flash
    why. Returns (done, the service's result)."""
    try:
        result = service(*args, **kwargs)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), category)
        return False, None
    db.session.commit()
    return True, result
