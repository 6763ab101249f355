"""The seminar's forms: a scorer's rubric, the round's weights, and publishing. Whether the
scores fit the round's rubric is checked again in app.seminars.services."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, IntegerField, SelectField, SubmitField,
                     TextAreaField)
from wtforms.validators import InputRequired, Length, NumberRange

from app.form_filters import strip
from app.seminars.models import SCORER_ROLES

PREFIX = "score_"
SCORE_RANGE = NumberRange(min=0, max=100, message=_l("A score is a whole number from 0 to 100."))
WEIGHT_RANGE = NumberRange(min=0, max=100, message=_l("A weight is a whole number from 0 to 100."))


class ScoreForm(FlaskForm):
    """A score per criterion, built by score_form()."""

    comments = TextAreaField(_l("Comments for the participant"), filters=[strip],
                             validators=[Length(max=5000)])
    revision = HiddenField()
    save = SubmitField(_l("Save the scores"))

    def scores(self):
        """{criterion key: score}, with any other score_… field a forged form sent, so that
        the service refuses it by name."""
        sent = {name[len(PREFIX):]: value for name, value in request.form.items()
                if name.startswith(PREFIX)}
        return {**sent, **{key: self[PREFIX + key].data for key in self.criterion_keys}}

    def revision_number(self):
        return int(self.revision.data) if str(self.revision.data or "").isdigit() else -1


def score_form(rubric, saved):
    """A ScoreForm for the rubric's criteria, filled with the scorer's saved scores."""
    class Form(ScoreForm):
        pass

    for criterion in rubric.criteria:
        setattr(Form, PREFIX + criterion.key, IntegerField(
            criterion.label, validators=[InputRequired(), SCORE_RANGE],
            description=_l("Weight %(weight)s%%", weight=criterion.weight),
            default=saved.scores.get(criterion.key) if saved else None))
    form = Form(comments=saved.comments if saved else "",
                revision=saved.revision if saved else 0)
    form.criterion_keys = rubric.keys
    return form


class SettingsForm(FlaskForm):
    examiner_weight = IntegerField(_l("Examiner's weight (%)"),
                                   validators=[InputRequired(), WEIGHT_RANGE])
    coach_weight = IntegerField(_l("Coach's weight (%)"),
                                validators=[InputRequired(), WEIGHT_RANGE])
    mentor_weight = IntegerField(_l("Mentor's weight (%)"),
                                 validators=[InputRequired(), WEIGHT_RANGE])
    save = SubmitField(_l("Save the weights"))

    def criterion_weights(self):
        return {key: self[f"weight_{key}"].data for key in self.criterion_keys}

    def role_weights(self):
        return {role: self[f"{role}_weight"].data for role in SCORER_ROLES}


def settings_form(rubric):
    class Form(SettingsForm):
        pass

    for criterion in rubric.criteria:
        setattr(Form, f"weight_{criterion.key}", IntegerField(
            criterion.label, validators=[InputRequired(), WEIGHT_RANGE],
            default=criterion.weight))
    form = Form(**{f"{role}_weight": rubric.role_weights[role] for role in SCORER_ROLES})
    form.criterion_keys = rubric.keys
    return form


class PublishForm(FlaskForm):
    publish = SubmitField(_l("Publish"))


class ProgramSeminarForm(FlaskForm):
    requires_seminar = BooleanField(_l("Passing the action-plan seminar is required"))
    min_seminar_predicate = SelectField(_l("Lowest predicate that completes the program"))
    certificate_shows_predicate = BooleanField(_l("The certificate shows the seminar's "
                                                  "predicate"))
    submit = SubmitField(_l("Save the seminar rules"))


def program_seminar_form(program, bands):
    form = ProgramSeminarForm(obj=program)
    form.min_seminar_predicate.choices = [("", _l("Any passing predicate"))] + [
        (band.key, band.label) for band in bands if band.passed]
    return form
