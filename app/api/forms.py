"""The form for making a personal access token."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.api.models import READ, WRITE

SCOPE_LABELS = {READ: _l("Read only"), WRITE: _l("Read and write")}
# Days a token stays valid; 0 keeps it until revoked.
VALIDITY_CHOICES = [SelectChoice(30, _l("30 days")), SelectChoice(90, _l("90 days")),
                    SelectChoice(365, _l("1 year")), SelectChoice(0, _l("Until I revoke it"))]


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=100)],
                       description=_l("For example: SIMPEG sync of BKPSDM Jawa Barat."))
    scope = SelectField(_l("Access"), default=READ, choices=[
        SelectChoice(scope, label) for scope, label in SCOPE_LABELS.items()])
    valid_days = SelectField(_l("Valid for"), choices=VALIDITY_CHOICES, coerce=int, default=90)
    submit = SubmitField(_l("Make the token"))
