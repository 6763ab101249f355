"""The organiser's form of a round's quiz settings, and the form that grants an extra attempt."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.content.quiz_settings import REVIEW_LEVELS, REVIEW_MOMENTS, SETTING_NAMES
from app.form_filters import strip
from app.rounds.forms import choices


class QuizSettingsForm(FlaskForm):
    attempts = IntegerField(_l("Attempts allowed"), validators=[
        InputRequired(), NumberRange(min=0, max=100)],
        description=_l("0 for any number of attempts."))
    time_limit = IntegerField(_l("Time limit (minutes)"), validators=[
        InputRequired(), NumberRange(min=0, max=600)], description=_l("0 for no time limit."))
    draw = IntegerField(_l("Questions per attempt"), validators=[
        InputRequired(), NumberRange(min=0)],
        description=_l("Drawn at random from the quiz's questions; 0 for all of them."))
    shuffle_questions = BooleanField(_l("Shuffle the questions"))
    shuffle_choices = BooleanField(_l("Shuffle the choices of each question"))
    review = SelectField(_l("The result shows"), choices=choices(REVIEW_LEVELS))
    review_after = SelectField(_l("Shown"), choices=choices(REVIEW_MOMENTS),
                               description=_l("Before then the result shows the score only."))
    submit = SubmitField(_l("Save the round's settings"))

    def __init__(self, question_count, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_count = question_count

    def validate_draw(self, field):
        if field.data is not None and field.data > self.question_count:
            raise ValidationError(_l("The quiz has %(count)s questions; draw at most that many.",
                                     count=self.question_count))

    def values(self):
        return {name: self[name].data for name in SETTING_NAMES}


class ExtraAttemptForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[DataRequired(), Length(max=500)],
                           description=_l("Kept in the round's audit log."))
    submit = SubmitField(_l("Grant one more attempt"))
