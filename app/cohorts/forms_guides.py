"""Forms of the coaches-and-mentors page; whether a choice is a guide of the round is checked
again in app.cohorts.guides."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectChoice, SelectField, StringField
from wtforms import SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from app.auth.forms import strip

NOBODY = 0  # the choice "no coach" / "no mentor"; user ids start at 1


class GuidesForm(FlaskForm):
    """A coach and a mentor choice per participant, built by guides_form()."""

    save = SubmitField(_l("Save the assignments"))

    def choices(self):
        """{enrollment id: (coach id, mentor id)}, None for nobody."""
        return {participant.enrollment_id: (
            self[f"coach_{participant.enrollment_id}"].data or None,
            self[f"mentor_{participant.enrollment_id}"].data or None)
            for participant in self.participants}


def guides_form(overview, fresh=False):
    """A GuidesForm for the round's participants, each field defaulting to the current guide,
    so a participant missing from a submission (enrolled since the page was loaded) keeps
    theirs. A `fresh` form ignores the request's data, which was another form's."""
    class Form(GuidesForm):
        pass

    lists = {"coach": overview.coaches, "mentor": overview.mentors}
    labels = {"coach": (_("Coach of %(name)s"), _("No coach")),
              "mentor": (_("Mentor of %(name)s"), _("No mentor"))}
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
