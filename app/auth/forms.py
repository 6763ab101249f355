"""Forms for signing in and managing accounts."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField
from wtforms import SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget
from flask_wtf import FlaskForm

from app.auth.models import Role
from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, new_password_validators
from app.audit.services import label_details
from app.form_filters import strip

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "organiser": _l("Organiser"),
    "coach": _l("Coach"),
    "mentor": _l("Mentor"),
    "participant": _l("Participant"),
}
label_details(roles=ROLE_LABELS)


LANGUAGE_CHOICES = [SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")]


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


NEW_PASSWORD_HINT = _l("At least %(count)d characters; a few unrelated words make a strong one.",
                       count=MIN_LENGTH)


class ResetPasswordForm(FlaskForm):
    """`account`, set by the view, is whose password it is."""
    password = PasswordField(_l("New password"), description=NEW_PASSWORD_HINT,
                             validators=new_password_validators())
    confirm = PasswordField(_l("Type it again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Save my new password"))


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(_l("Current password"),
                            validators=[DataRequired(), Length(max=MAX_LENGTH)])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class UserForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    nip = StringField(
        _l("NIP"),
        description=_l("Civil-servant number: 18 digits, optional."),
        validators=[Optional(), Regexp(r"^\d{18}$", message=_l("A NIP has exactly 18 digits."))],
    )
    position = StringField(_l("Position (jabatan)"), validators=[Length(max=200)])
    institution = StringField(_l("Institution"), validators=[Length(max=200)])
    region_code = StringField(
        _l("Region code"),
        description=_l("Kemendagri code, e.g. 32.11 for Kabupaten Sumedang."),
        validators=[Optional(), Regexp(r"^\d{2}(\.\d{2}){0,3}$",
                                       message=_l("Use a Kemendagri code such as 32.11."))],
    )
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    roles = SelectMultipleField(
        _l("Roles"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in Role],
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
    )
    organisation_id = SelectField(_l("Organisation (for organisers)"), coerce=int,
                                  validate_choice=False)
    password = PasswordField(_l("Initial password"), description=NEW_PASSWORD_HINT,
                             validators=new_password_validators())
    submit = SubmitField(_l("Create user"))
