"""Forms of the coach's and mentor's pages: a check-in and a follow-up."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectChoice, SelectField, SubmitField
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.form_filters import strip
from app.mentoring.models import IMPLEMENTATION_LEVELS

IMPLEMENTATION_LABELS = {
    "not_started": _l("Not started"),
    "partly": _l("Partly implemented"),
    "fully": _l("Fully implemented"),
}
NOTES_MAX = 10_000


class CheckInForm(FlaskForm):
    held_on = DateField(_l("Date of the conversation"), validators=[InputRequired()])
    notes = TextAreaField(_l("Notes"), filters=[strip],
                          validators=[DataRequired(), Length(max=NOTES_MAX)])
    next_steps = TextAreaField(_l("Agreed next steps"), filters=[strip],
                               validators=[Length(max=NOTES_MAX)])
    shared = BooleanField(
        _l("Share with the participant"),
        description=_l("Unless shared, only you can read this entry."))
    submit = SubmitField(_l("Save the check-in"))

    @property
    def details(self):
        return {"held_on": self.held_on.data, "notes": self.notes.data,
                "next_steps": self.next_steps.data or "", "shared": self.shared.data}


class FollowUpForm(FlaskForm):
    months_after = IntegerField(
        _l("Months after the round"), default=3,
        validators=[InputRequired(), NumberRange(min=1, max=60)],
        description=_l("Recording the same number of months again replaces that follow-up."))
    recorded_on = DateField(_l("Date of the follow-up"), validators=[InputRequired()])
    implementation = SelectField(
        _l("What was implemented"),
        choices=[SelectChoice(level, IMPLEMENTATION_LABELS[level])
                 for level in IMPLEMENTATION_LEVELS])
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[Length(max=NOTES_MAX)])
    submit = SubmitField(_l("Save the follow-up"))

    @property
    def details(self):
        return {"months_after": self.months_after.data, "recorded_on": self.recorded_on.data,
                "implementation": self.implementation.data, "notes": self.notes.data or ""}
