"""The administrator's forms for organisations and their organisers. Rules that need the
database live in the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from app.form_filters import strip


SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
              message=_l("Use lowercase letters, digits and hyphens, e.g. bpsdm-jabar."))
REGION_CODE = Regexp(r"^\d{2}(\.\d{2}){0,3}$",
                     message=_l("Use a Kemendagri code such as 32.11."))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), filters=[strip],
                             validators=[DataRequired(), Length(max=60)])
    slug = StringField(_l("Address name"), filters=[strip],
                       description=_l("Used in addresses and certificate numbers."),
                       validators=[DataRequired(), Length(max=80), SLUG])
    region_code = StringField(_l("Region code"), filters=[strip],
                              description=_l("Kemendagri code of the province or regency it "
                                             "serves, e.g. 32 for Jawa Barat."),
                              validators=[Optional(), REGION_CODE])
    submit = SubmitField(_l("Save"))


class OrganiserForm(FlaskForm):
    email = EmailField(_l("Email of an existing account"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Make organiser"))
