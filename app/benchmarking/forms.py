"""Forms for entering SPBE scores; rules needing the database are in services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DecimalField, IntegerField, SelectChoice, SelectField, StringField
from wtforms import SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.benchmarking.labels import STAGE_LABELS
from app.spreadsheets import SPREADSHEET_READERS

MAX_IMPORT_BYTES = 1024 * 1024


class ScoreForm(FlaskForm):
    region_code = StringField(_l("Region code"), validators=[DataRequired(), Length(max=13)],
                              description=_l("The Kemendagri code, e.g. 32.11."))
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    stage = SelectField(_l("Stage"), choices=[
        SelectChoice(key, label) for key, label in STAGE_LABELS.items()])
    index = DecimalField(_l("Index"), places=2, validators=[Optional(), NumberRange(1, 5)],
                         description=_l("Leave blank when you give every indicator's level; "
                                        "the levels win over the index."))
    source = StringField(_l("Source"), validators=[Length(max=500)])
    submit = SubmitField(_l("Save the score"))


def score_form(indicators, scale=range(1, 6), **kwargs):
    """A ScoreForm with a level select for each indicator, named level_<element id>."""
    class Form(ScoreForm):
        pass

    choices = [SelectChoice("", "—")] + [SelectChoice(str(level), str(level)) for level in scale]
    for indicator in indicators:
        setattr(Form, f"level_{indicator.id}", SelectField(
            f"{indicator.code}. {indicator.name}", choices=choices, default=""))
    return Form(**kwargs)


class ScoreImportForm(FlaskForm):
    file = FileField(_l("Score file (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(list(SPREADSHEET_READERS), _l("Upload a CSV or XLSX file.")),
    ])
    submit = SubmitField(_l("Check the file"))
