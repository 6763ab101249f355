"""Which notifications a user wants by email."""
from flask_wtf import FlaskForm
from wtforms import BooleanField

from app.notifications.services import NOTIFICATION_KINDS


class EmailChoicesForm(FlaskForm):
    """One checkbox per kind of notification, ticked when it is emailed."""

    @classmethod
    def for_user(cls, opted_out):
        form_class = type("EmailChoices", (cls,), {
            kind: BooleanField(info.label, default=kind not in opted_out)
            for kind, info in NOTIFICATION_KINDS.items()})
        return form_class()

    @property
    def wanted_kinds(self):
        return {kind for kind in NOTIFICATION_KINDS if self[kind].data}
