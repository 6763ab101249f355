"""Forms of the certificate pages: a program's settings and signatories, issuing, revoking,
and the public lookup."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.validators import ValidationError

from app.form_filters import strip
from app.certificates import numbering, pdf


def template_names():
    """The certificate templates the PDF renderer has, by folder name."""
    return sorted(path.name for path in pdf.TEMPLATES_DIR.iterdir() if path.is_dir()) or [
        pdf.DEFAULT_TEMPLATE]


def number_pattern(form, field):
    try:
        numbering.parse_pattern(field.data or "")
    except numbering.PatternError:
        raise ValidationError(_l("Use only the fields {org}, {program}, {year} and {seq} "
                                 "(or {seq:04} for four digits), with {year} and {seq}."))


class SettingsForm(FlaskForm):
    needs_approval = BooleanField(_l("Issue only when an organiser approves"),
                                  description=_l("Otherwise participants receive their "
                                                 "certificate as soon as they complete."))
    number_pattern = StringField(_l("Number pattern"), filters=[strip],
                                 description=_l("For example {org}/{program}/{year}/{seq:04}."),
                                 validators=[DataRequired(), Length(max=200), number_pattern])
    qualification = StringField(_l("Qualification"), filters=[strip],
                                validators=[Optional(), Length(max=200)])
    template = SelectField(_l("Template"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.template.choices = [(name, name) for name in template_names()]

    def details(self):
        return {"needs_approval": self.needs_approval.data,
                "number_pattern": self.number_pattern.data,
                "qualification": self.qualification.data or "",
                "template": self.template.data}


class SignatoryForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    title = StringField(_l("Title"), filters=[strip],
                        description=_l("For example Kepala BPSDM Provinsi Jawa Barat."),
                        validators=[DataRequired(), Length(max=200)])
    nip = StringField(_l("NIP"), filters=[strip], validators=[
        Optional(), Regexp(r"^\d{18}$", message=_l("A NIP has 18 digits."))])
    institution = StringField(_l("Institution"), filters=[strip],
                              validators=[DataRequired(), Length(max=200)])
    position = IntegerField(_l("Order"), description=_l("Empty: after the others."),
                            validators=[Optional(), NumberRange(min=1, max=99)])
    submit = SubmitField(_l("Add signatory"))

    def details(self):
        return {"name": self.name.data, "title": self.title.data, "nip": self.nip.data or None,
                "institution": self.institution.data, "position": self.position.data}


class ReasonForm(FlaskForm):
    """Revoking or reissuing a certificate: both need a reason."""
    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[DataRequired(), Length(max=1000)])


class LookupForm(FlaskForm):
    number = StringField(_l("Certificate number"), filters=[strip],
                         validators=[DataRequired(), Length(max=200)])
    name = StringField(_l("Holder's name"), filters=[strip],
                       validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Verify"))
