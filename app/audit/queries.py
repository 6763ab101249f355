"""Reading the audit log."""
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEvent


def events(action_prefixes=()):
    """Events newest first, with their actor, round and organisation; only the actions that
    start with one of `action_prefixes` when given."""
    query = (select(AuditEvent)
             .options(joinedload(AuditEvent.cohort), joinedload(AuditEvent.organisation))
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    if action_prefixes:
        query = query.where(or_(*(AuditEvent.action.startswith(prefix, autoescape=True)
                                  for prefix in action_prefixes)))
    return query
