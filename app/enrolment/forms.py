"""Forms of the round's people: enrolling one person, uploading a roster, and choosing each
participant's coach and mentor; whether a choice is a guide of the round is checked again in
app.enrolment.guides."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, IntegerField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import (DataRequired, Email, InputRequired, Length, NumberRange, Optional,
                                Regexp)

from app.form_filters import strip
from app.enrolment.labels import ENROLLMENT_ROLE_LABELS
from app.enrolment.roster_files import ROSTER_FORMATS
from app.organisations.forms import REGION_CODE
from app.rounds.forms import choices
from app.rounds.models import RoundRole


class EnrolForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role in the round"), choices=choices(ENROLLMENT_ROLE_LABELS))
    name = StringField(_l("Full name"), filters=[strip], validators=[Length(max=200)],
                       description=_l("Needed only for someone without an account yet."))
    nip = StringField(_l("NIP"), filters=[strip], validators=[
        Optional(), Regexp(r"^\d{18}$", message=_l("A NIP has exactly 18 digits."))])
    position = StringField(_l("Position (jabatan)"), filters=[strip],
                           validators=[Length(max=200)])
    institution = StringField(_l("Institution"), filters=[strip], validators=[Length(max=200)])
    region_code = StringField(_l("Region code"), filters=[strip],
                              validators=[Optional(), REGION_CODE])
    submit = SubmitField(_l("Enrol"))

    def profile(self):
        return {name: self[name].data for name in (
            "name", "nip", "position", "institution", "region_code")}


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Roster file (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(list(ROSTER_FORMATS), _l("Upload a CSV or XLSX file.")),
    ])
    submit = SubmitField(_l("Check the file"))


NOBODY = 0  # the choice "no coach" / "no mentor" / "no examiner"; user ids start at 1


class GuidesForm(FlaskForm):
    """A coach and a mentor choice per participant, built by guides_form()."""

    save = SubmitField(_l("Save the assignments"))

    def choices(self):
        """{enrollment id: (coach id, mentor id, examiner id)}, None for nobody."""
        return {participant.enrollment_id: tuple(
            self[f"{role}_{participant.enrollment_id}"].data or None
            for role in (RoundRole.COACH, RoundRole.MENTOR, RoundRole.EXAMINER))
            for participant in self.participants}


def guides_form(overview, fresh=False):
    """A GuidesForm for the round's participants, each field defaulting to the current guide,
    so a participant missing from a submission (enrolled since the page was loaded) keeps
    theirs. A `fresh` form ignores the request's data, which was another form's."""
    class Form(GuidesForm):
        pass

    lists = {RoundRole.COACH: overview.coaches, RoundRole.MENTOR: overview.mentors,
             RoundRole.EXAMINER: overview.examiners}
    labels = {RoundRole.COACH: (_("Coach of %(name)s"), _("No coach")),
              RoundRole.MENTOR: (_("Mentor of %(name)s"), _("No mentor")),
              RoundRole.EXAMINER: (_("Examiner of %(name)s"), _("No examiner"))}
    for participant in overview.participants:
        for role, guides in lists.items():
            label, none = labels[role]
            current = getattr(participant, f"{role}_id")
            setattr(Form, f"{role}_{participant.enrollment_id}", SelectField(
                label % {"name": participant.name}, coerce=int,
                default=current if any(g.user_id == current for g in guides) else NOBODY,
                choices=[SelectChoice(NOBODY, none)]
                + [SelectChoice(guide.user_id, guide.name) for guide in guides]))
    form = Form(formdata=None) if fresh else Form()
    form.participants = overview.participants
    return form


class BalanceForm(FlaskForm):
    cap = IntegerField(_l("At most this many participants per coach"),
                       validators=[InputRequired(), NumberRange(min=1, max=1000)])
    balance = SubmitField(_l("Balance coaches automatically"))


class InviteMentorForm(FlaskForm):
    mentor_email = EmailField(_l("Email"), filters=[strip],
                              validators=[DataRequired(), Email(), Length(max=254)])
    mentor_name = StringField(_l("Full name"), filters=[strip],
                              description=_l("Needed only when they have no account yet."),
                              validators=[Length(max=200)])
    invite = SubmitField(_l("Invite as mentor"))
