"""Column helpers shared by every area's models."""
import secrets
from datetime import timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use an aware one")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def new_token():
    """A private URL token (256 bits), such as a calendar feed's address."""
    return secrets.token_urlsafe(32)


def sql_in_list(values):
    """`'a', 'b'` for a CHECK constraint's IN list, from the tuple the code uses."""
    return ", ".join(f"'{value}'" for value in values)


def assign_changes(instance, values):
    """Set the attributes whose new values differ; return their names, sorted, for the audit."""
    changed = sorted(name for name, value in values.items() if getattr(instance, name) != value)
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def render_migration_type(type_, obj, autogen_context):
    """Write UTCDateTime columns into migrations as the plain type, so they need no app import."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
