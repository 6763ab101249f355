"""The roster upload form; what the file holds is checked in app.cohorts.roster."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField

from app.cohorts.roster_files import ROSTER_FORMATS


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Roster file (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(list(ROSTER_FORMATS), _l("Upload a CSV or XLSX file.")),
    ])
    submit = SubmitField(_l("Check the file"))
